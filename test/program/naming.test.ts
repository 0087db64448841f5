// One way of naming threads, positions and final states per program kind.
import { describe, expect, it } from 'vitest';
import { Naming } from '../../src/program/naming.js';

describe('Naming', () => {
  const pos = { file: 'specs/mm/pgtable.ts', line: 34 };

  it("names a litmus test's parts as herd7 does", () => {
    const n = new Naming(['P0', 'P1'], false);
    expect([n.thread(1), n.thread(-1), n.site(1, pos)]).toEqual(['P1', 'init', 'P1 line 34']);
    expect(n.state({ '0:r0': 1, x: 2 })).toBe('0:r0=1; [x]=2;');
    expect(n.state({ '0:r0': 1, x: 2 })).toBe(Naming.litmus.state({ '0:r0': 1, x: 2 }));
    expect([n.threadNamed('P1'), n.threadNamed('gup')]).toEqual([1, undefined]);
  });

  it("names a spec's parts by its thread names, file:line and r.THREAD / m.CELL", () => {
    const n = new Naming(['gup', 'ksm'], true);
    expect([n.thread(0), n.site(1, pos), n.at(undefined)]).toEqual(['gup', 'ksm specs/mm/pgtable.ts:34', '']);
    expect(n.state({ '0:result': 1, '1:r3': 0, pte: 2 })).toBe('r.gup=1 ksm:r3=0 m.pte=2');
    // P<n> still names a thread, for scripts written against litmus tests.
    expect([n.threadNamed('ksm'), n.threadNamed('P0'), n.threadNamed('nosuch')]).toEqual([1, 0, undefined]);
  });
});
