// Values out of thin air: an execution in which a read, through writes
// computed from what it read, reads its own value has no determined values.
// herd7's solver leaves out those with a computed value (r + 1) in the cycle;
// so does memorder, and it says so instead of enumerating final states
// forever (it used to hang on them). Those whose values cycle only through
// copies herd7 keeps, with a symbol (`0:r0=S8`) equal to no number; it
// leaves out those that compute with the symbol. The expected answers below
// are herd7 7.58's (herd-lkmm) on the same tests, symbols renamed S1, S2.
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

  it('plain copies in a cycle: herd7 keeps that execution with a symbol, which is not 42 (Never; 0:r0=0 and 0:r0=S1)', async () => {
    const r = await verify(lbCopy('plain', 0, '0:r0=42'));
    expect([r.verdict, r.states, r.positive, r.negative]).toEqual(['Never', [{ '0:r0': 0 }, { '0:r0': 'S1' }], 0, 2]);
    expect(r.thinAirLeftOut).toBeUndefined();
  });

  it('a symbol is unlike every number (not 0:r0=0 holds for it) and equal to itself: herd7 says Sometimes for both', async () => {
    const notZero = await verify(lbCopy('plain', 0, '~0:r0=0'));
    expect([notZero.verdict, notZero.positive, notZero.negative]).toEqual(['Sometimes', 1, 1]);
    expect(notZero.witness?.state).toEqual({ '0:r0': 'S1' });
    const same = await verify(lbCopy('plain', 0, '0:r0=1:r1 /\\ ~0:r0=0').replace(/exists \((.*)\)/, 'locations [1:r1]\nexists ($1)'));
    expect([same.verdict, same.states]).toEqual(['Sometimes', [{ '0:r0': 0, '1:r1': 0 }, { '0:r0': 'S1', '1:r1': 'S1' }]]);
  });

  it('two independent copy cycles have two symbols, which are not equal (herd7: Never, four states)', async () => {
    const text = `C LB+two-cycles
{}
P0(int *x, int *y, int *a, int *b)
{
	int r0;
	int r2;
	r0 = *x;
	*y = r0;
	r2 = *a;
	*b = r2;
}
P1(int *x, int *y, int *a, int *b)
{
	int r1;
	int r3;
	r1 = *y;
	*x = r1;
	r3 = *b;
	*a = r3;
}
exists (0:r0=0:r2 /\\ ~0:r0=0)
`;
    const r = await verify(text);
    expect(r.verdict).toBe('Never');
    expect(r.states).toEqual([
      { '0:r0': 0, '0:r2': 0 },
      { '0:r0': 0, '0:r2': 'S1' },
      { '0:r0': 'S1', '0:r2': 0 },
      { '0:r0': 'S1', '0:r2': 'S2' },
    ]);
  });

  it('copies chosen by a branch on the symbol (if (r0 == 1) r0 = *x;): the branch computes with it, herd7 leaves it out (Never, 0:r0=0 only)', async () => {
    const text = lbCopy('plain', 0, '0:r0=42')
      .replace('r0 = *x;', 'r0 = *x;\n\tif (r0 == 1) r0 = *x;')
      .replace('r1 = *y;', 'r1 = *y;\n\tif (r1 == 2) r1 = *y;');
    const r = await verify(text);
    expect([r.verdict, r.states, r.thinAirLeftOut]).toEqual(['Never', [{ '0:r0': 0 }], true]);
  });

  it('arithmetic on a symbol outside the cycle leaves the execution out too (herd7: Always z=1, 1:r2=0)', async () => {
    const text = lbCopy('plain', 0, 'z=1')
      .replace(/int \*y\)/g, 'int *y, int *z)')
      .replace('*x = r1;', '*x = r1;\n\tWRITE_ONCE(*z, r1 + 1);\n\tr2 = r1 * 2;')
      .replace('int r1;', 'int r1;\n\tint r2;')
      .replace('exists', 'locations [1:r2]\nexists');
    const r = await verify(text);
    expect([r.verdict, r.states]).toEqual(['Always', [{ '1:r2': 0, z: 1 }]]);
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
