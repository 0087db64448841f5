// herd's set-of-values constructs (map, ++, {e}, classes-loc, linearisations,
// cross, different-values) and `with x from S`. Symbolic picks are checked
// by brute force: every assignment of the choice variables that satisfies
// the collected constraints must give one of the expected values, and every
// expected value must be reachable.
import { describe, expect, it } from 'vitest';
import { ChoiceViolation, ConcreteChoices, SymbolicChoices } from '../../src/cat/choices.js';
import { NeedsExactEvaluation, type EventInfo } from '../../src/cat/collections.js';
import type { CatEnv } from '../../src/cat/evaluate.js';
import { boolVar, Evaluator, freeVars, int, intVar, TRUE, type IntTerm } from '../../src/logic/term.js';
import { Approximation } from '../../src/relations/approximate.js';
import { Relation } from '../../src/relations/relation.js';
import { makeEnv, run, show } from './helpers.js';
import { inputErrorOf } from '../input-error.js';

const p = boolVar('p');

/** Events 0..n-1 at the given location codes, with the given values. */
function info(locs: number[], values: number[] = []): EventInfo {
  return {
    addr: (id) => (locs[id] === undefined ? undefined : int(locs[id]!)),
    value: (id) => (values[id] === undefined ? undefined : int(values[id]!)),
    locations: [...new Set(locs)],
  };
}

/** Runs `text`, which must end with a check named probe, with symbolic choices. */
function symbolic(env: CatEnv, text: string) {
  const choices = new SymbolicChoices();
  const probe = run(text, { ...env, choices }).checks.find((c) => c.name === 'probe')!;
  return { choices, probe: probe.value };
}

/** Every value of the probe over the assignments that satisfy the choice constraints (free Booleans p, q... included). */
function possibleValues(env: CatEnv, text: string, fixed: Record<string, boolean> = {}): string[] {
  const { choices, probe } = symbolic(env, text);
  const conds = probe instanceof Relation ? [...probe.edges.values()] : [...probe.values()];
  const vars = freeVars([...choices.constraints, ...conds]);
  const bools = [...vars.bools].filter((b) => !(b in fixed));
  const ints = [...vars.ints];
  const out = new Set<string>();
  const domain = Math.max(1, ints.length);
  const total = 2 ** bools.length * domain ** ints.length;
  expect(total).toBeLessThan(300000);
  for (let k = 0; k < total; k++) {
    let rest = k;
    const b = new Map<string, boolean>(Object.entries(fixed));
    for (const name of bools) {
      b.set(name, rest % 2 === 1);
      rest = Math.floor(rest / 2);
    }
    const iv = new Map<string, number>();
    for (const name of ints) {
      iv.set(name, rest % domain);
      rest = Math.floor(rest / domain);
    }
    const ev = new Evaluator({ bool: (n) => b.get(n)!, int: (n) => iv.get(n)! });
    if (!choices.constraints.every((c) => ev.bool(c))) continue;
    const present =
      probe instanceof Relation
        ? [...probe.pairs()].filter(([, , c]) => ev.bool(c)).map(([a, c]) => `${a}->${c}`)
        : [...probe].filter(([, c]) => ev.bool(c)).map(([e]) => String(e));
    out.add(present.sort().join(' '));
  }
  return [...out].sort();
}


