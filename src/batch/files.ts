// Which files a command runs on: files as given, directories searched for
// litmus tests (sorted, so output order is stable); and reading one as text.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../program/errors.js';

export function findFiles(paths: readonly string[], suffixes: readonly string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (name === 'node_modules' || name.startsWith('.')) continue;
      if (statSync(p).isDirectory()) walk(p);
      else if (suffixes.some((s) => name.endsWith(s))) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new InputError({ file: p, line: 1, col: 1 }, 'no such file or directory');
    }
    if (!st.isDirectory()) {
      out.push(p);
      continue;
    }
    const before = out.length;
    walk(p);
    if (out.length === before) throw new InputError({ file: p, line: 1, col: 1 }, `no ${suffixes.join(' or ')} files in this directory`);
  }
  return out;
}

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
