// `--graph DIR` (verify and ci): each witness as DOT and SVG, plus
// DIR/results.json listing every result with its pictures, which
// `memorder report DIR --html` turns into one page.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseStatus, CheckCase } from '../batch/cases.js';
import { describeResult } from '../batch/cases.js';
import type { TestResult, Witness } from '../engine/result.js';
import type { SpecResult, SpecRow } from '../check/spec.js';
import { toolVersion } from '../batch/version.js';
import { InputError } from '../program/errors.js';
import { measureDot, measured, witnessDot, type GraphTitle } from './graph.js';
import { Naming } from '../program/naming.js';
import { render } from './render.js';

export const MANIFEST = 'results.json';

export interface PictureEntry {
  file: string;
  name: string;
  model: string;
  variant: string;
  /** The outcome in words (`Sometimes DATARACE`, `Unknown (...)`). */
  actual: string;
  /** ci only: the expectation in words and how the case came out. */
  expected?: string;
  status?: CaseStatus;
  messages?: string[];
  states: number;
  flags: string[];
  /** File names inside DIR, when the result has a witness. */
  dot?: string;
  svg?: string;
}

export interface Manifest {
  tool: 'memorder';
  version: string;
  /** `verify` or `ci`. */
  command: string;
  entries: PictureEntry[];
}

export interface Pictured {
  entry: PictureEntry;
  witness?: Witness;
  /** A spec's thread names, for its pictures (litmus tests are drawn P0..Pn). */
  threads?: string[];
}

/** A witness as DOT and SVG: Graphviz measures the boxes first, then routes the edges between them. */
export async function witnessPicture(title: GraphTitle, w: Witness, naming: Naming = Naming.litmus): Promise<{ dot: string; svg: string }> {
  const sizes = measured(await render(measureDot(w, naming), 'json'));
  const dot = witnessDot(title, w, naming, sizes);
  return { dot, svg: await render(dot, 'svg') };
}

export function fromResult(r: TestResult): Pictured {
  const entry: PictureEntry = { file: r.file, name: r.name, model: r.model, variant: '', actual: describeResult(r), states: r.states.length, flags: r.flags };
  return r.witness ? { entry, witness: r.witness } : { entry };
}

/**
 * One model × variant of a spec, as `verify` shows it: named like `ci`'s case
 * (the spec's name, the model, the variant), so both write the same file.
 */
export function fromSpecRow(spec: Pick<SpecResult, 'file' | 'name'>, row: SpecRow): Pictured {
  const r = row.result;
  const entry: PictureEntry = { file: spec.file, name: spec.name, model: row.model, variant: row.variant, actual: describeResult(r), expected: row.expected, states: r.states.length, flags: r.flags };
  return r.witness ? { entry, witness: r.witness, threads: row.threads } : { entry };
}

export function fromCase(c: CheckCase): Pictured {
  const entry: PictureEntry = {
    file: c.file,
    name: c.name,
    model: c.model,
    variant: c.variant,
    actual: c.actual,
    expected: c.expected,
    status: c.status,
    messages: c.messages,
    states: c.states,
    flags: c.flags,
  };
  if (!c.witness) return { entry };
  return c.threads ? { entry, witness: c.witness, threads: c.threads } : { entry, witness: c.witness };
}

/** A file name for a picture: the test's name made safe, unique within the run. */
function baseName(e: PictureEntry, taken: Set<string>): string {
  const stem = [e.name, e.model, e.variant].filter(Boolean).join('.').replace(/[^A-Za-z0-9+._-]/g, '_');
  let name = stem;
  for (let i = 2; taken.has(name); i++) name = `${stem}.${i}`;
  taken.add(name);
  return name;
}

function outcomeTitle(e: PictureEntry): string {
  if (e.status === 'fail') return `expected ${e.expected}, got ${e.actual}`;
  return e.expected ? `${e.actual} (expected ${e.expected})` : e.actual;
}

/** Writes DIR/NAME.dot and DIR/NAME.svg for each witness, and DIR/results.json. */
export async function writePictures(dir: string, command: string, items: Pictured[]): Promise<Manifest> {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new InputError({ file: dir, line: 1, col: 1 }, `cannot create directory: ${e instanceof Error ? e.message : String(e)}`);
  }
  const taken = new Set<string>();
  const entries: PictureEntry[] = [];
  for (const { entry, witness, threads } of items) {
    const e = { ...entry };
    if (witness) {
      const base = baseName(e, taken);
      const title = { name: e.name, model: e.variant ? `${e.model}/${e.variant}` : e.model, outcome: outcomeTitle(e) };
      const { dot, svg } = await witnessPicture(title, witness, threads ? new Naming(threads, true) : Naming.litmus);
      e.dot = `${base}.dot`;
      e.svg = `${base}.svg`;
      writeFileSync(join(dir, e.dot), dot);
      writeFileSync(join(dir, e.svg), svg);
    }
    entries.push(e);
  }
  const manifest: Manifest = { tool: 'memorder', version: toolVersion(), command, entries };
  writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
  return manifest;
}

export function readManifest(dir: string): Manifest {
  const file = join(dir, MANIFEST);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError({ file, line: 1, col: 1 }, 'no results here: write them with `memorder verify --graph DIR` or `memorder ci --graph DIR`');
  }
  try {
    const m = JSON.parse(text) as Manifest;
    if (m.tool !== 'memorder' || !Array.isArray(m.entries)) throw new Error('not a memorder results file');
    return m;
  } catch (e) {
    throw new InputError({ file, line: 1, col: 1 }, e instanceof Error ? e.message : String(e));
  }
}