describe('elements and ++', () => {
  const env = makeEnv({ n: 4, sets: { S: [0, 2], W: [1, 3] }, relations: { r: [[0, 1], [2, 3]] } });

  it('builds singletons and adds elements as herd does', () => {
    expect(show(run('let s = map (fun e -> {e}) S\nwith x from s\nempty x as probe', { ...env, choices: new SymbolicChoices() }).checks[0]!.value)).toEqual([
      '0',
      '2',
    ]);
    const text = 'let one p = p ++ 0\nwith x from map one r\nempty x as probe';
    expect(possibleValues(env, text)).toEqual(['0->1', '2->3']);
  });

  it('adds to sets, relations and sets of values', () => {
    expect(possibleValues(env, 'with x from map (fun e -> e ++ W) S\nempty x as probe')).toEqual(['0 1 3', '1 2 3']);
    expect(possibleValues(env, 'with x from map (fun p -> p ++ r) (W * S)\nempty x as probe')).toEqual([
      '0->1 1->0 2->3',
      '0->1 1->2 2->3',
      '0->1 2->3 3->0',
      '0->1 2->3 3->2',
    ]);
    // An explicit set of sets, grown by ++.
    expect(possibleValues(env, 'with x from S ++ {W}\nempty x as probe')).toEqual(['0 2', '1 3']);
  });

  it('rejects ++ of the wrong kind', () => {
    expect(inputErrorOf(() => run('let x = map (fun e -> e ++ 0) S\nwith y from x\nempty y', { ...env, choices: new SymbolicChoices() }))).toBe(
      "test.cat:1:25: '++' on a relation expects a pair, found an event",
    );
  });
});

describe('herd library functions written in cat', () => {
  // herd's stdlib map, over concrete sets: same as the native map.
  const MAP = `let mymap f =
  let rec do_map S = match S with
  || {} -> {}
  || e ++ S -> f e ++ do_map S
  end in
  do_map
`;
  it('recurse over concrete sets with match', () => {
    const env = makeEnv({ n: 3, relations: { r: [[0, 1], [1, 2]] } });
    const text = `${MAP}let one p = p ++ 0\nwith x from mymap one r\nempty x as probe`;
    expect(possibleValues(env, text)).toEqual(['0->1', '1->2']);
  });

  it('refuse to match on a set whose members depend on the execution', () => {
    const env = makeEnv({ n: 3, relations: { r: [[0, 1, p], [1, 2]] } });
    expect(inputErrorOf(() => run(`${MAP}let one p = p ++ 0\nwith x from mymap one r\nempty x`, { ...env, choices: new SymbolicChoices() }))).toMatch(
      /unsupported: 'match' on a set whose members depend on the execution/,
    );
  });

  it('match on tags, and enums as sets of tags', () => {
    const env = makeEnv({ n: 2, relations: { a: [[0, 1]], b: [[1, 0]] } });
    const text = "enum Dir = 'fwd || 'back\nlet pick t = match t with 'fwd -> a || _ -> b end\nwith x from map pick Dir\nempty x as probe";
    expect(possibleValues(env, text)).toEqual(['0->1', '1->0']);
    expect(inputErrorOf(() => run("empty match 'nope with _ -> 0 end", env))).toBe("test.cat:1:13: tag 'nope is undefined");
  });

  it('tuples destructure into function parameters', () => {
    const env = makeEnv({ n: 2, relations: { a: [[0, 1]], b: [[1, 0]] } });
    const text = 'let second(x, y) = y\nlet pair = (a, b)\nempty second(pair) as probe';
    expect(show(run(text, env).checks[0]!.value)).toEqual(['1->0']);
    expect(inputErrorOf(() => run('let f(x, y) = y\nempty f(a, b, a)', env))).toBe("test.cat:2:7: 'f' takes 2 argument(s), got 3");
  });

  it('let rec defines mutually recursive functions', () => {
    const env = makeEnv({ n: 2, sets: { S: [0, 1] }, relations: {} });
    const text = `let rec count S = match S with {} -> {} || e ++ S -> mark e ++ count S end
and mark e = {e}
with x from count S
empty x as probe`;
    expect(possibleValues(env, text)).toEqual(['0', '1']);
  });
});

