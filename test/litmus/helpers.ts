import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseLitmus } from '../../src/litmus/parse.js';
import type { Program } from '../../src/program/ir.js';
import { HAVE_SHARED, SHARED_LITMUS } from '../shared-litmus.js';

/** The shared LKMM litmus corpus (../shared/litmus next to the project). */
export const SHARED_LITMUS_DIR = SHARED_LITMUS;
export const haveSharedLitmus = HAVE_SHARED;

/** Every `.litmus` file under `dir`, as paths relative to it, sorted. */
export function litmusFilesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((entry) => {
      const full = join(dir, entry);
      const rel = prefix ? `${prefix}/${entry}` : entry;
      if (statSync(full).isDirectory()) return litmusFilesUnder(full, rel);
      return entry.endsWith('.litmus') ? [rel] : [];
    });
}

export function readShared(rel: string): string {
  return readFileSync(join(SHARED_LITMUS_DIR, rel), 'utf8');
}

export function parseShared(rel: string): Program {
  return parseLitmus(readShared(rel), rel);
}

/** Where a node comes from and what names it, as opposed to what it does. */
const PROVENANCE = new Set(['pos', 'primitive', 'barrier']);

/** A deep copy without provenance fields (pos, primitive, barrier), to compare IR structure with toEqual. */
export function withoutPos<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v) => (PROVENANCE.has(key) ? undefined : v)));
}

/** 1-based line and column of the first occurrence of `needle` in `text`. */
export function positionOf(text: string, needle: string): { line: number; col: number } {
  const offset = text.indexOf(needle);
  if (offset < 0) throw new Error(`'${needle}' not found`);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, col: before[before.length - 1]!.length + 1 };
}
