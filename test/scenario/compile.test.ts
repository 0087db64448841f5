// The TypeScript front end: the subset compiled to IR, barrier ids carried
// to the IR, and anything outside the subset reported at its file:line:col.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSpecFile, compileSpec } from '../../src/check/spec.js';
import { InputError } from '../../src/program/errors.js';
import type { Stmt } from '../../src/program/ir.js';
import { ScenarioProject } from '../../src/scenario/project.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { MP_LIB, mpSpec, scenarioDir } from './helpers.js';

const project = await ScenarioProject.create();

/** The error compiling a spec whose library is `lib`, as `line:col: message`. */
function compileError(lib: string, spec = mpSpec()): string {
  const dir = scenarioDir({ 'lib.ts': lib, 'x.spec.ts': spec });
  try {
    compileSpec(project, join(dir, 'x.spec.ts'));
  } catch (e) {
    if (e instanceof InputError) return `${e.pos.file.split('/').pop()}:${e.pos.line}:${e.pos.col}: ${e.detail}`;
    throw e;
  }
  return 'no error';
}

function flatten(stmts: Stmt[]): Stmt[] {
  return stmts.flatMap((s) => (s.kind === 'if' ? [s, ...flatten(s.then), ...flatten(s.else)] : s.kind === 'loop' ? [s, ...flatten(s.body)] : [s]));
}