describe('cross and with, as lock.cat uses them', () => {
  // LF events 2 and 3 each read from one LKW among 0 and 1 (same lock): four picks.
  const env = makeEnv({ n: 4, sets: { LKW: [0, 1], LF: [2, 3] }, relations: { loc: [[0, 2], [1, 2], [0, 3], [1, 3]] } });
  const text = `let one p = p ++ 0
let options e = map one ((LKW * {e}) & loc)
with rf-lf from cross(map options LF)
empty rf-lf as probe`;

  it('picks one write per LF event', () => {
    expect(possibleValues(env, text)).toEqual(['0->2 0->3', '0->2 1->3', '0->3 1->2', '1->2 1->3']);
  });

  it('follows conditional membership: an absent LF picks nothing, an LF without options kills the execution', () => {
    const cond = makeEnv({ n: 4, sets: { LKW: [0, 1], LF: [2, [3, p]] }, relations: { loc: [[0, 2], [1, 2], [0, 3], [1, 3]] } });
    expect(possibleValues(cond, text, { p: false })).toEqual(['0->2', '1->2']);
    expect(possibleValues(cond, text, { p: true })).toHaveLength(4);
    const none = makeEnv({ n: 4, sets: { LKW: [0], LF: [2, [3, p]] }, relations: { loc: [[0, 2]] } });
    expect(possibleValues(none, text, { p: true })).toEqual([]);
    expect(possibleValues(none, text, { p: false })).toEqual(['0->2']);
  });

  it('replays a pick from the solver values and rejects an invalid one', () => {
    const { choices } = symbolic(env, text);
    const names = [...freeVars(choices.constraints).bools].sort();
    expect(names).toEqual(['ch0_r0.2', 'ch0_r0.3', 'ch0_r1.2', 'ch0_r1.3']);
    const replay = (truths: string[]) =>
      run(text, { ...env, choices: new ConcreteChoices({ bool: (n) => truths.includes(n), int: () => 0 }) }).checks[0]!.value;
    expect(show(replay(['ch0_r0.2', 'ch0_r1.3']))).toEqual(['0->2', '1->3']);
    expect(() => replay(['ch0_r0.2'])).toThrow(ChoiceViolation);
    expect(() => replay(['ch0_r0.2', 'ch0_r1.2', 'ch0_r1.3'])).toThrow(ChoiceViolation);
  });

  it('refuses picks it cannot name exactly', () => {
    const two = makeEnv({ n: 2, sets: { S: [0, 1] }, relations: { a: [[0, 1]], b: [[1, 0]], c: [[1, 0, p]] } });
    const sym = { ...two, choices: new SymbolicChoices() };
    // Herd would pick once from two equal sets; a shared option could make them equal.
    expect(inputErrorOf(() => run('with x from cross({{a, b}, {b}})\nempty x', sym))).toBe(
      "test.cat:1:1: unsupported cat construct 'cross' of sets that share a possible value",
    );
    expect(inputErrorOf(() => run('with x from {a, c}\nempty x', sym))).toBe(
      "test.cat:1:1: unsupported: 'with ... from' picking a relation that depends on the execution",
    );
    expect(inputErrorOf(() => run('with x from {{a}}\nempty x', sym))).toBe(
      "test.cat:1:1: unsupported: 'with ... from' picking a set of values (only sets and relations)",
    );
    expect(inputErrorOf(() => run('with x from S\nempty x', sym))).toBe("test.cat:1:1: 'with ... from' expects a set of values, found a set of events");
  });

  it('an empty set of possible values allows no execution', () => {
    const { choices } = symbolic(env, 'with x from {}\nempty x as probe');
    expect(choices.constraints.some((c) => c.op === 'false')).toBe(true);
  });
});

