// Values out of thin air: an execution in which a read, through writes
// computed from what it read, reads its own value has no determined values.
// herd7's solver leaves such executions out; so does memorder, and it says
// so instead of enumerating final states forever (it used to hang on them).
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { shutdownZ3 } from '../../src/smt/z3.js';

const verify = (text: string, model = 'lkmm') => verifyProgram(parseLitmus(text, 'thin-air.litmus'), { model: loadModel(model), unroll: 4 });

/** Load buffering where each thread copies what it read (plus `add`) into the other's variable. */
function lbCopy(access: 'plain' | 'once', add: number, condition: string): string {
  const read = (v: string) => (access === 'plain' ? `*${v}` : `READ_ONCE(*${v})`);
  const write = (v: string, e: string) => (access === 'plain' ? `*${v} = ${e};` : `WRITE_ONCE(*${v}, ${e});`);
  const value = (r: string) => (add === 0 ? r : `${r} + ${add}`);
  return `C LB+${access}-copies
{}
P0(int *x, int *y)
{
	int r0;
	r0 = ${read('x')};
	${write('y', value('r0'))}
}
P1(int *x, int *y)
{
	int r1;
	r1 = ${read('y')};
	${write('x', 'r1')}
}
exists (${condition})
`;
}

describe('values out of thin air', () => {
  afterAll(shutdownZ3);

  it('plain copies in a cycle: the thin-air executions are left out (and said so), the rest decide: Never, one state', async () => {
    const r = await verify(lbCopy('plain', 0, '0:r0=42'));
    expect(r.verdict).toBe('Never');
    expect(r.states).toEqual([{ '0:r0': 0 }]);
    expect(r.flags).toEqual(['data-race']);
    expect(r.thinAirLeftOut).toBe(true);
  });

  it('a computed value in the cycle (r0 + 1) is no more grounded: Always r0=0 under every model', async () => {
    for (const model of ['lkmm', 'sc', 'x86', 'armv8']) {
      const r = await verify(lbCopy('plain', 1, '0:r0=0'), model);
      expect([model, r.verdict, r.states]).toEqual([model, 'Always', [{ '0:r0': 0 }]]);
    }
  });

  it('where the model itself forbids the cycle (marked accesses: data dependencies order them), nothing is left out', async () => {
    for (const model of ['lkmm', 'x86', 'armv8']) {
      const r = await verify(lbCopy('once', 0, '0:r0=42'), model);
      expect([model, r.verdict, r.states, r.thinAirLeftOut]).toEqual([model, 'Never', [{ '0:r0': 0 }], undefined]);
    }
  });

  it('a program without a possible value cycle asks nothing more', async () => {
    const r = await verify(lbCopy('plain', 0, '0:r0=42').replace('*x = r1;', '*x = 1;'));
    expect(r.verdict).toBe('Never');
    expect(r.states).toEqual([{ '0:r0': 0 }, { '0:r0': 1 }]);
    expect(r.thinAirLeftOut).toBeUndefined();
  });
});
