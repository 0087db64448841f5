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

/** Whether internal errors show their stack: `--debug` or MEMORDER_DEBUG=1. */
export function debugging(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.MEMORDER_DEBUG === '1';
}

/**
 * An error that is a bug of memorder, not bad input, in one line:
 * `internal error: TypeError: ...`. Under debugging() its stack goes to
 * stderr, after `where` (the file being checked).
 */
export function internalErrorLine(e: unknown, where: string): string {
  const first = (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n')[0]!;
  if (debugging()) process.stderr.write(`${where}: internal error: ${e instanceof Error ? (e.stack ?? first) : first}\n`);
  return `internal error: ${first}`;
}

/**
 * `text` with control characters and U+FFFD (what undecodable bytes become)
 * written as escapes, so that an error quoting binary input stays one
 * readable line.
 */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\ufffd]/g, (c) => `\\u{${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}}`);
}
