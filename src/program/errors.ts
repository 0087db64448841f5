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
    super(`${pos.file}:${pos.line}:${pos.col}: ${detail}`);
    this.name = 'InputError';
  }
}
