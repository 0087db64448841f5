import { describe, expect, it } from 'vitest';
import { boolVar, Evaluator, not, TRUE, type BoolTerm } from '../../src/logic/term.js';
import { evaluateModel } from '../../src/cat/evaluate.js';
import { parseCat } from '../../src/cat/parser.js';
import { Relation, transitiveClosure } from '../../src/relations/relation.js';
import { checkNamed, edgesOf, makeEnv, membersOf, rel, run, show, valueOf } from './helpers.js';
import { inputErrorOf } from '../input-error.js';


/** Four events; a, b, c form the chain 0->1->2->3. */
const chain = makeEnv({
  n: 4,
  sets: { A: [0, 1, 2], W: [0, 1], F: [1], B: [0, 1], C: [1, 2], R: [2, 3] },
  relations: {
    a: [[0, 1]],
    b: [[1, 2]],
    c: [[2, 3]],
    c1: [[1, 2]],
    po: [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]],
    loc: [[0, 2], [0, 3], [1, 2], [2, 1]],
  },
});

describe('operator precedence, by value', () => {
  it('a | b ; c is a | (b ; c)', () => {
    const got = edgesOf(chain, 'a | b ; c');
    expect(got).toEqual(['0->1', '1->3']);
    expect(got).toEqual(edgesOf(chain, 'a | (b ; c)'));
    expect(got).not.toEqual(edgesOf(chain, '(a | b) ; c'));
  });

  it('a ; b \\ c is a ; (b \\ c)', () => {
    expect(edgesOf(chain, 'a ; b \\ c1')).toEqual([]);
    expect(edgesOf(chain, '(a ; b) \\ c1')).toEqual(['0->2']);
  });

  it('A \\ W \\ F is (A \\ W) \\ F', () => {
    expect(membersOf(chain, 'A \\ W \\ F')).toEqual(['2']);
    expect(membersOf(chain, 'A \\ (W \\ F)')).toEqual(['1', '2']);
  });

  it('A \\ B & C is A \\ (B & C)', () => {
    expect(membersOf(chain, 'A \\ B & C')).toEqual(['0', '2']);
    expect(membersOf(chain, '(A \\ B) & C')).toEqual(['2']);
  });

  it('r & S * T is r & (S * T)', () => {
    expect(edgesOf(chain, 'loc & W * R')).toEqual(['0->2', '0->3', '1->2']);
  });

  it('~r+ is ~(r+), and ~S * T is (~S) * T', () => {
    const small = makeEnv({ n: 3, sets: { S: [0], T: [1] }, relations: { r: [[0, 1], [1, 2]] } });
    expect(edgesOf(small, '~r+')).toEqual(['0->0', '1->0', '1->1', '2->0', '2->1', '2->2']);
    expect(edgesOf(small, '(~r)+')).toHaveLength(9);
    expect(edgesOf(small, '~S * T')).toEqual(['1->1', '2->1']);
  });

  it('evaluates postfix operators', () => {
    expect(edgesOf(chain, 'a^-1')).toEqual(['1->0']);
    expect(edgesOf(chain, '(a | b | c)+')).toEqual(['0->1', '0->2', '0->3', '1->2', '1->3', '2->3']);
    expect(edgesOf(chain, 'a?')).toEqual(['0->0', '0->1', '1->1', '2->2', '3->3']);
    expect(edgesOf(chain, '(a | b)*')).toEqual(['0->0', '0->1', '0->2', '1->1', '1->2', '2->2', '3->3']);
    expect(edgesOf(chain, '[F] ; po')).toEqual(['1->2', '1->3']);
  });
});

describe('* disambiguation, by value', () => {
  it('treats r* before ; as a closure and S * T as a product', () => {
    expect(edgesOf(chain, 'a* ; [F]')).toEqual(['0->1', '1->1']);
    expect(edgesOf(chain, '(F * R)')).toEqual(['1->2', '1->3']);
  });

  it('closes a relation at the end of a let', () => {
    const text = 'let s = (a | b)*\nlet t = s ; c';
    expect(edgesOf(chain, 't', text)).toEqual(['0->3', '1->3', '2->3']);
  });
});

