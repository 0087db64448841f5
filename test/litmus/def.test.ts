import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandMacro, loadMacros, macroReturnsValue, parseMacros } from '../../src/litmus/def.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import type { Expr, Stmt } from '../../src/program/ir.js';
import { withoutPos } from './helpers.js';
import { inputErrorOf } from '../input-error.js';

const MINI = join(import.meta.dirname, '../fixtures/herd/mini.def');
const table = loadMacros(MINI);

function thread0(body: string): Stmt[] {
  const text = `C t\n{}\nP0(int *x, spinlock_t *l, struct srcu_struct *s)\n{\n${body}\n}\nexists (x=0)\n`;
  return withoutPos(parseLitmus(text, 't.litmus', { macros: table }).threads[0]!.body);
}


const x: Expr = { kind: 'addr', name: 'x' } as Expr;

describe('.def macros', () => {
  it('reads expression and block macros, annotations spanning C tokens, operator arguments', () => {
    expect(table.macros.size).toBe(24);
    expect(macroReturnsValue(table.macros.get('READ_ONCE')!)).toBe(true);
    expect(macroReturnsValue(table.macros.get('WRITE_ONCE')!)).toBe(false);
    expect(table.macros.get('smp_mb__before_atomic')!.body).toMatchObject({
      kind: 'block',
      stmts: [{ kind: 'builtin', name: '__fence', annot: ['before-atomic'] }],
    });
    expect(table.macros.get('atomic_andnot')!.body).toMatchObject({
      kind: 'block',
      stmts: [{ kind: 'builtin', name: '__atomic_op', args: [{ kind: 'param' }, { kind: 'op', op: 'andnot' }, { kind: 'param' }] }],
    });
    expect(table.macros.get('atomic_dec_and_test')!.body).toMatchObject({ kind: 'expr', expr: { kind: 'binary', op: '==' } });
  });

  it('expands accesses through *p, nested macros, and keeps the annotations', () => {
    expect(thread0('r0 = READ_ONCE(*x);')).toEqual([
      { kind: 'assign', reg: 'r0', value: { kind: 'load', addr: x, tag: 'once', herd: { annot: ['once'] } } },
    ]);
    // atomic_read(x) is READ_ONCE(*x): the same load, named after the macro the test called.
    const text = 'C t\n{}\nP0(int *x)\n{\nr0 = atomic_read(x);\n}\nexists (x=0)\n';
    expect(parseLitmus(text, 't.litmus', { macros: table }).threads[0]!.body[0]).toMatchObject({ value: { primitive: 'atomic_read' } });
    expect(thread0('r0 = atomic_read(x);')).toEqual([
      { kind: 'assign', reg: 'r0', value: { kind: 'load', addr: x, tag: 'once', herd: { annot: ['once'] } } },
    ]);
    expect(thread0('smp_store_mb(*x, 1);')).toEqual([
      { kind: 'store', addr: x, value: { kind: 'const', value: 1 }, tag: 'once', herd: { annot: ['once'] } },
      { kind: 'fence', fence: 'mb', herd: { annot: ['mb'] } },
    ]);
  });

  it('expands atomics and locks to memorder IR nodes', () => {
    const [inc, dec, add] = thread0('atomic_inc(x);\nr0 = atomic_dec_and_test(x);\nr1 = atomic_add_unless(x, 1, 0);') as Stmt[];
    expect(inc).toMatchObject({ kind: 'eval', value: { kind: 'rmw', op: 'add', returns: 'none', operand: { kind: 'const', value: 1 }, herd: { annot: ['noreturn'] } } });
    expect(dec).toMatchObject({ kind: 'assign', value: { kind: 'binary', op: '==', left: { kind: 'rmw', op: 'sub', returns: 'new' } } });
    expect(add).toMatchObject({ kind: 'assign', value: { kind: 'addUnless', tag: 'mb', herd: { annot: ['mb'] } } });
    expect(thread0('spin_lock(l);\nr0 = spin_trylock(l);\nsynchronize_srcu(s);')).toMatchObject([
      { kind: 'lock', herd: { annot: [] } },
      { kind: 'assign', value: { kind: 'trylock' } },
      { kind: 'syncSrcu', herd: { annot: ['sync-srcu'] } },
    ]);
  });

  it('rejects what herd rejects', () => {
    expect(inputErrorOf(() => thread0('r0 = READ_ONCE(x);'))).toBe("t.litmus:5:16: '__load' (in 'READ_ONCE') expects an argument of the form '*p'");
    expect(inputErrorOf(() => thread0('r0 = smp_mb();'))).toBe("t.litmus:5:6: 'smp_mb' does not return a value");
    expect(inputErrorOf(() => thread0('smp_rmb();'))).toMatch(/^t\.litmus:5:1: unknown primitive 'smp_rmb' \(not defined in .*mini\.def\)$/);
    expect(inputErrorOf(() => thread0('WRITE_ONCE(*x);'))).toBe("t.litmus:5:1: 'WRITE_ONCE' expects 2 arguments, got 1");
    expect(inputErrorOf(() => parseMacros('A(X) __nope{a}(X)', 'd.def'))).toMatch(/unknown name '__nope'/);
    expect(inputErrorOf(() => parseMacros('A(X) B(X)\nA(Y) B(Y)', 'd.def'))).toBe("d.def:2:1: macro 'A' is defined twice");
    const loop = parseMacros('A(X) B(X)\nB(X) A(X)', 'd.def');
    expect(inputErrorOf(() => expandMacro(loop, 'A', [x], { file: 't', line: 1, col: 1 }))).toBe("d.def:1:1: macro 'A' expands into itself");
    expect(inputErrorOf(() => parseMacros('A(X) __atomic_op{a}(X,%,1)', 'd.def'))).toBe("d.def:1:23: unknown atomic operator '%'");
  });
});