describe('scenario compiler', () => {
  afterAll(shutdownZ3);

  it('verifies message passing written in TypeScript, with variants and a witness in TS terms', async () => {
    const dir = scenarioDir({ 'lib.ts': MP_LIB, 'mp.spec.ts': mpSpec() });
    const r = await checkSpecFile(join(dir, 'mp.spec.ts'), { project });
    expect(r.rows.map((x) => `${x.model} ${x.variant} ${x.verdict} ${x.match}`)).toEqual([
      'lkmm fixed Never true',
      'lkmm no-rmb Sometimes true',
      'sc fixed Never true',
      'sc no-rmb Never true',
    ]);
    const w = r.rows[1]!.witness!;
    const reads = w.events.filter((e) => e.kind === 'R');
    expect(reads.map((e) => `${e.pos!.fn}:${e.pos!.line}:${e.location}=${e.value}`)).toEqual(['consume:12:flag=1', 'consume:14:data=0']);
    expect(r.imports.map((f) => f.split('/').pop())).toEqual(['lib.ts', 'mp.spec.ts']);
    expect(r.barriers.map((b) => `${b.id} ${b.primitive} ${b.fn} ${b.pos.line}`)).toEqual([
      'mp.publish smp_wmb publish 7',
      'mp.consume smp_rmb consume 13',
    ]);
  });

  it('carries barrier ids to the IR and compiles an early return into the branch that continues', () => {
    const dir = scenarioDir({ 'lib.ts': MP_LIB, 'mp.spec.ts': mpSpec() });
    const { variants } = compileSpec(project, join(dir, 'mp.spec.ts'));
    const fixed = variants[0]!.compiled.program;
    const writer = flatten(fixed.threads[0]!.body);
    expect(writer.filter((s) => s.kind === 'fence').map((s) => (s as { barrier?: string }).barrier)).toEqual(['mp.publish']);
    // consume(): if (flag !== READY) return -1; the rest runs in the else branch.
    const reader = fixed.threads[1]!.body;
    const branch = reader.find((s) => s.kind === 'if') as Extract<Stmt, { kind: 'if' }>;
    expect(branch.then.map((s) => s.kind)).toEqual(['assign']);
    expect(branch.else.map((s) => s.kind)).toEqual(['fence', 'assign']);
    // The variant dropped the reader's fence only.
    const noRmb = flatten(variants[1]!.compiled.program.threads[1]!.body);
    expect(noRmb.some((s) => s.kind === 'fence')).toBe(false);
  });

  it('inlines loops with returns, `for` loops and compound assignments', async () => {
    const lib = `import { READ_ONCE, WRITE_ONCE, type Cell } from 'memorder/kernel';
export function waitFor(flag: Cell): number {
  for (let i = 0; i < 2; i++) {
    if (READ_ONCE(flag) === 1) return i + 10;
  }
  return 0;
}
export function set(flag: Cell): void { let v = 0; v += 1; WRITE_ONCE(flag, v); }
`;
    const spec = `import { cell, scenario } from 'memorder/kernel';
import { set, waitFor } from './lib.js';
export default scenario({
  name: 'loop',
  memory: { flag: cell(0) },
  threads: { a: (m) => set(m.flag), b: (m) => waitFor(m.flag) },
  forbidden: (r) => r.b === 11,
  expect: { sc: 'Sometimes' },
});
`;
    const dir = scenarioDir({ 'lib.ts': lib, 'l.spec.ts': spec });
    const r = await checkSpecFile(join(dir, 'l.spec.ts'), { project });
    expect(r.rows[0]!.verdict).toBe('Sometimes');
    expect(r.rows[0]!.result.states.map((s) => s['1:result']).sort()).toEqual([0, 10, 11]);
  });

  it('reports constructs outside the subset at their position', () => {
    const lib = (body: string) => `import { READ_ONCE, WRITE_ONCE, smp_rmb, smp_wmb, type Cell } from 'memorder/kernel';
export function publish(data: Cell, flag: Cell): void {
  WRITE_ONCE(data, 1);
  smp_wmb(); // @barrier mp.publish pairs-with mp.consume
  WRITE_ONCE(flag, 1);
}
export function consume(data: Cell, flag: Cell): number {
  smp_rmb(); // @barrier mp.consume
  ${body}
}
`;
    expect(compileError(lib('return READ_ONCE(flag) ? 1 : 2;'))).toBe("lib.ts:9:10: unsupported construct in a scenario: '?:' (use if/else) 'READ_ONCE(flag) ? 1 : 2'");
    expect(compileError(lib('return READ_ONCE(data) / 2;'))).toMatch(/^lib\.ts:9:10: unsupported construct in a scenario: '\/'/);
    expect(compileError(lib('return frob(data);'))).toBe("lib.ts:9:10: 'frob' is not a kernel primitive or a reference function");
    expect(compileError(lib('return data + 1;'))).toBe("lib.ts:9:10: 'data' is shared memory, not a value: read it with a primitive such as READ_ONCE");
    expect(compileError(lib('for (const x of [1]) {} return 0;'))).toMatch(/^lib\.ts:9:3: unsupported construct in a scenario: ForOfStatement/);
    expect(compileError(lib('return READ_ONCE(data, flag);'))).toBe("lib.ts:9:10: 'READ_ONCE' expects 1 argument, got 2");
  });

  it('compiles TLB operations to lock operations and accesses of the TLB structure, and rejects a cell for a TLB', () => {
    const lib = `import { flush_tlb_page, tlb_access, type Cell, type Tlb } from 'memorder/kernel';
export function publish(data: Cell, flag: Cell): void { flush_tlb_page(flag); }
export function consume(data: Cell, flag: Cell): number { return 0; }
`;
    expect(compileError(lib)).toBe("lib.ts:2:72: 'flush_tlb_page' expects a TLB of the scenario's memory (made by tlb() or iotlb()) as argument 1");
    const tlbLib = `import { flush_tlb_page, tlb_access, type Cell, type Tlb } from 'memorder/kernel';
export function flush(t: Tlb): void { flush_tlb_page(t); }
export function touch(t: Tlb, pte: Cell): number { return tlb_access(t, pte); }
`;
    const spec = `import { cell, scenario, tlb } from 'memorder/kernel';
import { flush, touch } from './lib.js';
export default scenario({
  name: 'TLB',
  memory: { pte: cell(0), t: tlb(3) },
  threads: { a: (m) => flush(m.t), b: (m) => touch(m.t, m.pte) },
  forbidden: (r) => r.b === 3,
  expect: { lkmm: 'Sometimes' },
});
`;
    const dir = scenarioDir({ 'lib.ts': tlbLib, 'x.spec.ts': spec });
    const program = compileSpec(project, join(dir, 'x.spec.ts')).variants[0]!.compiled.program;
    expect(program.locations.map((l) => `${l.name}:${l.type}=${JSON.stringify(l.init)}`)).toEqual([
      'pte:int={"kind":"const","value":0}', 't.entry:int={"kind":"const","value":3}', 't.lock:spinlock_t={"kind":"const","value":0}',
    ]);
    // The memory operations, in order: loads show up inside their assignments.
    const ops = (i: number) => flatten(program.threads[i]!.body).flatMap((s) => {
      if (s.kind === 'store' || s.kind === 'lock' || s.kind === 'unlock') return [`${s.kind} ${(s.addr as { name: string }).name}`];
      if (s.kind === 'assign' && s.value.kind === 'load') return [`load ${(s.value.addr as { name: string }).name}`];
      return [];
    });
    expect(ops(0)).toEqual(['lock t.lock', 'store t.entry', 'unlock t.lock']);
    expect(ops(1)).toEqual(['lock t.lock', 'load t.entry', 'load pte', 'store t.entry', 'unlock t.lock']);
  });

  it('reports bad variants, barrier annotations and models at their position', () => {
    expect(compileError(MP_LIB, mpSpec("\n    bad: { drop: ['mp.nothing'], expect: { lkmm: 'Never' } },"))).toBe(
      "x.spec.ts:15:19: no barrier 'mp.nothing' (known: mp.publish, mp.consume)",
    );
    expect(compileError(MP_LIB, mpSpec("\n    bad: { weaken: { 'mp.publish': 'smp_frob' }, expect: { lkmm: 'Never' } },"))).toMatch(
      /^x\.spec\.ts:15:36: 'smp_frob' is not a kind for mp\.publish \(a fence\)/,
    );
    expect(compileError(MP_LIB, mpSpec("\n    bad: { weaken: { 'mp.publish': 'once' }, expect: { lkmm: 'Never' } },"))).toBe(
      "x.spec.ts:15:36: 'once' is not a kind for mp.publish (a fence); one of: sync-rcu, mb, before-atomic, after-atomic, after-spinlock, after-unlock-lock, after-srcu-read-unlock, rmb, wmb, barrier, none",
    );
    expect(compileError(MP_LIB.replace('pairs-with mp.publish', 'pairs-with mp.gone'))).toBe(
      "lib.ts:13:3: barrier 'mp.consume' pairs with 'mp.gone', which does not exist",
    );
    expect(compileError(MP_LIB, mpSpec().replace("expect: { lkmm: 'Never', sc: 'Never' }", "expect: { lkmm: 'Nope' }"))).toBe(
      "x.spec.ts:12:19: expected verdict 'Nope' is not one of Never, Sometimes, Always",
    );
  });

  it('rejects an expectation for a model that does not exist, at its key', async () => {
    const dir = scenarioDir({ 'lib.ts': MP_LIB, 'x.spec.ts': mpSpec('', "{ lkmm: 'Never', power9: 'Never' }") });
    await expect(checkSpecFile(join(dir, 'x.spec.ts'), { project })).rejects.toThrow(/x\.spec\.ts:12:28: unknown model 'power9'/);
  });
});