describe('empty values', () => {
  it('adapt to sets and relations', () => {
    expect(edgesOf(chain, 'a | 0')).toEqual(['0->1']);
    expect(membersOf(chain, 'W | {}')).toEqual(['0', '1']);
    expect(membersOf(chain, 'emptyset | F')).toEqual(['1']);
    expect(edgesOf(chain, '[emptyset] ; po')).toEqual([]);
    expect(edgesOf(chain, '0*')).toEqual(['0->0', '1->1', '2->2', '3->3']);
  });

  it('complement as their literal suggests', () => {
    expect(edgesOf(chain, '~0')).toHaveLength(16);
    expect(membersOf(chain, '~{}')).toEqual(['0', '1', '2', '3']);
    expect(membersOf(chain, '_')).toEqual(['0', '1', '2', '3']);
  });
});

describe('functions and let', () => {
  it('applies user functions of one and two arguments', () => {
    const prelude = 'let twice(r) = r ; r\nlet either(x, y) = x | y\nlet A-cumul(r) = (b ; [C])? ; r';
    expect(edgesOf(chain, 'twice(a | b)', prelude)).toEqual(['0->2']);
    expect(edgesOf(chain, 'either(a, c)', prelude)).toEqual(['0->1', '2->3']);
    expect(edgesOf(chain, 'A-cumul(c)', prelude)).toEqual(['1->3', '2->3']);
  });

  it('closes functions over the scope of their definition', () => {
    const prelude = 'let x = a\nlet f(r) = r | x\nlet x = c';
    expect(edgesOf(chain, 'f(0) | x', prelude)).toEqual(['0->1', '2->3']);
    expect(edgesOf(chain, 'f(0)', prelude)).toEqual(['0->1']);
  });

  it('lets a model redefine a predefined name', () => {
    expect(membersOf(chain, 'W', 'let W = W | R')).toEqual(['0', '1', '2', '3']);
  });

  it('evaluates let ... in and simultaneous let ... and', () => {
    expect(edgesOf(chain, 'let y = a in y ; b')).toEqual(['0->2']);
    expect(edgesOf(chain, 'x', 'let a = b and x = a')).toEqual(['0->1']);
  });

  it('provides domain, range and fencerel', () => {
    expect(membersOf(chain, 'domain(a | c)')).toEqual(['0', '2']);
    expect(membersOf(chain, 'range(a | c)')).toEqual(['1', '3']);
    // po ; [F] ; po with F = {1}: from before 1 to after 1.
    expect(edgesOf(chain, 'fencerel(F)')).toEqual(['0->2', '0->3']);
  });

  it('rejects wrong arities and non-functions', () => {
    expect(inputErrorOf(() => valueOf(chain, 'f(a)', 'let f(x, y) = x'))).toBe("test.cat:2:7: 'f' takes 2 argument(s), got 1");
    expect(inputErrorOf(() => valueOf(chain, 'po(a)'))).toBe("test.cat:2:7: 'po' is not a function");
  });
});

describe('let rec', () => {
  it('computes a transitive closure', () => {
    expect(edgesOf(chain, 'tc', 'let rec tc = (a | b | c) | (tc ; (a | b | c))')).toEqual(
      edgesOf(chain, '(a | b | c)+'),
    );
  });

  it('solves mutually recursive definitions', () => {
    // even/odd-length paths along the chain.
    const prelude = 'let r = a | b | c\nlet rec odd = r | (even ; r) and even = odd ; r';
    expect(edgesOf(chain, 'odd', prelude)).toEqual(['0->1', '0->3', '1->2', '2->3']);
    expect(edgesOf(chain, 'even', prelude)).toEqual(['0->2', '1->3']);
  });

  it('rejects a definition without a fixpoint', () => {
    expect(inputErrorOf(() => valueOf(chain, 'x', 'let rec x = ~x'))).toMatch(/^test\.cat:1:1: let rec x: no fixpoint after \d+ iterations$/);
  });
});

/** linux-kernel.bell's matcher of nested RCU read-side critical sections. */
const RCU_MATCHER = `
let rcu-rscs = let rec
	    unmatched-locks = Rcu-lock \\ domain(matched)
	and unmatched-unlocks = Rcu-unlock \\ range(matched)
	and unmatched = unmatched-locks | unmatched-unlocks
	and unmatched-po = [unmatched] ; po ; [unmatched]
	and unmatched-locks-to-unlocks =
		[unmatched-locks] ; po ; [unmatched-unlocks]
	and matched = matched | (unmatched-locks-to-unlocks \\
		(unmatched-po ; unmatched-po))
	in matched

flag ~empty Rcu-lock \\ domain(rcu-rscs) as unbalanced-rcu-locking
`;