describe('linearisations and generated coherence orders', () => {
  // Writes 0,1,2 to location 100, 3 to 200; base order 0 -> 1.
  const env: CatEnv = {
    ...makeEnv({ n: 4, sets: { W: [0, 1, 2, 3] }, relations: { base: [[0, 1]] } }),
    eventInfo: info([100, 100, 100, 200]),
  };
  const text = `let co_locs(pco, wss) = map (fun ws -> linearisations(ws, pco)) wss
with co from cross(co_locs(base, classes-loc(W)))
empty co as probe`;

  it('gives every linear order per location that extends the base', () => {
    // 0 1 2, 0 2 1 and 2 0 1 (location 200 has one write: no edge).
    expect(possibleValues(env, text)).toEqual(['0->1 0->2 1->2', '0->1 0->2 2->1', '0->1 2->0 2->1']);
  });

  it('has no order when the base is cyclic', () => {
    const cyclic = { ...env, relations: new Map([['base', Relation.fromPairs(4, [[0, 1, TRUE], [1, 0, TRUE]])]]) };
    expect(possibleValues(cyclic, text)).toEqual([]);
  });

  it('groups events by location, also through symbolic addresses', () => {
    const x: IntTerm = intVar('a');
    const sym: CatEnv = {
      ...makeEnv({ n: 2, sets: { W: [0, 1] } }),
      eventInfo: { addr: (id) => (id === 0 ? int(100) : x), value: () => undefined, locations: [100, 200] },
    };
    const text = 'with co from cross(map (fun ws -> linearisations(ws, 0)) (classes-loc(W)))\nempty co as probe';
    // Event 1 is ordered with 0 exactly when its address is 100.
    const { choices, probe } = symbolic(sym, text);
    const orders = new Set<string>();
    for (const addr of [100, 200]) {
      for (const [r0, r1] of [[0, 1], [1, 0]]) {
        const ev = new Evaluator({ bool: () => false, int: (n) => (n === 'a' ? addr : n === 'ch0_r0' ? r0! : r1!) });
        if (!choices.constraints.every((c) => ev.bool(c))) continue;
        const edges = [...(probe as Relation).pairs()].filter(([, , c]) => ev.bool(c)).map(([x, y]) => `${x}->${y}`);
        orders.add(`${addr}: ${edges.join(' ')}`);
      }
    }
    expect([...orders].sort()).toEqual(['100: 0->1', '100: 1->0', '200: ']);
  });

  it('replays ranks from the solver values', () => {
    const { choices } = symbolic(env, text);
    const ranks: Record<string, number> = { ch0_r0: 5, ch0_r1: 7, ch0_r2: 6, ch0_r3: 0 };
    // Location 200 has one write: its rank is declared but constrains nothing.
    expect([...freeVars(choices.constraints).ints].sort()).toEqual(['ch0_r0', 'ch0_r1', 'ch0_r2']);
    const value = run(text, { ...env, choices: new ConcreteChoices({ bool: () => false, int: (n) => ranks[n]! }) }).checks[0]!.value;
    expect(show(value)).toEqual(['0->1', '0->2', '2->1']);
    ranks.ch0_r1 = 1; // 1 before 0 breaks the base order
    expect(() => run(text, { ...env, choices: new ConcreteChoices({ bool: () => false, int: (n) => ranks[n]! }) })).toThrow(ChoiceViolation);
  });
});

describe('different-values', () => {
  it('keeps pairs whose values differ (events without a value always differ)', () => {
    const a = intVar('v');
    const env: CatEnv = {
      ...makeEnv({ n: 3, relations: { r: [[0, 1], [0, 2], [1, 2]] } }),
      eventInfo: { addr: () => undefined, value: (id) => (id === 0 ? int(1) : id === 1 ? a : undefined), locations: [] },
    };
    const v = run('empty different-values(r) as probe', env).checks[0]!.value as Relation;
    expect(show(v)).toEqual(['0->1', '0->2', '1->2']);
    expect(v.get(0, 2)).toBe(TRUE);
    expect(new Evaluator({ bool: () => false, int: () => 1 }).bool(v.get(0, 1))).toBe(false);
    expect(new Evaluator({ bool: () => false, int: () => 2 }).bool(v.get(0, 1))).toBe(true);
  });
});

describe('with needs exact values', () => {
  it('asks for exact evaluation when its set comes from an approximated closure', () => {
    const env = makeEnv({ n: 3, relations: { r: [[0, 1, p], [1, 2]] } });
    const approx = { ...env, approximation: new Approximation('ap_'), choices: new SymbolicChoices() };
    expect(() => run('let one q = q ++ 0\nwith x from map one (r+)\nempty x', approx)).toThrow(NeedsExactEvaluation);
    // Without the approximation the same model evaluates.
    expect(() => run('let one q = q ++ 0\nwith x from map one (r+)\nempty x', { ...env, choices: new SymbolicChoices() })).not.toThrow();
  });
});
