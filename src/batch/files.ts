// Which files a command runs on: files as given, directories searched for
// litmus tests (sorted, so output order is stable).

import { readdirSync, statSync } from 'node:fs';
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