describe('the LKMM RCU nesting matcher', () => {
  /** Total program order over the events 0..n-1 of one thread. */
  function totalPo(n: number): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out.push([i, j]);
    return out;
  }

  it('matches nested lock/lock/unlock/unlock from the inside out', () => {
    const env = makeEnv({ n: 4, sets: { 'Rcu-lock': [0, 1], 'Rcu-unlock': [2, 3] }, relations: { po: totalPo(4) } });
    expect(edgesOf(env, 'rcu-rscs', RCU_MATCHER)).toEqual(['0->3', '1->2']);
    expect(show(checkNamed(run(RCU_MATCHER, env), 'unbalanced-rcu-locking').value)).toEqual([]);
  });

  it('matches sequential and nested sections together', () => {
    // lock lock unlock lock unlock unlock
    const env = makeEnv({ n: 6, sets: { 'Rcu-lock': [0, 1, 3], 'Rcu-unlock': [2, 4, 5] }, relations: { po: totalPo(6) } });
    expect(edgesOf(env, 'rcu-rscs', RCU_MATCHER)).toEqual(['0->5', '1->2', '3->4']);
  });

  it('flags an unmatched lock', () => {
    const env = makeEnv({ n: 3, sets: { 'Rcu-lock': [0, 1], 'Rcu-unlock': [2] }, relations: { po: totalPo(3) } });
    expect(edgesOf(env, 'rcu-rscs', RCU_MATCHER)).toEqual(['1->2']);
    const check = checkNamed(run(RCU_MATCHER, env), 'unbalanced-rcu-locking');
    expect(check).toMatchObject({ kind: 'empty', negated: true, flag: true });
    expect(show(check.value)).toEqual(['0']);
  });
});

describe('symbolic conditions', () => {
  const p = boolVar('p');
  const q = boolVar('q');
  const valuations = [
    [false, false],
    [false, true],
    [true, false],
    [true, true],
  ];
  function holds(t: BoolTerm, [pv, qv]: boolean[]): boolean {
    return new Evaluator({ bool: (name) => (name === 'p' ? pv! : qv!), int: () => 0 }).bool(t);
  }
  /** Same may-edges, and each condition equivalent under every valuation of p and q. */
  function expectEquivalent(got: Relation, want: Relation): void {
    expect(show(got)).toEqual(show(want));
    for (const [a, b, c] of want.pairs()) {
      for (const v of valuations) expect(holds(got.get(a, b), v)).toBe(holds(c, v));
    }
  }

  it('keeps edge conditions through operators', () => {
    const env = makeEnv({ n: 3, relations: { r: [[0, 1, p], [1, 2, q]], s: [[0, 1, not(p)]] } });
    const v = valueOf(env, '(r ; r) | (r & s) | (r \\ s)') as Relation;
    expect(show(v)).toEqual(['0->1', '0->2', '1->2']);
    for (const val of valuations) expect(holds(v.get(0, 2), val)).toBe(val[0]! && val[1]!);
    // r & s is p and not p: no edge; r \ s keeps 0->1 under p.
    expect(v.get(0, 1)).toBe(p);
    expect(v.get(1, 2)).toBe(q);
  });

  it('reaches the exact fixpoint of a cyclic let rec', () => {
    // With a cycle, the closure's conditions keep changing syntactically.
    const edges: [number, number, BoolTerm][] = [[0, 1, p], [1, 0, q], [1, 2, TRUE]];
    const env = makeEnv({ n: 3, relations: { r: edges } });
    const got = valueOf(env, 'tc', 'let rec tc = r | (tc ; r)') as Relation;
    expectEquivalent(got, transitiveClosure(rel(3, edges)));
  });

  it('matches conditional RCU sections', () => {
    // Event 1 is an rcu_read_lock only when p holds, event 3 an unlock only when q does.
    const env = makeEnv({
      n: 4,
      sets: { 'Rcu-lock': [0, [1, p]], 'Rcu-unlock': [2, [3, q]] },
      relations: { po: [[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]] },
    });
    const got = valueOf(env, 'rcu-rscs', RCU_MATCHER) as Relation;
    // Expected pairs per valuation (p: 1 is a lock, q: 3 is an unlock).
    const expected: Record<string, string[]> = {
      'false,false': ['0->2'],
      'false,true': ['0->2'],
      'true,false': ['1->2'],
      'true,true': ['0->3', '1->2'],
    };
    for (const v of valuations) {
      const present = [...got.pairs()].filter(([, , c]) => holds(c, v)).map(([a, b]) => `${a}->${b}`).sort();
      expect(present).toEqual(expected[v.join(',')]);
    }
  });
});

