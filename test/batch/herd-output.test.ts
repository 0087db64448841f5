// herd7's output as memorder reads it: symbols (herd's own variable numbers)
// are compared up to renaming.
import { describe, expect, it } from 'vitest';
import { parseHerdOutput, parseHerdState } from '../../src/batch/herd-output.js';

describe('herd7 output', () => {
  it('renames symbols S1, S2, ... in the order of the sorted observables, keeping numbers and locations', () => {
    expect(parseHerdState('0:r0=S12; 0:r2=S16;')).toEqual({ '0:r0': 'S1', '0:r2': 'S2' });
    expect(parseHerdState('0:r1=S8; 1:r1=S8; [x]=a;')).toEqual({ '0:r1': 'S1', '1:r1': 'S1', x: 'a' });
    expect(parseHerdState('[b]=S23;')).toEqual({ b: 'S1' });
    expect(parseHerdState('0:r0=3; [y]=-1;')).toEqual({ '0:r0': 3, y: -1 });
  });

  it('reads a symbolic final state of C-JO-OOTA-1 (herd7 7.58)', () => {
    const out = parseHerdOutput(`Test C-JO-OOTA-1 Allowed
States 2
[b]=S16;
[b]=0;
No
Witnesses
Positive: 0 Negative: 4
Condition exists ([b]=42)
Observation C-JO-OOTA-1 Never 0 4
`);
    expect([out.verdict, out.states]).toEqual(['Never', [{ b: 'S1' }, { b: 0 }]]);
  });
});
