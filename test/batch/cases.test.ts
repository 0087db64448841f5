// Judging a verification result against an expectation.
import { describe, expect, it } from 'vitest';
import { caseLabel, judge, type Claim } from '../../src/batch/cases.js';
import type { TestResult } from '../../src/engine/result.js';

const pos = (line: number) => ({ file: 't.litmus', line, col: 1 });
const cond = pos(20);

function result(over: Partial<TestResult>): TestResult {
  return { file: 't.litmus', name: 'T', model: 'lkmm', verdict: 'Sometimes', states: [{ x: 0 }, { x: 1 }], positive: 1, negative: 1, flags: [], timeMs: 5, ...over };
}
const expectation = (...claims: Claim[]) => ({ source: 'Result: line', claims });

describe('judge', () => {
  it('passes when every claim holds', () => {
    const c = judge(result({}), expectation({ kind: 'verdict', verdict: 'Sometimes', pos: pos(3) }, { kind: 'flag', flag: 'data-race', raised: false, pos: pos(3) }), cond);
    expect(c.status).toBe('pass');
    expect(c.messages).toEqual([]);
    expect(c.expected).toBe('Sometimes');
    expect(c.location).toEqual(cond);
  });

  it('fails on another verdict, naming both and where the expectation is', () => {
    const c = judge(result({}), expectation({ kind: 'verdict', verdict: 'Never', pos: pos(3) }), cond);
    expect(c.status).toBe('fail');
    expect(c.messages).toEqual(['expected Never, got Sometimes (expected at t.litmus:3)']);
    expect(c.related.at(-1)).toEqual({ pos: pos(3), message: 'expectation (Result: line)' });
  });

  it('fails when a predicted data race is not raised, and when an unpredicted one is', () => {
    const predicted = judge(result({}), expectation({ kind: 'flag', flag: 'data-race', raised: true, pos: pos(3) }), cond);
    expect(predicted.status).toBe('fail');
    expect(predicted.messages[0]).toMatch(/^expected flag data-race/);
    const unpredicted = judge(result({ flags: ['data-race'] }), expectation({ kind: 'flag', flag: 'data-race', raised: false, pos: pos(3) }), cond);
    expect(unpredicted.status).toBe('fail');
    expect(unpredicted.messages[0]).toMatch(/^unexpected flag data-race/);
    expect(unpredicted.actual).toBe('Sometimes DATARACE');
  });

  it('takes DEADLOCK as no allowed execution, not as any Never', () => {
    const none = judge(result({ verdict: 'Never', states: [], positive: 0, negative: 0 }), expectation({ kind: 'deadlock', pos: pos(3) }), cond);
    expect(none.status).toBe('pass');
    const some = judge(result({ verdict: 'Never', states: [{ x: 0 }], positive: 0, negative: 1 }), expectation({ kind: 'deadlock', pos: pos(3) }), cond);
    expect(some.status).toBe('fail');
    expect(some.expected).toBe('DEADLOCK');
  });

  it('compares final states as sets, whatever the key order', () => {
    const states = [{ 'x': 1, '0:r0': 0 }, { 'x': 0, '0:r0': 1 }];
    const same = judge(result({ states: [{ '0:r0': 1, 'x': 0 }, { '0:r0': 0, 'x': 1 }] }), expectation({ kind: 'states', states, pos: pos(2) }), cond);
    expect(same.status).toBe('pass');
    const fewer = judge(result({ states: [{ '0:r0': 1, 'x': 0 }] }), expectation({ kind: 'states', states, pos: pos(2) }), cond);
    expect(fewer.messages).toEqual(['final states differ: 1 expected state(s) not reachable, 0 unexpected (expected at t.litmus:2)']);
  });

  it('answers unknown, not pass or fail, for an undecided result', () => {
    const c = judge(result({ verdict: 'Unknown', reason: 'solver: timeout' }), expectation({ kind: 'verdict', verdict: 'Never', pos: pos(3) }), cond);
    expect(c.status).toBe('unknown');
    expect(c.actual).toBe('Unknown (solver: timeout)');
  });

  it('lists the witness events with positions as related locations', () => {
    const witness = {
      events: [
        { id: 0, thread: -1, kind: 'W' as const, label: 'init', location: 'x', value: 0, tags: [] },
        { id: 1, thread: 0, kind: 'W' as const, label: 'WRITE_ONCE', location: 'x', value: 1, tags: [], pos: pos(8) },
      ],
      rf: [],
      co: { x: [0, 1] },
      state: { x: 1 },
    };
    const c = judge(result({ witness }), expectation({ kind: 'verdict', verdict: 'Never', pos: pos(3) }), cond, 'no-mb');
    expect(c.related[0]).toEqual({ pos: pos(8), message: 'P0: W x=1 (WRITE_ONCE)' });
    expect(c.witness).toBe(witness);
    expect(caseLabel(c)).toBe('lkmm/no-mb');
  });
});
