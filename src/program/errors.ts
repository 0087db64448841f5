import type { SourcePos } from './ir.js';

/**
 * Bad input: a malformed litmus or spec file, an unknown primitive, an
 * unsupported construct. The CLI prints `file:line:col: message` and exits 2;
 * it never shows a stack trace for these.
 */
export class InputError extends Error {
  constructor(
    readonly pos: SourcePos,
    readonly detail: string,
  ) {
    super(`${pos.file}:${pos.line}:${pos.col}: ${printable(detail)}`);
    this.name = 'InputError';
  }
}

/**
 * `text` with control characters and U+FFFD (what undecodable bytes become)
 * written as escapes, so that an error quoting binary input stays one
 * readable line.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`);
}
