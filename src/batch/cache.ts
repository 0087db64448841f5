// The results cache of `memorder ci`: a file's check cases, stored under a
// content hash of everything that decides them — the file, the files it
// imports or takes its expectation from, the model files, the tool itself
// and the options — so an unchanged tree is answered without Z3.

import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CheckCase } from './cases.js';
import { ENCODINGS_DIR } from '../engine/models.js';
import { toolVersion } from './version.js';

/** Bumped when the stored format changes. */
const FORMAT = 2;

function hashTree(h: ReturnType<typeof createHash>, dir: string, keep: (name: string) => boolean): void {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) hashTree(h, p, keep);
    else if (keep(name)) h.update(`${p.slice(dir.length)}\0`).update(readFileSync(p)).update('\0');
  }
}

let toolPrint: string | undefined;

/**
 * The tool's version for the cache: package.json's version and a hash of
 * the code that runs (dist/ or, under the tests, src/), so a rebuilt tool
 * never reuses results of another build.
 */
export function toolFingerprint(): string {
  if (!toolPrint) {
    const h = createHash('sha256');
    h.update(`memorder ${toolVersion()}\0`);
    hashTree(h, dirname(dirname(fileURLToPath(import.meta.url))), (n) => n.endsWith('.js') || n.endsWith('.ts'));
    toolPrint = h.digest('hex');
  }
  return toolPrint;
}

let modelsPrint: string | undefined;

/** A hash of every model file shipped in encodings/. */
export function modelsFingerprint(): string {
  if (!modelsPrint) {
    const h = createHash('sha256');
    hashTree(h, ENCODINGS_DIR, () => true);
    modelsPrint = h.digest('hex');
  }
  return modelsPrint;
}

function fileContent(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** A hash of files' paths and contents (an absent file counts as absent). */
function contentHash(salt: string, files: readonly string[]): string {
  const h = createHash('sha256').update(salt);
  for (const f of files) {
    const content = fileContent(f);
    h.update(`\0${f}\0${content ? 'present' : 'absent'}\0`);
    if (content) h.update(content);
  }
  return h.digest('hex');
}

interface Stored {
  key: string;
  found: string[];
  foundHash: string;
  cases: CheckCase[];
}

export class ResultCache {
  private readonly salt: string;

  /** `settings`: the options that change results (unroll bound, timeout). */
  constructor(
    readonly dir: string,
    settings: Record<string, unknown>,
  ) {
    this.salt = JSON.stringify({ format: FORMAT, tool: toolFingerprint(), models: modelsFingerprint(), settings });
  }

  /** The key of a file: its path and content, and each input's path and content (or absence). */
  key(file: string, inputs: readonly string[]): string {
    return contentHash(this.salt, [file, ...inputs]);
  }

  private path(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /**
   * The cases stored under `key`, if every input the check found on the way
   * (a spec's imports) still has the content it had then.
   */
  get(key: string): CheckCase[] | undefined {
    const p = this.path(key);
    if (!existsSync(p)) return undefined;
    try {
      const stored = JSON.parse(readFileSync(p, 'utf8')) as Stored;
      if (stored.key !== key) return undefined;
      if (contentHash('', stored.found) !== stored.foundHash) return undefined;
      return stored.cases;
    } catch {
      return undefined; // a torn or foreign file: recompute
    }
  }

  /**
   * Stores a file's cases with the inputs its check found (imports known
   * only after reading the file); undecided cases (timeouts) are not kept,
   * since another run may decide them.
   */
  put(key: string, cases: CheckCase[], found: readonly string[] = []): void {
    if (cases.some((c) => c.status === 'unknown')) return;
    const p = this.path(key);
    mkdirSync(dirname(p), { recursive: true });
    const tmp = `${p}.${process.pid}.tmp`;
    const stored: Stored = { key, found: [...found], foundHash: contentHash('', found), cases };
    writeFileSync(tmp, JSON.stringify(stored));
    renameSync(tmp, p);
  }
}
