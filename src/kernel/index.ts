// memorder/kernel: the kernel-primitive library reference implementations are
// written against. Every primitive of the C litmus front end
// (src/program/primitives.ts) has a function of the same name here, so the
// same code reads the same under both front ends.
//
// Two lives:
//  - memorder's scenario compiler (src/scenario/) reads calls to these
//    functions from the TypeScript source and turns them into memory-model
//    events; it never runs them.
//  - As ordinary code, each function does what the primitive does on one
//    CPU with nobody else around: a plain in-memory implementation, so a
//    reference implementation can be unit-tested sequentially (`runThreads`).
//
// Shared memory is made of Cell (an int or pointer-sized word), Atomic
// (atomic_t), SpinLock (spinlock_t) and Srcu (struct srcu_struct) objects,
// created by cell(), atomic(), spinlock() and srcu(); kernel structures are
// plain objects whose fields are such cells.

/** A shared memory word, read and written with READ_ONCE/WRITE_ONCE and friends. */
export class Cell {
  readonly kind = 'cell';
  constructor(public value: number) {}
}

/** atomic_t. */
export class Atomic {
  readonly kind = 'atomic';
  constructor(public counter: number) {}
}

/** spinlock_t: 0 when free, 1 when held. */
export class SpinLock {
  readonly kind = 'spinlock';
  locked = 0;
}

/** struct srcu_struct. */
export class Srcu {
  readonly kind = 'srcu';
  readers = 0;
}

export type Shared = Cell | Atomic | SpinLock | Srcu;

/** A shared word holding `value` initially (`int x = value;`). */
export function cell(value = 0): Cell {
  return new Cell(value);
}

/** An atomic_t holding `value` initially (`ATOMIC_INIT(value)`). */
export function atomic(value = 0): Atomic {
  return new Atomic(value);
}

/** A free spinlock (`DEFINE_SPINLOCK`). */
export function spinlock(): SpinLock {
  return new SpinLock();
}

/** A struct srcu_struct. */
export function srcu(): Srcu {
  return new Srcu();
}

// ---------------------------------------------------------------------------
// Marked accesses. Sequentially each is an ordinary read or write.

export function READ_ONCE(c: Cell): number {
  return c.value;
}
export function WRITE_ONCE(c: Cell, v: number): void {
  c.value = v;
}
export function smp_load_acquire(c: Cell): number {
  return c.value;
}
export function smp_store_release(c: Cell, v: number): void {
  c.value = v;
}
export function rcu_dereference(c: Cell): number {
  return c.value;
}
export function rcu_assign_pointer(c: Cell, v: number): void {
  c.value = v;
}
export function smp_store_mb(c: Cell, v: number): void {
  c.value = v;
}
export function atomic_read(a: Atomic): number {
  return a.counter;
}
export function atomic_set(a: Atomic, v: number): void {
  a.counter = v;
}
export function atomic_read_acquire(a: Atomic): number {
  return a.counter;
}
export function atomic_set_release(a: Atomic, v: number): void {
  a.counter = v;
}

// ---------------------------------------------------------------------------
// Barriers: they order, they compute nothing.

export function smp_mb(): void {}
export function smp_rmb(): void {}
export function smp_wmb(): void {}
export function barrier(): void {}
export function smp_mb__before_atomic(): void {}
export function smp_mb__after_atomic(): void {}
export function smp_mb__after_spinlock(): void {}
export function smp_mb__after_unlock_lock(): void {}
export function smp_mb__after_srcu_read_unlock(): void {}

// ---------------------------------------------------------------------------
// RCU. On one CPU a grace period has nothing to wait for.

let rcuNesting = 0;
export function rcu_read_lock(): void {
  rcuNesting++;
}
export function rcu_read_unlock(): void {
  if (rcuNesting === 0) throw new Error('rcu_read_unlock without rcu_read_lock');
  rcuNesting--;
}
export function synchronize_rcu(): void {
  if (rcuNesting > 0) throw new Error('synchronize_rcu inside an RCU read-side critical section would deadlock');
}
export function synchronize_rcu_expedited(): void {
  synchronize_rcu();
}

export function srcu_read_lock(s: Srcu): number {
  s.readers++;
  return 0;
}
export function srcu_read_unlock(s: Srcu, idx: number): void {
  void idx;
  if (s.readers === 0) throw new Error('srcu_read_unlock without srcu_read_lock');
  s.readers--;
}
export const srcu_down_read = srcu_read_lock;
export const srcu_up_read = srcu_read_unlock;
export function synchronize_srcu(s: Srcu): void {
  if (s.readers > 0) throw new Error('synchronize_srcu inside its own read-side critical section would deadlock');
}
export const synchronize_srcu_expedited = synchronize_srcu;

