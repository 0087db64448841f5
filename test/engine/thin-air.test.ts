// Values out of thin air: an execution in which a read, through writes
// computed from what it read, reads its own value has no determined values.
// herd7's solver leaves out those with a computed value (r + 1) in the cycle;
// so does memorder, and it says so instead of enumerating final states
// forever (it used to hang on them). Those whose values cycle only through
// copies herd7 keeps, with a symbolic value: memorder says Unknown.
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

  it('plain copies in a cycle: herd7 keeps that execution with a symbolic value (0:r0=S8), which memorder does not model: Unknown', async () => {
    const r = await verify(lbCopy('plain', 0, '0:r0=42'));
    expect(r.verdict).toBe('Unknown');
    expect(r.reason).toMatch(/^an allowed execution has a value that cycles only through copies/);
  });

  it('copies chosen by a branch (r = c ? *a : *b) are copies too: Unknown, never a verdict herd7 does not give', async () => {
    const text = lbCopy('plain', 0, '0:r0=42')
      .replace('r0 = *x;', 'r0 = *x;\n\tif (r0 == 1) r0 = *x;')
      .replace('r1 = *y;', 'r1 = *y;\n\tif (r1 == 2) r1 = *y;');
    const r = await verify(text);
    expect(r.verdict).toBe('Unknown');
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

  it('a branch choosing between constants is no value flow (herd7: Sometimes, 0:r0=0 and 0:r0=1)', async () => {
    const text = `C LB+branch-constants
{}
P0(int *x, int *y)
{
	int r0;
	r0 = 1;
	if (READ_ONCE(*x) == 0)
		r0 = 0;
	WRITE_ONCE(*y, r0);
}
P1(int *x, int *y)
{
	int r1;
	r1 = READ_ONCE(*y);
	WRITE_ONCE(*x, r1);
}
exists (0:r0=1)
`;
    const r = await verify(text);
    expect(r.verdict).toBe('Sometimes');
    expect(r.states).toEqual([{ '0:r0': 0 }, { '0:r0': 1 }]);
    expect(r.thinAirLeftOut).toBeUndefined();
  });

  it('a program without a possible value cycle asks nothing more', async () => {
    const r = await verify(lbCopy('plain', 0, '0:r0=42').replace('*x = r1;', '*x = 1;'));
    expect(r.verdict).toBe('Never');
    expect(r.states).toEqual([{ '0:r0': 0 }, { '0:r0': 1 }]);
    expect(r.thinAirLeftOut).toBeUndefined();
  });
});
