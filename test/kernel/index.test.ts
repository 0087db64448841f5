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
import madvise from '../../specs/mm/migrate-device-vs-madvise.spec.js';
import migrateGup from '../../specs/mm/migrate-device-vs-gup-fast.spec.js';
import secondary from '../../specs/mm/secondary-mmu-invalidate-range.spec.js';
import compound from '../../specs/mm/compound-head-vs-free-and-prep.spec.js';

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

describe('TLBs and secondary MMUs', () => {
  it('a translated access hits the cached entry, or walks the PTE and fills the entry when present', () => {
    const pte = kernel.cell(3);
    const t = kernel.tlb(5);
    expect(kernel.tlb_access(t, pte)).toBe(5); // the cached translation, not the PTE
    kernel.flush_tlb_page(t);
    expect(t.entry.value).toBe(0);
    expect(kernel.tlb_access(t, pte)).toBe(3);
    expect(t.entry.value).toBe(3);
    const empty = kernel.iotlb();
    expect(kernel.tlb_access(empty, kernel.cell(4))).toBe(4); // not present: returned, never cached
    expect(empty.entry.value).toBe(0);
  });

  it('ptep_clear_flush_notify clears the PTE and both TLBs; a translation is held until tlb_translate_end', () => {
    const pte = kernel.cell(3);
    const cpu = kernel.tlb(3);
    const io = kernel.iotlb(3);
    expect(kernel.ptep_clear_flush_notify(pte, cpu, io)).toBe(3);
    expect([pte.value, cpu.entry.value, io.entry.value]).toEqual([0, 0, 0]);
    kernel.tlb_translate(io, pte);
    expect(() => kernel.flush_tlb_range(io)).toThrow(/deadlock/);
    kernel.tlb_translate_end(io);
    kernel.mmu_notifier_invalidate_range(io);
  });
});

describe('mm reference implementations run sequentially', () => {
  it('madvise after migrate_vma_collect_pmd: the touch faults (the TLB was flushed)', () => {
    const r = kernel.runThreads(madvise, ['migrate', 'madvise']);
    expect(r.results).toEqual({ migrate: true, madvise: 0 });
    expect(r.forbidden).toBe(false);
    expect(kernel.runThreads(madvise, ['madvise', 'migrate']).results).toEqual({ migrate: false, madvise: 0 });
  });

  it('migrate_vma_collect_pmd backs off on a GUP-fast pin and restores the PTE', () => {
    const r = kernel.runThreads(migrateGup, ['gup', 'migrate']);
    expect(r.results).toEqual({ gup: true, migrate: false });
    expect(r.memory.pte).toBe(3);
    expect(r.memory.page.anonExclusive).toBe(1);
    expect(kernel.runThreads(migrateGup, ['migrate', 'gup']).results).toEqual({ gup: false, migrate: true });
  });

  it('a DMA after the unmap faults; one before it reads the owner\'s data', () => {
    expect(kernel.runThreads(secondary, ['reclaim', 'device']).results.device).toBe(0);
    expect(kernel.runThreads(secondary, ['device', 'reclaim']).results.device).toBe(1);
  });

  it('compound_head() before and after the free and re-prep', () => {
    expect(kernel.runThreads(compound, ['walker', 'alloc']).results.walker).toBe(64);
    expect(kernel.runThreads(compound, ['alloc', 'walker']).results.walker).toBe(64);
  });

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