// ---------------------------------------------------------------------------
// Spinlocks. A sequential run has no one to wait for: taking a held lock is a deadlock.

export function spin_lock(l: SpinLock): void {
  if (l.locked) throw new Error('spin_lock on a held lock: deadlock in a sequential run');
  l.locked = 1;
}
export function spin_unlock(l: SpinLock): void {
  if (!l.locked) throw new Error('spin_unlock of a free lock');
  l.locked = 0;
}
export function spin_trylock(l: SpinLock): number {
  if (l.locked) return 0;
  l.locked = 1;
  return 1;
}
export function spin_is_locked(l: SpinLock): number {
  return l.locked ? 1 : 0;
}

// ---------------------------------------------------------------------------
// Atomics. Names and argument order follow the kernel (atomic_add(i, v)).

type Update = (old: number) => number;

function update(a: Atomic, f: Update): { old: number; now: number } {
  const old = a.counter;
  a.counter = f(old);
  return { old, now: a.counter };
}

const add = (i: number): Update => (x) => x + i;
const sub = (i: number): Update => (x) => x - i;

export function atomic_add(i: number, v: Atomic): void {
  update(v, add(i));
}
export function atomic_sub(i: number, v: Atomic): void {
  update(v, sub(i));
}
export function atomic_and(i: number, v: Atomic): void {
  update(v, (x) => x & i);
}
export function atomic_or(i: number, v: Atomic): void {
  update(v, (x) => x | i);
}
export function atomic_xor(i: number, v: Atomic): void {
  update(v, (x) => x ^ i);
}
export function atomic_andnot(i: number, v: Atomic): void {
  update(v, (x) => x & ~i);
}
export function atomic_inc(v: Atomic): void {
  update(v, add(1));
}
export function atomic_dec(v: Atomic): void {
  update(v, sub(1));
}

// Returning the new value; the ordering suffixes do not change the arithmetic.
export function atomic_add_return(i: number, v: Atomic): number {
  return update(v, add(i)).now;
}
export const atomic_add_return_relaxed = atomic_add_return;
export const atomic_add_return_acquire = atomic_add_return;
export const atomic_add_return_release = atomic_add_return;
export function atomic_sub_return(i: number, v: Atomic): number {
  return update(v, sub(i)).now;
}
export const atomic_sub_return_relaxed = atomic_sub_return;
export const atomic_sub_return_acquire = atomic_sub_return;
export const atomic_sub_return_release = atomic_sub_return;
export function atomic_inc_return(v: Atomic): number {
  return update(v, add(1)).now;
}
export const atomic_inc_return_relaxed = atomic_inc_return;
export const atomic_inc_return_acquire = atomic_inc_return;
export const atomic_inc_return_release = atomic_inc_return;
export function atomic_dec_return(v: Atomic): number {
  return update(v, sub(1)).now;
}
export const atomic_dec_return_relaxed = atomic_dec_return;
export const atomic_dec_return_acquire = atomic_dec_return;
export const atomic_dec_return_release = atomic_dec_return;

// Returning the old value.
export function atomic_fetch_add(i: number, v: Atomic): number {
  return update(v, add(i)).old;
}
export const atomic_fetch_add_relaxed = atomic_fetch_add;
export const atomic_fetch_add_acquire = atomic_fetch_add;
export const atomic_fetch_add_release = atomic_fetch_add;
export function atomic_fetch_sub(i: number, v: Atomic): number {
  return update(v, sub(i)).old;
}
export const atomic_fetch_sub_relaxed = atomic_fetch_sub;
export const atomic_fetch_sub_acquire = atomic_fetch_sub;
export const atomic_fetch_sub_release = atomic_fetch_sub;
export function atomic_fetch_inc(v: Atomic): number {
  return update(v, add(1)).old;
}
export const atomic_fetch_inc_relaxed = atomic_fetch_inc;
export const atomic_fetch_inc_acquire = atomic_fetch_inc;
export const atomic_fetch_inc_release = atomic_fetch_inc;
export function atomic_fetch_dec(v: Atomic): number {
  return update(v, sub(1)).old;
}
export const atomic_fetch_dec_relaxed = atomic_fetch_dec;
export const atomic_fetch_dec_acquire = atomic_fetch_dec;
export const atomic_fetch_dec_release = atomic_fetch_dec;
export function atomic_fetch_and(i: number, v: Atomic): number {
  return update(v, (x) => x & i).old;
}
export const atomic_fetch_and_relaxed = atomic_fetch_and;
export const atomic_fetch_and_acquire = atomic_fetch_and;
export const atomic_fetch_and_release = atomic_fetch_and;
export function atomic_fetch_or(i: number, v: Atomic): number {
  return update(v, (x) => x | i).old;
}
export const atomic_fetch_or_relaxed = atomic_fetch_or;
export const atomic_fetch_or_acquire = atomic_fetch_or;
export const atomic_fetch_or_release = atomic_fetch_or;
export function atomic_fetch_xor(i: number, v: Atomic): number {
  return update(v, (x) => x ^ i).old;
}
export const atomic_fetch_xor_relaxed = atomic_fetch_xor;
export const atomic_fetch_xor_acquire = atomic_fetch_xor;
export const atomic_fetch_xor_release = atomic_fetch_xor;
export function atomic_fetch_andnot(i: number, v: Atomic): number {
  return update(v, (x) => x & ~i).old;
}
export const atomic_fetch_andnot_relaxed = atomic_fetch_andnot;
export const atomic_fetch_andnot_acquire = atomic_fetch_andnot;
export const atomic_fetch_andnot_release = atomic_fetch_andnot;

