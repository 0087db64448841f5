import { describe, expect, it } from 'vitest';
import { parseLitmus } from '../../src/litmus/parse.js';
import type { Expr, Program, Stmt } from '../../src/program/ir.js';
import {
  SHARED_LITMUS_DIR,
  haveSharedLitmus,
  parseShared,
  positionOf,
  readShared,
  withoutPos,
} from './helpers.js';
import { sharedSuiteFiles } from '../shared-litmus.js';

const addr = (name: string) => ({ kind: 'addr', name });
const reg = (name: string) => ({ kind: 'reg', name });
const int = (value: number) => ({ kind: 'const', value });
const regObs = (thread: number, name: string) => ({ kind: 'reg', thread, reg: name });
const mem = (name: string) => ({ kind: 'mem', name });

function body(p: Program, thread: number): Stmt[] {
  return withoutPos(p.threads[thread]!.body);
}

const suiteTitle = haveSharedLitmus
  ? `shared litmus suite (${SHARED_LITMUS_DIR})`
  : `shared litmus suite: SKIPPED, directory ${SHARED_LITMUS_DIR} not found`;

describe.skipIf(!haveSharedLitmus)(suiteTitle, () => {
  const files = sharedSuiteFiles();

  it('finds the whole suite (91 files)', () => {
    expect(files.length).toBeGreaterThanOrEqual(91);
  });

  it.each(files)('parses %s', (rel) => {
    const p = parseShared(rel);
    expect(p.threads.length).toBeGreaterThan(0);
    p.threads.forEach((t, i) => expect(t.id).toBe(i));
    expect(p.condition).toBeDefined();
  });

  it('MP+onceassign+derefonce: rcu_assign_pointer is a release store of &x into p', () => {
    const p = parseShared('kernel/MP+onceassign+derefonce.litmus');
    expect(p.threads).toHaveLength(2);
    expect(withoutPos(p.locations)).toEqual([
      { name: 'p', type: 'pointer', init: addr('y') },
      { name: 'y', type: 'int', init: int(0) },
      { name: 'x', type: 'int', init: int(0) },
    ]);
    expect(body(p, 0)).toEqual([
      { kind: 'store', addr: addr('x'), value: int(1), tag: 'once' },
      { kind: 'store', addr: addr('p'), value: addr('x'), tag: 'release' },
    ]);
    expect(body(p, 1)).toEqual([
      { kind: 'fence', fence: 'rcu-lock' },
      { kind: 'assign', reg: 'r0', value: { kind: 'load', addr: addr('p'), tag: 'once' } },
      { kind: 'assign', reg: 'r1', value: { kind: 'load', addr: reg('r0'), tag: 'once' } },
      { kind: 'fence', fence: 'rcu-unlock' },
    ]);
    expect(withoutPos(p.condition)).toEqual({
      quantifier: 'exists',
      prop: {
        kind: 'and',
        args: [
          { kind: 'eq', left: regObs(1, 'r0'), right: addr('x') },
          { kind: 'eq', left: regObs(1, 'r1'), right: int(0) },
        ],
      },
    });
  });

  it("C-WWC+o+o-data-o+o-addr-o: the (int**) cast is ignored and pointers flow through registers", () => {
    const p = parseShared('catalogue/C-WWC+o+o-data-o+o-addr-o.litmus');
    expect(p.threads).toHaveLength(3);
    expect(withoutPos(p.locations)).toEqual([
      { name: 'a', type: 'int', init: int(0) },
      { name: 'b', type: 'int', init: int(0) },
      { name: 'x', type: 'pointer', init: addr('a') },
      { name: 'y', type: 'pointer', init: addr('b') },
    ]);
    expect(withoutPos(p.threads[2]!.params)).toEqual([
      { name: 'y', type: 'pointer' },
      { name: 'a', type: 'int' },
    ]);
    // WRITE_ONCE(*x, x): the address of x stored into x.
    expect(body(p, 0)).toEqual([{ kind: 'store', addr: addr('x'), value: addr('x'), tag: 'once' }]);
    expect(body(p, 2)).toEqual([
      { kind: 'assign', reg: 'r2', value: { kind: 'load', addr: addr('y'), tag: 'once' } },
      { kind: 'store', addr: reg('r2'), value: addr('a'), tag: 'once' },
    ]);
    expect(withoutPos(p.condition!.prop)).toEqual({
      kind: 'and',
      args: [
        { kind: 'eq', left: regObs(1, 'r1'), right: addr('x') },
        { kind: 'eq', left: regObs(2, 'r2'), right: addr('x') },
        { kind: 'eq', left: mem('x'), right: addr('x') },
      ],
    });
  });

  it('C-RomanPenyaev-list-rcu-rr: pointer init block, undeclared registers, locations clause', () => {
    const p = parseShared('catalogue/C-RomanPenyaev-list-rcu-rr.litmus');
    expect(p.threads).toHaveLength(2);
    // `int *z=1; int *y=z; ...`: the declared type wins over the parameters' `int *c`.
    expect(withoutPos(p.locations)).toEqual([
      { name: 'z', type: 'pointer', init: int(1) },
      { name: 'y', type: 'pointer', init: addr('z') },
      { name: 'x', type: 'pointer', init: addr('y') },
      { name: 'w', type: 'pointer', init: addr('x') },
      { name: 'v', type: 'pointer', init: addr('w') },
      { name: 'c', type: 'pointer', init: addr('w') },
    ]);
    const p0 = body(p, 0);
    expect(p0[0]).toEqual({ kind: 'store', addr: addr('w'), value: addr('y'), tag: 'release' });
    expect(p0[1]).toEqual({ kind: 'fence', fence: 'sync-rcu' });
    expect(p0[3]).toEqual({
      kind: 'if',
      cond: { kind: 'binary', op: '==', left: reg('r1'), right: addr('x') },
      then: [
        { kind: 'store', addr: addr('c'), value: int(0), tag: 'once' },
        { kind: 'fence', fence: 'sync-rcu' },
      ],
      else: [],
    });
    // r2 = rcu_dereference(*r1): a once load through the pointer held in r1.
    expect(body(p, 1)[3]).toEqual({ kind: 'assign', reg: 'r2', value: { kind: 'load', addr: reg('r1'), tag: 'once' } });
    expect(withoutPos(p.observed)).toEqual([
      regObs(0, 'r1'), regObs(1, 'r1'), regObs(1, 'r3'),
      mem('c'), mem('v'), mem('w'), mem('x'), mem('y'),
    ]);
    expect(p.condition!.prop.kind).toBe('or');
  });

  it('RM-broken: locations, filter and exists', () => {
    const p = parseShared('kernel-doc/locking/RM-broken.litmus');
    expect(p.threads).toHaveLength(2);
    expect(withoutPos(p.locations)).toEqual([
      { name: 'x', type: 'int', init: int(0) },
      { name: 'y', type: 'atomic_t', init: int(0) },
      { name: 'lck', type: 'spinlock_t', init: int(0) },
    ]);
    expect(withoutPos(p.filter)).toEqual({
      kind: 'and',
      args: [
        { kind: 'eq', left: regObs(1, 'r0'), right: int(0) },
        { kind: 'eq', left: regObs(1, 'r1'), right: int(1) },
      ],
    });
    expect(withoutPos(p.observed)).toEqual([mem('x'), regObs(0, 'r2'), regObs(1, 'r0'), regObs(1, 'r1'), regObs(1, 'r2')]);
    expect(withoutPos(p.condition)).toEqual({
      quantifier: 'exists',
      prop: { kind: 'eq', left: regObs(1, 'r2'), right: int(1) },
    });
    expect(body(p, 0)).toEqual([
      { kind: 'lock', addr: addr('lck') },
      {
        kind: 'assign',
        reg: 'r2',
        value: { kind: 'rmw', op: 'add', addr: addr('y'), operand: int(1), returns: 'new', tag: 'mb' },
      },
      { kind: 'store', addr: addr('x'), value: int(1), tag: 'once' },
      { kind: 'unlock', addr: addr('lck') },
    ]);
  });

  it("C-cmpxchg: '~x=2' is a negated atom", () => {
    const text = readShared('catalogue/C-cmpxchg.litmus');
    const p = parseLitmus(text, 'C-cmpxchg.litmus');
    expect(body(p, 0)).toEqual([
      { kind: 'assign', reg: 'r1', value: { kind: 'cmpxchg', addr: addr('x'), expected: int(1), desired: int(2), tag: 'mb' } },
    ]);
    expect(withoutPos(p.observed)).toEqual([regObs(1, 'r1')]);
    expect(withoutPos(p.condition!.prop)).toEqual({
      kind: 'and',
      args: [
        { kind: 'eq', left: regObs(0, 'r1'), right: int(1) },
        { kind: 'not', arg: { kind: 'eq', left: mem('x'), right: int(2) } },
      ],
    });
    expect(p.condition!.pos).toEqual({ file: 'C-cmpxchg.litmus', ...positionOf(text, 'exists') });
  });

  it("spinlock-is-locked-self: 'not (...)' around a conjunction", () => {
    const p = parseShared('catalogue/spinlock-is-locked-self.litmus');
    expect(p.threads).toHaveLength(1);
    expect(body(p, 0).map((s) => s.kind)).toEqual(['assign', 'lock', 'assign', 'unlock', 'assign']);
    expect(body(p, 0)[0]).toEqual({ kind: 'assign', reg: 'r1', value: { kind: 'isLocked', addr: addr('lo') } });
    expect(withoutPos(p.condition)).toEqual({
      quantifier: 'exists',
      prop: {
        kind: 'not',
        arg: {
          kind: 'and',
          args: [
            { kind: 'eq', left: regObs(0, 'r1'), right: int(0) },
            { kind: 'eq', left: regObs(0, 'r2'), right: int(1) },
            { kind: 'eq', left: regObs(0, 'r3'), right: int(0) },
          ],
        },
      },
    });
  });

  it('dep+plain: plain C accesses and declarations with initialisers', () => {
    const p = parseShared('kernel/dep+plain.litmus');
    const plainLoad = (name: string) => ({ kind: 'load', addr: addr(name), tag: 'plain' });
    expect(body(p, 0)).toEqual([
      { kind: 'assign', reg: 'a', value: { kind: 'load', addr: addr('x'), tag: 'once' } },
      { kind: 'store', addr: addr('z1'), value: reg('a'), tag: 'plain' },
      { kind: 'store', addr: addr('z2'), value: plainLoad('z1'), tag: 'plain' },
      {
        kind: 'if',
        cond: { kind: 'binary', op: '==', left: plainLoad('z2'), right: int(1) },
        then: [{ kind: 'store', addr: addr('y'), value: int(1), tag: 'once' }],
        else: [],
      },
    ]);
    expect(body(p, 1)).toEqual([
      { kind: 'assign', reg: 'r', value: { kind: 'load', addr: addr('y'), tag: 'acquire' } },
      { kind: 'store', addr: addr('x'), value: reg('r'), tag: 'release' },
    ]);
  });

  it('atomics in kernel-doc/atomic and add_unless_mb', () => {
    const mbAfter = parseShared('kernel-doc/atomic/Atomic-RMW+mb__after_atomic-is-stronger-than-acquire.litmus');
    expect(body(mbAfter, 0)[2]).toEqual({ kind: 'assign', reg: 'r1', value: { kind: 'load', addr: addr('y'), tag: 'once' } });
    expect(body(mbAfter, 1)).toEqual([
      { kind: 'eval', value: { kind: 'rmw', op: 'add', addr: addr('y'), operand: int(1), returns: 'none', tag: 'noreturn' } },
      { kind: 'fence', fence: 'after-atomic' },
      { kind: 'store', addr: addr('x'), value: int(1), tag: 'once' },
    ]);
    expect(mbAfter.locations.find((l) => l.name === 'y')?.type).toBe('atomic_t');

    const text = readShared('kernel-doc/atomic/Atomic-RMW-ops-are-atomic-WRT-atomic_set.litmus');
    const setTest = parseLitmus(text, 'set.litmus');
    expect(withoutPos(setTest.locations)).toEqual([{ name: 'v', type: 'atomic_t', init: int(1) }]);
    const [evalStmt] = setTest.threads[0]!.body;
    // `(void)atomic_add_unless(v, 1, 0);`: the statement starts at the cast.
    expect(evalStmt!.pos).toEqual({ file: 'set.litmus', ...positionOf(text, '(void)') });
    expect(withoutPos(evalStmt)).toEqual({
      kind: 'eval',
      value: { kind: 'addUnless', addr: addr('v'), add: int(1), unless: int(0), tag: 'mb' },
    });
    expect(body(setTest, 1)).toEqual([{ kind: 'store', addr: addr('v'), value: int(0), tag: 'once' }]);

    const addUnless = parseShared('catalogue/add_unless_mb.litmus');
    expect(body(addUnless, 0)[1]).toEqual({
      kind: 'assign',
      reg: 'r0',
      value: { kind: 'addUnless', addr: addr('z'), add: int(1), unless: int(5), tag: 'mb' },
    });
    expect(withoutPos(addUnless.observed)).toEqual([mem('z')]);
  });

  it('negative constants, and addresses in conditions', () => {
    const dstb = parseShared('catalogue/C-LB+o-cge-o+o-cge-o+dstb.litmus');
    expect(body(dstb, 2)[2]).toEqual({
      kind: 'if',
      cond: { kind: 'binary', op: '<', left: reg('r3'), right: int(0) },
      then: [{ kind: 'store', addr: addr('y'), value: int(-1), tag: 'once' }],
      else: [],
    });
    const relacq = parseShared('catalogue/MP+relacq.litmus');
    expect(body(relacq, 1)[0]).toEqual({ kind: 'assign', reg: 'r1', value: int(-1) });

    const addrTest = parseShared('catalogue/C-MP+o-wmb-o+o-addr-o.litmus');
    expect(addrTest.name).toBe('C-MP+o-wmb-o+o-ad-o');
    expect(withoutPos(addrTest.locations.slice(0, 2))).toEqual([
      { name: 'y', type: 'int', init: int(1) },
      { name: 'x1', type: 'pointer', init: addr('y') },
    ]);
    expect(withoutPos(addrTest.condition!.prop)).toEqual({
      kind: 'and',
      args: [
        { kind: 'eq', left: regObs(1, 'r2'), right: addr('x0') },
        { kind: 'eq', left: regObs(1, 'r3'), right: int(1) },
      ],
    });
  });
});

