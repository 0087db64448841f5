// memorder/kernel as ordinary code: every primitive of the litmus front end
// exists under the same name, and reference implementations run sequentially.
import { describe, expect, it } from 'vitest';
import * as kernel from '../../src/kernel/index.js';
import { PRIMITIVES } from '../../src/program/primitives.js';
import gupVsKsm from '../../specs/mm/gup-fast-vs-ksm.spec.js';
import anonExclusive from '../../specs/mm/gup-fast-vs-anon-exclusive.spec.js';
import split from '../../specs/mm/gup-fast-vs-split-huge-page.spec.js';
import hvo from '../../specs/mm/hvo-vs-speculative-walker.spec.js';
import kvm from '../../specs/mm/mmu-notifier-vs-kvm-fault.spec.js';

describe('memorder/kernel', () => {
  it('exports a function for every primitive of the litmus front end', () => {
    const exported = kernel as unknown as Record<string, unknown>;
    const missing = Object.keys(PRIMITIVES).filter((name) => typeof exported[name] !== 'function');
    expect(missing).toEqual([]);
  });

  it('implements the primitives sequentially, with the kernel argument order', () => {
    const x = kernel.cell(1);
    const v = kernel.atomic(5);
    kernel.WRITE_ONCE(x, 7);
    expect(kernel.READ_ONCE(x)).toBe(7);
    kernel.atomic_add(3, v);
    expect(kernel.atomic_fetch_sub(2, v)).toBe(8);
    expect(kernel.atomic_inc_return(v)).toBe(7);
    expect(kernel.atomic_cmpxchg(v, 7, 0)).toBe(7);
    expect(kernel.atomic_add_unless(v, 1, 0)).toBe(0);
    expect(kernel.atomic_inc_not_zero(v)).toBe(0);
    expect(kernel.xchg(x, 2)).toBe(7);
    expect(kernel.atomic_dec_and_test(kernel.atomic(1))).toBe(true);
    expect(kernel.atomic_fetch_andnot(1, kernel.atomic(3))).toBe(3);
  });

  it('reports a deadlock instead of spinning on a held lock', () => {
    const l = kernel.spinlock();
    kernel.spin_lock(l);
    expect(kernel.spin_trylock(l)).toBe(0);
    expect(() => kernel.spin_lock(l)).toThrow(/deadlock/);
    kernel.spin_unlock(l);
    expect(kernel.spin_is_locked(l)).toBe(0);
  });
});

describe('mm reference implementations run sequentially', () => {
  it('GUP-fast pins, then KSM backs off on the extra reference', () => {
    const r = kernel.runThreads(gupVsKsm, ['gup', 'ksm']);
    expect(r.results).toEqual({ gup: true, ksm: false });
    expect(r.forbidden).toBe(false);
    expect(r.memory.page.refcount).toBe(2 + 1024);
  });

  it('KSM write-protects first, then GUP-fast FOLL_WRITE finds the PTE read-only', () => {
    const r = kernel.runThreads(gupVsKsm, ['ksm', 'gup']);
    expect(r.results).toEqual({ gup: false, ksm: true });
    expect(r.memory.pte).toBe(1);
    expect(r.memory.page.anonExclusive).toBe(0);
  });

  it('a read-only pin after KSM shared the page is refused by gup_must_unshare', () => {
    const r = kernel.runThreads(anonExclusive, ['ksm', 'gup']);
    expect(r.results).toEqual({ gup: false, ksm: true });
    expect(r.memory.page.refcount).toBe(2);
  });

  it('split_huge_page fails while GUP-fast holds a reference on the head', () => {
    expect(kernel.runThreads(split, ['gup', 'split']).results).toEqual({ gup: 1, split: false });
    expect(kernel.runThreads(split, ['split', 'gup']).results).toEqual({ gup: 2, split: true });
  });

  it('HVO and the speculative walker, in either order', () => {
    expect(kernel.runThreads(hvo, ['walker', 'hvo']).results).toEqual({ hvo: false, walker: true });
    const after = kernel.runThreads(hvo, ['hvo', 'walker']);
    expect(after.results).toEqual({ hvo: true, walker: false });
    expect(after.forbidden).toBe(false);
  });

  it('a KVM fault after the invalidation installs the new PTE', () => {
    const r = kernel.runThreads(kvm, ['mm', 'vcpu']);
    expect(r.results.vcpu).toBe(5);
    expect(r.memory.spte).toBe(5);
    expect(kernel.runThreads(kvm, ['vcpu', 'mm']).memory.spte).toBe(0);
  });
});