// Exchange on a plain word (xchg) and on an atomic_t (atomic_xchg).
export function xchg(c: Cell, v: number): number {
  const old = c.value;
  c.value = v;
  return old;
}
export const xchg_relaxed = xchg;
export const xchg_acquire = xchg;
export const xchg_release = xchg;
export function atomic_xchg(a: Atomic, v: number): number {
  return update(a, () => v).old;
}
export const atomic_xchg_relaxed = atomic_xchg;
export const atomic_xchg_acquire = atomic_xchg;
export const atomic_xchg_release = atomic_xchg;

export function cmpxchg(c: Cell, expected: number, desired: number): number {
  const old = c.value;
  if (old === expected) c.value = desired;
  return old;
}
export const cmpxchg_relaxed = cmpxchg;
export const cmpxchg_acquire = cmpxchg;
export const cmpxchg_release = cmpxchg;
export function atomic_cmpxchg(a: Atomic, expected: number, desired: number): number {
  return update(a, (x) => (x === expected ? desired : x)).old;
}
export const atomic_cmpxchg_relaxed = atomic_cmpxchg;
export const atomic_cmpxchg_acquire = atomic_cmpxchg;
export const atomic_cmpxchg_release = atomic_cmpxchg;

// Conditional atomics: these return C truth values (1 or 0), as in the kernel.
export function atomic_add_unless(v: Atomic, a: number, u: number): number {
  if (v.counter === u) return 0;
  v.counter += a;
  return 1;
}
export function atomic_inc_not_zero(v: Atomic): number {
  return atomic_add_unless(v, 1, 0);
}
export function atomic_sub_and_test(i: number, v: Atomic): boolean {
  return update(v, sub(i)).now === 0;
}
export function atomic_dec_and_test(v: Atomic): boolean {
  return update(v, sub(1)).now === 0;
}
export function atomic_inc_and_test(v: Atomic): boolean {
  return update(v, add(1)).now === 0;
}
export function atomic_add_negative(i: number, v: Atomic): boolean {
  return update(v, add(i)).now < 0;
}
export const atomic_add_negative_relaxed = atomic_add_negative;
export const atomic_add_negative_acquire = atomic_add_negative;
export const atomic_add_negative_release = atomic_add_negative;

// ---------------------------------------------------------------------------
// TLBs and secondary MMUs: cached translations that outlive the PTE they were
// filled from. A memorder extension: the kernel has no such functions, they
// stand for what the hardware does (src/scenario/translation.ts compiles
// them; the C litmus front end has no counterpart, twins spell them out).
//
// A Tlb is one CPU's TLB entry for one address (`tlb()`), or one secondary
// MMU's (an IOMMU's IOTLB or a device's ATC sharing the CPU page tables,
// `iotlb()`): `entry` holds the cached PTE (PTE_NONE_ENTRY when empty) and
// `lock` stands for what makes a translated access atomic with respect to an
// invalidation (on x86 the flush IPI is taken between instructions; arm64's
// TLBI + DSB ISH and an IOMMU's invalidation-wait descriptor complete only
// after the accesses using the old entry). A translated access and a flush
// are critical sections of that lock:
//  - an access that runs before a flush may use the old entry, and everything
//    it does through the translation happens before the flush returns;
//  - an access that runs after a flush misses, walks the page table, and sees
//    every write the flushing CPU made before the flush (the PTE change).
// PTE values follow one convention: bit 0 is the present bit (_PAGE_PRESENT
// on x86, PTE_VALID on arm64); a non-present value is never cached.
//
// Left out: several entries, ASIDs/PCIDs and page sizes; speculative fills
// (a TLB may fill from the page table at any time, not only on an access);
// lazy and batched flushing (mmu_gather, x86's lazy TLB mode); the cost of a
// flush. flush_tlb_range() flushes one TLB: a scenario with several CPUs
// calls it once per TLB.