// ---------------------------------------------------------------------------
// Inline tests for constructs the corpus does not use.

function parseThreadBody(code: string, params = 'int *x, int *y, atomic_t *v, spinlock_t *l, struct srcu_struct *s'): Stmt[] {
  const p = parseLitmus(`C inline\n{}\nP0(${params})\n{\n${code}\n}\nexists (x=0)\n`, 'inline.litmus');
  return withoutPos(p.threads[0]!.body);
}

function parseValue(expr: string): Expr {
  const [stmt] = parseThreadBody(`r = ${expr};`);
  if (stmt?.kind !== 'assign') throw new Error('expected an assignment');
  return stmt.value;
}

describe('inline programs', () => {
  it('header, init block forms and location types', () => {
    const p = parseLitmus(
      [
        'C weird+name.1-2',
        '"a description"',
        '{ int x; int y = 0x10; z=1; int *p = &x; int *q=y; atomic_t a = ATOMIC_INIT(-3);',
        '  spinlock_t l; struct srcu_struct s; unsigned long u = 2; 0:r1=2; 1:r2=x }',
        'P0(int* m, int **pp, atomic_t *at, spinlock_t *sl, struct srcu_struct *ss, int *z) { }',
        'P1(int *x) { }',
        'locations [x; 0:r1;]',
        '~exists (x=1)',
      ].join('\n'),
      'init.litmus',
    );
    expect(p.name).toBe('weird+name.1-2');
    expect(withoutPos(p.locations)).toEqual([
      { name: 'x', type: 'int', init: int(0) },
      { name: 'y', type: 'int', init: int(16) },
      { name: 'z', type: 'int', init: int(1) },
      { name: 'p', type: 'pointer', init: addr('x') },
      { name: 'q', type: 'pointer', init: addr('y') },
      { name: 'a', type: 'atomic_t', init: int(-3) },
      { name: 'l', type: 'spinlock_t', init: int(0) },
      { name: 's', type: 'srcu_struct', init: int(0) },
      { name: 'u', type: 'int', init: int(2) },
      { name: 'm', type: 'int', init: int(0) },
      { name: 'pp', type: 'pointer', init: int(0) },
      { name: 'at', type: 'atomic_t', init: int(0) },
      { name: 'sl', type: 'spinlock_t', init: int(0) },
      { name: 'ss', type: 'srcu_struct', init: int(0) },
    ]);
    expect(p.threads[0]!.initRegs).toEqual([{ reg: 'r1', value: int(2) }]);
    expect(p.threads[1]!.initRegs).toEqual([{ reg: 'r2', value: addr('x') }]);
    expect(withoutPos(p.observed)).toEqual([mem('x'), regObs(0, 'r1')]);
    expect(p.condition!.quantifier).toBe('not-exists');
    expect(p.condition!.pos).toMatchObject({ line: 8, col: 1 });
  });

  it('a test may end without a condition', () => {
    const p = parseLitmus('C t\n{}\nP0(int *x) { WRITE_ONCE(*x, 1); }\nlocations [x]\n(* trailing comment *)\n', 't.litmus');
    expect(p.condition).toBeUndefined();
    expect(withoutPos(p.observed)).toEqual([mem('x')]);
  });

  it('expression precedence, unary operators and constants', () => {
    expect(parseValue('1 + 2 * 3 == 7 || !r && ~r2 < 0x1f')).toEqual({
      kind: 'binary',
      op: '||',
      left: {
        kind: 'binary',
        op: '==',
        left: { kind: 'binary', op: '+', left: int(1), right: { kind: 'binary', op: '*', left: int(2), right: int(3) } },
        right: int(7),
      },
      right: {
        kind: 'binary',
        op: '&&',
        left: { kind: 'unary', op: '!', arg: reg('r') },
        right: { kind: 'binary', op: '<', left: { kind: 'unary', op: '~', arg: reg('r2') }, right: int(31) },
      },
    });
    expect(parseValue('(a - b) - c')).toEqual({
      kind: 'binary',
      op: '-',
      left: { kind: 'binary', op: '-', left: reg('a'), right: reg('b') },
      right: reg('c'),
    });
    expect(parseValue('a | b ^ c & d << 1 % 2')).toEqual({
      kind: 'binary',
      op: '|',
      left: reg('a'),
      right: {
        kind: 'binary',
        op: '^',
        left: reg('b'),
        right: {
          kind: 'binary',
          op: '&',
          left: reg('c'),
          right: { kind: 'binary', op: '<<', left: reg('d'), right: { kind: 'binary', op: '%', left: int(1), right: int(2) } },
        },
      },
    });
    expect(parseValue('-r')).toEqual({ kind: 'unary', op: '-', arg: reg('r') });
    expect(parseValue('&x')).toEqual(addr('x'));
    expect(parseValue('*x + 1')).toEqual({
      kind: 'binary',
      op: '+',
      left: { kind: 'load', addr: addr('x'), tag: 'plain' },
      right: int(1),
    });
    expect(parseValue('(int *)x')).toEqual(addr('x'));
  });

  it('positions of expressions and statements are their first token', () => {
    const p = parseLitmus('C t\n{}\nP0(int *x)\n{\n\tint r = (r1 + 2) * READ_ONCE(*x);\n}\nexists (x=0)\n', 't.litmus');
    const stmt = p.threads[0]!.body[0]!;
    expect(stmt.pos).toEqual({ file: 't.litmus', line: 5, col: 2 });
    if (stmt.kind !== 'assign' || stmt.value.kind !== 'binary') throw new Error('unexpected IR');
    expect(stmt.value.pos).toMatchObject({ line: 5, col: 10 });
    expect(stmt.value.right.pos).toMatchObject({ line: 5, col: 21 });
    if (stmt.value.right.kind !== 'load') throw new Error('unexpected IR');
    expect(stmt.value.right.addr.pos).toMatchObject({ line: 5, col: 32 });
  });

  it('control flow: if/else if, loops, for, break, return', () => {
    const stmts = parseThreadBody(`
      if (r == 1) r = 2; else if (r == 2) { r = 3; } else r = 4;
      while (READ_ONCE(*x) == 0) { if (r) break; }
      do r = r + 1; while (r < 3);
      for (int i = 0; i < 2; i++) WRITE_ONCE(*y, i);
      for (;;) break;
      return;
    `);
    expect(stmts[0]).toEqual({
      kind: 'if',
      cond: { kind: 'binary', op: '==', left: reg('r'), right: int(1) },
      then: [{ kind: 'assign', reg: 'r', value: int(2) }],
      else: [
        {
          kind: 'if',
          cond: { kind: 'binary', op: '==', left: reg('r'), right: int(2) },
          then: [{ kind: 'assign', reg: 'r', value: int(3) }],
          else: [{ kind: 'assign', reg: 'r', value: int(4) }],
        },
      ],
    });
    expect(stmts[1]).toEqual({
      kind: 'loop',
      cond: { kind: 'binary', op: '==', left: { kind: 'load', addr: addr('x'), tag: 'once' }, right: int(0) },
      body: [{ kind: 'if', cond: reg('r'), then: [{ kind: 'break' }], else: [] }],
      doWhile: false,
    });
    expect(stmts[2]).toEqual({
      kind: 'loop',
      cond: { kind: 'binary', op: '<', left: reg('r'), right: int(3) },
      body: [{ kind: 'assign', reg: 'r', value: { kind: 'binary', op: '+', left: reg('r'), right: int(1) } }],
      doWhile: true,
    });
    expect(stmts[3]).toEqual({ kind: 'assign', reg: 'i', value: int(0) });
    expect(stmts[4]).toEqual({
      kind: 'loop',
      cond: { kind: 'binary', op: '<', left: reg('i'), right: int(2) },
      body: [{ kind: 'store', addr: addr('y'), value: reg('i'), tag: 'once' }],
      step: [{ kind: 'assign', reg: 'i', value: { kind: 'binary', op: '+', left: reg('i'), right: int(1) } }],
      doWhile: false,
    });
    expect(stmts[5]).toEqual({ kind: 'loop', cond: int(1), body: [{ kind: 'break' }], doWhile: false });
    expect(stmts[6]).toEqual({ kind: 'return' });
    expect(stmts).toHaveLength(7);
  });

  it('accesses, fences, locks and SRCU', () => {
    const stmts = parseThreadBody(`
      smp_store_mb(*x, 1);
      r1 = atomic_read_acquire(v);
      atomic_set_release(v, 2);
      smp_mb__before_atomic(); barrier(); smp_mb__after_unlock_lock(); synchronize_rcu_expedited();
      smp_mb__after_srcu_read_unlock();
      spin_lock(l); r2 = spin_trylock(l); spin_unlock(l);
      idx = srcu_read_lock(s); srcu_read_unlock(s, idx); synchronize_srcu(s); synchronize_srcu_expedited(s);
    `);
    expect(stmts).toEqual([
      { kind: 'store', addr: addr('x'), value: int(1), tag: 'once' },
      { kind: 'fence', fence: 'mb' },
      { kind: 'assign', reg: 'r1', value: { kind: 'load', addr: addr('v'), tag: 'acquire' } },
      { kind: 'store', addr: addr('v'), value: int(2), tag: 'release' },
      { kind: 'fence', fence: 'before-atomic' },
      { kind: 'fence', fence: 'barrier' },
      { kind: 'fence', fence: 'after-unlock-lock' },
      { kind: 'fence', fence: 'sync-rcu' },
      { kind: 'fence', fence: 'after-srcu-read-unlock' },
      { kind: 'lock', addr: addr('l') },
      { kind: 'assign', reg: 'r2', value: { kind: 'trylock', addr: addr('l') } },
      { kind: 'unlock', addr: addr('l') },
      { kind: 'assign', reg: 'idx', value: { kind: 'srcuLock', addr: addr('s') } },
      { kind: 'srcuUnlock', addr: addr('s'), value: reg('idx') },
      { kind: 'syncSrcu', addr: addr('s') },
      { kind: 'syncSrcu', addr: addr('s') },
    ]);
  });

  it('atomic RMW families follow linux-kernel.def', () => {
    const rmw = (op: string, operand: object, returns: string, tag: string) => ({
      kind: 'rmw', op, addr: addr('v'), operand, returns, tag,
    });
    expect(parseThreadBody('atomic_sub(3, v); atomic_andnot(r, v); atomic_dec(v);')).toEqual([
      { kind: 'eval', value: rmw('sub', int(3), 'none', 'noreturn') },
      { kind: 'eval', value: rmw('andnot', reg('r'), 'none', 'noreturn') },
      { kind: 'eval', value: rmw('sub', int(1), 'none', 'noreturn') },
    ]);
    expect(parseValue('atomic_add_return_relaxed(2, v)')).toEqual(rmw('add', int(2), 'new', 'once'));
    expect(parseValue('atomic_dec_return_acquire(v)')).toEqual(rmw('sub', int(1), 'new', 'acquire'));
    expect(parseValue('atomic_fetch_or_release(4, v)')).toEqual(rmw('or', int(4), 'old', 'release'));
    expect(parseValue('atomic_fetch_inc(v)')).toEqual(rmw('add', int(1), 'old', 'mb'));
    expect(parseValue('atomic_xchg_acquire(v, 5)')).toEqual(rmw('xchg', int(5), 'old', 'acquire'));
    expect(parseValue('xchg_relaxed(x, 5)')).toEqual({ ...rmw('xchg', int(5), 'old', 'once'), addr: addr('x') });
    expect(parseValue('atomic_cmpxchg_release(v, 1, 2)')).toEqual({
      kind: 'cmpxchg', addr: addr('v'), expected: int(1), desired: int(2), tag: 'release',
    });
    expect(parseValue('atomic_inc_not_zero(v)')).toEqual({
      kind: 'addUnless', addr: addr('v'), add: int(1), unless: int(0), tag: 'mb',
    });
    expect(parseValue('atomic_dec_and_test(v)')).toEqual({
      kind: 'binary', op: '==', left: rmw('sub', int(1), 'new', 'mb'), right: int(0),
    });
    expect(parseValue('atomic_add_negative_relaxed(r, v)')).toEqual({
      kind: 'binary', op: '<', left: rmw('add', reg('r'), 'new', 'once'), right: int(0),
    });
  });

  it('compound assignments and increments on registers and through pointers', () => {
    expect(parseThreadBody('r += 2; ++r; *x -= 1;')).toEqual([
      { kind: 'assign', reg: 'r', value: { kind: 'binary', op: '+', left: reg('r'), right: int(2) } },
      { kind: 'assign', reg: 'r', value: { kind: 'binary', op: '+', left: reg('r'), right: int(1) } },
      {
        kind: 'store',
        addr: addr('x'),
        value: { kind: 'binary', op: '-', left: { kind: 'load', addr: addr('x'), tag: 'plain' }, right: int(1) },
        tag: 'plain',
      },
    ]);
  });

  it('condition connectives: precedence of ~, /\\, \\/, =>; true/false; [x]; registers on the right', () => {
    const cond = (c: string) => {
      const p = parseLitmus(`C t\n{}\nP0(int *x, int *y) { }\nP1(int *x) { }\n${c}\n`, 't.litmus');
      return withoutPos(p.condition!);
    };
    const eq = (left: object, right: object) => ({ kind: 'eq', left, right });
    expect(cond('forall (x=1 /\\ y=2 \\/ ~x=3 => true)')).toEqual({
      quantifier: 'forall',
      prop: {
        kind: 'implies',
        left: {
          kind: 'or',
          args: [
            { kind: 'and', args: [eq(mem('x'), int(1)), eq(mem('y'), int(2))] },
            { kind: 'not', arg: eq(mem('x'), int(3)) },
          ],
        },
        right: { kind: 'true' },
      },
    });
    expect(cond('exists([x]=-1 \\/ 0:r1=1:r2 \\/ false)')).toEqual({
      quantifier: 'exists',
      prop: {
        kind: 'or',
        args: [eq(mem('x'), int(-1)), eq(regObs(0, 'r1'), regObs(1, 'r2')), { kind: 'false' }],
      },
    });
    expect(cond('~ exists (x=1 => y=1 => x=2)').prop).toEqual({
      kind: 'implies',
      left: eq(mem('x'), int(1)),
      right: { kind: 'implies', left: eq(mem('y'), int(1)), right: eq(mem('x'), int(2)) },
    });
  });
});
