// Reading an input file (a litmus test, a spec's sources) as text: what
// cannot be read, and binary data, are InputErrors at their position.

import { readFileSync } from 'node:fs';
import { InputError } from './errors.js';

/** A file's text; unreadable files and binary ones (a NUL byte, bytes that are not UTF-8) are InputErrors. */
export function readTextFile(file: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    throw new InputError({ file, line: 1, col: 1 }, 'cannot read file');
  }
  const at = (offset: number) => {
    const before = bytes.subarray(0, offset).toString('latin1');
    return { file, line: before.split('\n').length, col: offset - before.lastIndexOf('\n') };
  };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Where the first byte that does not decode is: what decodes before it.
    const lenient = bytes.toString('utf8');
    throw new InputError(at(Buffer.byteLength(lenient.slice(0, lenient.indexOf('\ufffd')))), 'not a text file (bytes that are not UTF-8)');
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw new InputError(at(nul), 'not a text file (a NUL byte)');
  return text;
}