/** A cached translation: one TLB entry and what serialises its accesses with its invalidation. */
export interface Tlb {
  /** The cached PTE; PTE_NONE_ENTRY when the TLB holds no translation. */
  entry: Cell;
  lock: SpinLock;
}

/** An empty TLB entry. */
export const PTE_NONE_ENTRY = 0;

function tlbOf(pte: number): Tlb {
  return { entry: cell(pte), lock: spinlock() };
}

/** A CPU's TLB entry for the scenario's address, holding `pte` (filled before the scenario starts) or empty. */
export function tlb(pte = PTE_NONE_ENTRY): Tlb {
  return tlbOf(pte);
}

/** A secondary MMU's TLB entry (IOMMU IOTLB / device ATC under SVA, sharing the CPU page tables). */
export function iotlb(pte = PTE_NONE_ENTRY): Tlb {
  return tlbOf(pte);
}

function isPresent(pte: number): boolean {
  return (pte & 1) !== 0;
}

/**
 * Begins an access through the translation (a load or store by the CPU or
 * device that owns `t`): the cached entry if there is one, else a page walk
 * of `ptep` that fills the entry when the PTE is present. Returns the
 * translation (a non-present value: the access faults). The access itself
 * goes between this and tlb_translate_end(t).
 */
export function tlb_translate(t: Tlb, ptep: Cell): number {
  spin_lock(t.lock);
  let e = t.entry.value;
  if (!isPresent(e)) {
    e = ptep.value;
    if (isPresent(e)) t.entry.value = e;
  }
  return e;
}

/** Ends the access tlb_translate() began: a flush of `t` may now complete. */
export function tlb_translate_end(t: Tlb): void {
  spin_unlock(t.lock);
}

/** An access through the translation that uses nothing but the translation: tlb_translate() + tlb_translate_end(). */
export function tlb_access(t: Tlb, ptep: Cell): number {
  const e = tlb_translate(t, ptep);
  tlb_translate_end(t);
  return e;
}

/**
 * flush_tlb_page() (x86: flush_tlb_mm_range() -> IPI or INVLPGB; arm64:
 * TLBI VALE1IS + DSB ISH): the entry is invalidated, and the flush returns
 * only when no access can use it any more.
 */
export function flush_tlb_page(t: Tlb): void {
  spin_lock(t.lock);
  t.entry.value = PTE_NONE_ENTRY;
  spin_unlock(t.lock);
}

/** flush_tlb_range() for the range holding the scenario's address: flush_tlb_page() of one TLB. */
export function flush_tlb_range(t: Tlb): void {
  flush_tlb_page(t);
}

/**
 * mmu_notifier_invalidate_range() (include/linux/mmu_notifier.h, the
 * ->invalidate_range callback of 0f0a327fa12c, arch_invalidate_secondary_tlbs()
 * since 1af5a8109904): a secondary MMU that shares the CPU page tables
 * invalidates its TLB, synchronously, e.g. amd_iommu_v2's or intel-svm's
 * IOTLB/ATC flush for the PASID.
 */
export function mmu_notifier_invalidate_range(t: Tlb): void {
  flush_tlb_page(t);
}

/**
 * ptep_clear_flush() (mm/pgtable-generic.c): ptep_get_and_clear() (an
 * exchange, relaxed: xchg_relaxed on the PTE) then flush_tlb_page(). Returns the old PTE.
 */
export function ptep_clear_flush(ptep: Cell, t: Tlb): number {
  const old = xchg_relaxed(ptep, PTE_NONE_ENTRY);
  flush_tlb_page(t);
  return old;
}

/**
 * ptep_clear_flush_notify() (include/linux/mmu_notifier.h, until the 2023
 * rework that moved secondary-TLB invalidation into the arch TLB flush):
 * ptep_clear_flush() then mmu_notifier_invalidate_range(), both before the
 * caller drops the page-table lock.
 */
export function ptep_clear_flush_notify(ptep: Cell, t: Tlb, secondary: Tlb): number {
  const old = ptep_clear_flush(ptep, t);
  mmu_notifier_invalidate_range(secondary);
  return old;
}

// ---------------------------------------------------------------------------
// Scenarios (specs/**/*.spec.ts).

