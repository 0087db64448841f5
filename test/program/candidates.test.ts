// Where `fix` may place a fence: before statements a fence can be written
// in front of, with one id per thread and file:line.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readQuestionProgram } from '../../src/check/run.js';
import { barriersOf } from '../../src/program/barriers.js';
import { withCandidateFences } from '../../src/program/candidates.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { MP_LIB, mpSpec, scenarioDir } from '../scenario/helpers.js';

describe('candidate fences', () => {
  it('in a spec: ids name the thread and the file:line, and none sits on a function declaration', async () => {
    const dir = scenarioDir({ 'lib.ts': MP_LIB, 'mp.spec.ts': mpSpec() });
    const program = await readQuestionProgram(join(dir, 'mp.spec.ts'));
    const candidates = barriersOf(withCandidateFences(program)).filter((b) => b.candidate);
    const lines = MP_LIB.split('\n');
    const lib = join(dir, 'lib.ts');
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates) {
      expect(c.id).toBe(`${program.threads[c.thread]!.name}@${c.pos.file}:${c.pos.line}`);
      expect(c.pos.file).toBe(lib);
      expect(lines[c.pos.line - 1]).not.toMatch(/function/);
    }
    // Before the second WRITE_ONCE and the READ_ONCE after smp_rmb.
    const at = (text: string) => lines.findIndex((l) => l.includes(text)) + 1;
    expect(candidates.map((c) => `${c.id}`)).toEqual(
      expect.arrayContaining([`writer@${lib}:${at('WRITE_ONCE(flag')}`, `reader@${lib}:${at('return READ_ONCE(data)')}`]),
    );
  });

  it('in a litmus test: P<n>@LINE, not before a register-only statement', () => {
    const program = parseLitmus(
      `C t
{}
P0(int *x, int *y)
{
  int r0;
  int r1;
  r0 = READ_ONCE(*x);
  r1 = 2;
  WRITE_ONCE(*y, r1);
}
exists (0:r0=1)
`,
      't.litmus',
    );
    const ids = barriersOf(withCandidateFences(program)).filter((b) => b.candidate).map((b) => b.id);
    expect(ids).toEqual(['P0@9']);
  });
});