describe('checks', () => {
  it('reports every check in order, with given or generated names', () => {
    const result = run('"T"\nacyclic po as order\nirreflexive a\nflag ~empty b as has-b\n~empty W\n', chain);
    expect(result.title).toBe('T');
    expect(result.checks.map((c) => [c.name, c.kind, c.negated, c.flag])).toEqual([
      ['order', 'acyclic', false, false],
      ['irreflexive#2', 'irreflexive', false, false],
      ['has-b', 'empty', true, true],
      ['empty#4', 'empty', true, false],
    ]);
    expect(result.checks[2]!.value).toBeInstanceOf(Relation);
    expect(show(result.checks[3]!.value)).toEqual(['0', '1']);
    expect(result.checks[0]!.pos).toEqual({ file: 'test.cat', line: 2, col: 1 });
  });

  it('requires relations for acyclic and irreflexive', () => {
    expect(inputErrorOf(() => run('acyclic W', chain))).toBe("test.cat:1:9: 'acyclic' expects a relation, found a set");
  });
});

describe('try, if and include', () => {
  it('falls back when a name is undefined, but not on other errors', () => {
    expect(membersOf(chain, 'RL', 'let RL = try RL with emptyset')).toEqual([]);
    expect(edgesOf(chain, 'try a with b')).toEqual(['0->1']);
    expect(edgesOf(chain, 'try missing-fn(a) with b')).toEqual(['1->2']);
    expect(inputErrorOf(() => valueOf(chain, 'try [po] with 0'))).toBe("test.cat:2:11: '[...]' expects a set, found a relation");
  });

  it('chooses a branch by variant', () => {
    const env = makeEnv({ n: 2, relations: { a: [[0, 1]], b: [[1, 0]] }, variants: ['on'] });
    expect(edgesOf(env, 'if "on" then a else b')).toEqual(['0->1']);
    expect(edgesOf(env, 'if "off" then a else b')).toEqual(['1->0']);
  });

  it('runs included files in place, in the current scope', () => {
    const files = {
      'defs.cat': '"Included title"\nlet ab = a | b\nacyclic ab as inner\ninclude "more.cat"\n',
      'more.cat': 'let abc = ab | c\n',
    };
    const calls: [string, string][] = [];
    const result = run('acyclic a as first\ninclude "defs.cat"\nempty abc as last\n', chain, files);
    expect(result.title).toBeUndefined();
    expect(result.checks.map((c) => c.name)).toEqual(['first', 'inner', 'last']);
    expect(show(checkNamed(result, 'last').value)).toEqual(['0->1', '1->2', '2->3']);

    // The loader is told which file does the including.
    evaluateModel(parseCat('include "defs.cat"', 'top.cat'), chain, (path, from) => {
      calls.push([path, from]);
      return parseCat(files[path as keyof typeof files], path);
    });
    expect(calls).toEqual([
      ['defs.cat', 'top.cat'],
      ['more.cat', 'defs.cat'],
    ]);
  });

  it('rejects include cycles and missing files', () => {
    expect(inputErrorOf(() => run('include "x.cat"', chain, { 'x.cat': 'include "x.cat"' }))).toBe(
      'x.cat:1:1: include cycle: test.cat -> x.cat -> x.cat',
    );
    expect(inputErrorOf(() => run('include "nope.cat"', chain))).toBe('test.cat:1:1: cannot include "nope.cat": no such file nope.cat');
  });
});

describe('evaluation errors', () => {
  it('reports an unknown name at its position', () => {
    expect(inputErrorOf(() => run('let x = po\nlet y = x | foo\n', chain))).toBe("test.cat:2:13: unknown name 'foo'");
  });

  it('reports operands of the wrong kind at the operator', () => {
    // Bindings are evaluated when used: the checks force them.
    expect(inputErrorOf(() => run('let x = po | W\nacyclic x', chain))).toBe(
      "test.cat:1:12: '|' expects two sets or two relations, found a relation and a set",
    );
    expect(inputErrorOf(() => run('let x = W ; po\nacyclic x', chain))).toBe("test.cat:1:11: ';' expects a relation, found a set");
  });
});