/** The final value of every cell of a memory layout: Cell -> number, objects field by field. */
export type Values<M> = M extends Cell | Atomic | SpinLock | Srcu ? number : { readonly [K in keyof M]: Values<M[K]> };

/** A verdict memorder can report. */
export type Verdict = 'Never' | 'Sometimes' | 'Always';

/**
 * Expected verdict of the forbidden outcome per memory model: `lkmm`, `sc`,
 * and architecture models (`x86`, `armv8`).
 */
export type Expectations = Readonly<Record<string, Verdict>>;

/** A function of a reference implementation, as far as a substitution cares. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ReferenceFunction = (...args: any[]) => unknown;

export interface Variant {
  /** What this variant stands for, e.g. the kernel before a fix. */
  description?: string;
  /** The kernel commit the variant comes from (the fix it predates, or the bug it reintroduces). */
  commit?: string;
  /** Barrier ids (`@barrier` annotations) to remove: fences go, ordered accesses become relaxed. */
  drop?: readonly string[];
  /** Barrier id -> weaker primitive or access kind (`smp_wmb`, `once`, `plain`, `release`...). */
  weaken?: Readonly<Record<string, string>>;
  /** [current function, historical function] pairs: the second runs wherever the first is called. */
  replace?: readonly (readonly [ReferenceFunction, ReferenceFunction])[];
  expect: Expectations;
}

export interface Scenario<M extends object, T extends Record<string, (m: M) => unknown>> {
  name: string;
  description?: string;
  /** The kernel commit that fixed the race (or introduced the code), e.g. '088b8aa537c2'. */
  commit?: string;
  /** The shared memory, with initial values. */
  memory: M;
  /** Threads, each a call into the reference implementation; its return value is the thread's result. */
  threads: T;
  /** The outcome that must not happen, over thread results and final memory. */
  forbidden: (r: { readonly [K in keyof T]: ReturnType<T[K]> }, m: Values<M>) => boolean;
  /** Expected verdict of `forbidden` per model for the code as it is. */
  expect: Expectations;
  /** Named variants: barriers dropped or weakened, or the historical buggy function swapped in. */
  variants?: Readonly<Record<string, Variant>>;
}

/** Declares a scenario; memorder reads its argument from the source. */
export function scenario<M extends object, T extends Record<string, (m: M) => unknown>>(s: Scenario<M, T>): Scenario<M, T> {
  return s;
}

// Memory is recognised by its `kind` tag, not by class identity: a spec may
// reach this module through the package and through a relative path.
function sharedKind(m: unknown): Shared['kind'] | undefined {
  const k = typeof m === 'object' && m !== null ? (m as { kind?: unknown }).kind : undefined;
  return k === 'cell' || k === 'atomic' || k === 'spinlock' || k === 'srcu' ? k : undefined;
}

function copyMemory<M>(m: M): M {
  switch (sharedKind(m)) {
    case 'cell':
      return new Cell((m as Cell).value) as M;
    case 'atomic':
      return new Atomic((m as Atomic).counter) as M;
    case 'spinlock':
      return Object.assign(new SpinLock(), { locked: (m as SpinLock).locked }) as M;
    case 'srcu':
      return Object.assign(new Srcu(), { readers: (m as Srcu).readers }) as M;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m as object)) out[k] = copyMemory(v);
  return out as M;
}

function valuesOf<M>(m: M): Values<M> {
  switch (sharedKind(m)) {
    case 'cell':
      return (m as Cell).value as Values<M>;
    case 'atomic':
      return (m as Atomic).counter as Values<M>;
    case 'spinlock':
      return (m as SpinLock).locked as Values<M>;
    case 'srcu':
      return (m as Srcu).readers as Values<M>;
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m as object)) out[k] = valuesOf(v);
  return out as Values<M>;
}

/**
 * Runs a scenario's threads one after another, in `order` (default: as
 * declared), on a fresh copy of its memory: what the code does with no
 * concurrency at all. Returns the results, the final memory and whether the
 * forbidden outcome happened.
 */
export function runThreads<M extends object, T extends Record<string, (m: M) => unknown>>(
  s: Scenario<M, T>,
  order: readonly (keyof T & string)[] = Object.keys(s.threads),
): { results: { [K in keyof T]: ReturnType<T[K]> }; memory: Values<M>; forbidden: boolean } {
  const memory = copyMemory(s.memory);
  const results = {} as { [K in keyof T]: ReturnType<T[K]> };
  rcuNesting = 0;
  for (const name of order) results[name] = s.threads[name]!(memory) as ReturnType<T[typeof name]>;
  const values = valuesOf(memory);
  return { results, memory: values, forbidden: s.forbidden(results, values) };
}
