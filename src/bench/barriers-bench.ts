// The `barriers` part of `npm run bench`: for every test with barriers,
// one `barriers` analysis (necessity, weakest kinds, minimal sets) against
// one `verify`, in this process, alternated over a few rounds so that
// background load hits both alike; reported as ratios of medians. The
// target: a barrier analysis costs about 2x a verify, not k+1 x.

import { loadModel } from '../engine/models.js';
import { analyseBarriers } from '../check/necessity.js';
import { readQuestionProgram } from '../check/run.js';
import { verifyProgram } from '../check/verify.js';
import { barriersOf } from '../program/barriers.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `files`: litmus tests and scenario specs (their fixed variant); specs get one round (they take seconds each). */
export async function benchBarriers(files: string[], rounds = 3): Promise<string[]> {
  const model = loadModel('lkmm');
  const lines: string[] = [];
  let verifyTotal = 0;
  let barriersTotal = 0;
  for (const file of files) {
    const program = await readQuestionProgram(file);
    const k = barriersOf(program).length;
    if (k === 0) continue;
    const v: number[] = [];
    const b: number[] = [];
    for (let i = 0; i < (file.endsWith('.spec.ts') ? 1 : rounds); i++) {
      let t = performance.now();
      await verifyProgram(program, { model, unroll: 4 });
      v.push(performance.now() - t);
      t = performance.now();
      await analyseBarriers(program, { model, unroll: 4 });
      b.push(performance.now() - t);
    }
    verifyTotal += median(v);
    barriersTotal += median(b);
    lines.push(`${(median(b) / median(v)).toFixed(2).padStart(6)}x  k=${k}  verify ${median(v).toFixed(1)} ms, barriers ${median(b).toFixed(1)} ms  ${file}`);
  }
  lines.push(`barriers vs verify over ${lines.length} tests with barriers: ${(barriersTotal / verifyTotal).toFixed(2)}x (target: about 2x)`);
  return lines;
}
