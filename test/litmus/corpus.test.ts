// The public LKMM litmus corpus (../shared/litmus/corpus, 4,784 tests as
// kernel developers write them): every file parses, or is rejected where
// herd7 7.58 rejects it too; and a fixed sample of 260 agrees with herd7's
// outputs, committed under test/fixtures/corpus-herd7/ (chosen by
// select.mjs there): the same verdict and exactly the same final states.
// The whole corpus against herd7 is `npm run bench -- --corpus`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findFiles } from '../../src/batch/files.js';
import { parseHerdOutput } from '../../src/batch/herd-output.js';
import { agreesWithHerd } from '../../src/bench/corpus.js';
import { verifyProgram } from '../../src/check/verify.js';
import { loadModel } from '../../src/engine/models.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { InputError } from '../../src/program/errors.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { SHARED_CORPUS } from '../shared-litmus.js';

const HAVE_CORPUS = existsSync(join(SHARED_CORPUS, 'reachable.tsv'));
if (!HAVE_CORPUS) console.warn(`skipping the LKMM corpus check: ${SHARED_CORPUS} is absent`);
const SAMPLE = join(import.meta.dirname, '../fixtures/corpus-herd7');

describe.skipIf(!HAVE_CORPUS)(`the LKMM corpus (${SHARED_CORPUS})`, () => {
  afterAll(shutdownZ3);

  it('every file parses, or is rejected at file:line:col where herd7 rejects it', () => {
    const files = findFiles([SHARED_CORPUS], ['.litmus']);
    expect(files).toHaveLength(4784);
    const rejected: string[] = [];
    for (const f of files) {
      try {
        const p = parseLitmus(readFileSync(f, 'utf8'), f);
        expect(p.threads.length).toBeGreaterThan(0);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        expect(e.message.startsWith(`${f}:${e.pos.line}:${e.pos.col}: `)).toBe(true);
        rejected.push(e.detail);
      }
    }
    // herd7 under LKMM rejects these too: LISA and PPC tests (its C model
    // does not take them) and calls of macros linux-kernel.def does not define.
    const kinds = new Map<string, number>();
    for (const r of rejected) {
      const header = /^expected a 'C <name>' header line, found '(\w+)' \(only C litmus tests are supported\)$/.exec(r);
      const primitive = /^unknown primitive '(\w+)'$/.exec(r);
      const kind = header ? `header ${header[1]}` : primitive ? `primitive ${primitive[1]}` : r;
      kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
    }
    expect(Object.fromEntries(kinds)).toEqual({ 'header LISA': 174, 'header PPC': 9, 'primitive smp_memb': 5, 'primitive spin_unlock_wait': 1 });
  });

  it('a fixed sample of 260 agrees with herd7: verdict and final states (symbols up to renaming)', { timeout: 180_000 }, async () => {
    const model = loadModel('lkmm');
    const sample = findFiles([SAMPLE], ['.out']);
    expect(sample).toHaveLength(260);
    const differ: string[] = [];
    for (const out of sample) {
      const rel = out.slice(SAMPLE.length + 1, -'.out'.length);
      const file = join(SHARED_CORPUS, rel);
      const herd = parseHerdOutput(readFileSync(out, 'utf8'));
      const r = await verifyProgram(parseLitmus(readFileSync(file, 'utf8'), file), { model, unroll: 4 });
      const agree = agreesWithHerd(r, herd);
      if (!agree.verdict || !agree.states) differ.push(`${rel}: herd7 ${herd.verdict} (${herd.states.length} states), memorder ${r.verdict} (${r.states.length} states)${r.reason ? `: ${r.reason}` : ''}`);
    }
    expect(differ).toEqual([]);
  });
});
