// TLBs and secondary MMUs of the kernel library (src/kernel/index.ts, "TLBs
// and secondary MMUs") compiled to IR. A TLB of the scenario's memory is a
// structure of two locations, `entry` (the cached PTE, 0 when empty) and
// `lock` (a spinlock standing for the atomicity of a translated access with
// respect to an invalidation); each operation is the accesses and lock
// operations its sequential implementation performs, so the memory models
// see nothing but ordinary events:
//
//   tlb_translate(t, ptep)   spin_lock(t.lock); e = READ_ONCE(t.entry);
//                            if (!(e & 1)) { e = READ_ONCE(*ptep); if (e & 1) WRITE_ONCE(t.entry, e); }
//   tlb_translate_end(t)     spin_unlock(t.lock)
//   tlb_access(t, ptep)      tlb_translate + tlb_translate_end
//   flush_tlb_page(t), flush_tlb_range(t), mmu_notifier_invalidate_range(t)
//                            spin_lock(t.lock); WRITE_ONCE(t.entry, 0); spin_unlock(t.lock)
//   ptep_clear_flush(ptep, t)            old = xchg_relaxed(ptep, 0); flush_tlb_page(t)
//   ptep_clear_flush_notify(ptep, t, s)  ptep_clear_flush(ptep, t); mmu_notifier_invalidate_range(s)
//
// Events carry the operation's name as their primitive, so witnesses read
// `flush_tlb_page` rather than `WRITE_ONCE`.

import { InputError } from '../program/errors.js';
import type { Expr, SourcePos, Stmt } from '../program/ir.js';

/** What an operation takes: a TLB structure or a cell (the PTE). */
type Param = 'tlb' | 'cell';

interface TranslationOp {
  params: readonly Param[];
  /** Whether the call yields a value (the translation, the old PTE). */
  returns: boolean;
}

export const TRANSLATION_OPS: Readonly<Record<string, TranslationOp>> = {
  tlb_translate: { params: ['tlb', 'cell'], returns: true },
  tlb_translate_end: { params: ['tlb'], returns: false },
  tlb_access: { params: ['tlb', 'cell'], returns: true },
  flush_tlb_page: { params: ['tlb'], returns: false },
  flush_tlb_range: { params: ['tlb'], returns: false },
  mmu_notifier_invalidate_range: { params: ['tlb'], returns: false },
  ptep_clear_flush: { params: ['cell', 'tlb'], returns: true },
  ptep_clear_flush_notify: { params: ['cell', 'tlb', 'tlb'], returns: true },
};

/** The memory constructors of a TLB structure: its fields are `entry` and `lock`. */
export const TLB_CONSTRUCTORS: ReadonlySet<string> = new Set(['tlb', 'iotlb']);

export function lookupTranslationOp(name: string): TranslationOp | undefined {
  return Object.prototype.hasOwnProperty.call(TRANSLATION_OPS, name) ? TRANSLATION_OPS[name] : undefined;
}

/** An argument as the compiler resolved it: a TLB's two locations, or a cell's. */
export type TranslationArg = { kind: 'tlb'; entry: string; lock: string } | { kind: 'cell'; name: string };

export interface TranslationExpansion {
  stmts: Stmt[];
  /** The value of a call that returns one. */
  value?: Expr;
}

/**
 * The IR of `name(args)` at `pos`. `fresh` names a new register. The
 * argument kinds have been checked against the operation's params.
 */
export function expandTranslation(name: string, args: readonly TranslationArg[], pos: SourcePos, fresh: () => string): TranslationExpansion {
  const primitive = name;
  const addr = (n: string): Expr => ({ kind: 'addr', name: n, pos });
  const c = (value: number): Expr => ({ kind: 'const', value, pos });
  const reg = (r: string): Expr => ({ kind: 'reg', name: r, pos });
  const present = (e: Expr): Expr => ({ kind: 'binary', op: '!=', left: { kind: 'binary', op: '&', left: e, right: c(1), pos }, right: c(0), pos });
  const tlbArg = (i: number) => {
    const a = args[i]!;
    if (a.kind !== 'tlb') throw new InputError(pos, `'${name}' expects a TLB as argument ${i + 1}`);
    return a;
  };
  const cellArg = (i: number) => {
    const a = args[i]!;
    if (a.kind !== 'cell') throw new InputError(pos, `'${name}' expects a cell as argument ${i + 1}`);
    return a.name;
  };

  const translate = (t: { entry: string; lock: string }, ptep: string): TranslationExpansion => {
    const e = fresh();
    const stmts: Stmt[] = [
      { kind: 'lock', addr: addr(t.lock), pos },
      { kind: 'assign', reg: e, value: { kind: 'load', addr: addr(t.entry), tag: 'once', pos, primitive }, pos },
      {
        kind: 'if',
        cond: { kind: 'unary', op: '!', arg: present(reg(e)), pos },
        then: [
          { kind: 'assign', reg: e, value: { kind: 'load', addr: addr(ptep), tag: 'once', pos, primitive }, pos },
          { kind: 'if', cond: present(reg(e)), then: [{ kind: 'store', addr: addr(t.entry), value: reg(e), tag: 'once', pos, primitive }], else: [], pos },
        ],
        else: [],
        pos,
      },
    ];
    return { stmts, value: reg(e) };
  };
  const end = (t: { lock: string }): Stmt => ({ kind: 'unlock', addr: addr(t.lock), pos });
  const flush = (t: { entry: string; lock: string }): Stmt[] => [
    { kind: 'lock', addr: addr(t.lock), pos },
    { kind: 'store', addr: addr(t.entry), value: c(0), tag: 'once', pos, primitive },
    { kind: 'unlock', addr: addr(t.lock), pos },
  ];
  const clear = (ptep: string): TranslationExpansion => {
    const old = fresh();
    const xchg: Expr = { kind: 'rmw', op: 'xchg', addr: addr(ptep), operand: c(0), returns: 'old', tag: 'once', pos, primitive };
    return { stmts: [{ kind: 'assign', reg: old, value: xchg, pos }], value: reg(old) };
  };

  switch (name) {
    case 'tlb_translate':
      return translate(tlbArg(0), cellArg(1));
    case 'tlb_translate_end':
      return { stmts: [end(tlbArg(0))] };
    case 'tlb_access': {
      const t = tlbArg(0);
      const x = translate(t, cellArg(1));
      return { stmts: [...x.stmts, end(t)], value: x.value! };
    }
    case 'flush_tlb_page':
    case 'flush_tlb_range':
    case 'mmu_notifier_invalidate_range':
      return { stmts: flush(tlbArg(0)) };
    case 'ptep_clear_flush': {
      const x = clear(cellArg(0));
      return { stmts: [...x.stmts, ...flush(tlbArg(1))], value: x.value! };
    }
    case 'ptep_clear_flush_notify': {
      const x = clear(cellArg(0));
      return { stmts: [...x.stmts, ...flush(tlbArg(1)), ...flush(tlbArg(2))], value: x.value! };
    }
  }
  throw new InputError(pos, `'${name}' is not a TLB operation`);
}
