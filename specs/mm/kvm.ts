// Models virt/kvm/kvm_main.c and arch/x86/kvm/mmu/mmu.c: the mmu_notifier
// protocol between the primary MMU and KVM's secondary MMU, introduced by
// e930bffe95e1 ("KVM: Synchronize guest physical memory map to host virtual
// memory map"). invalidate_range_start() raises mmu_invalidate_in_progress
// and zaps the secondary PTE; invalidate_range_end() bumps
// mmu_invalidate_seq and lowers in_progress. A vCPU fault snapshots the
// sequence count, reads the host PTE (GUP), and under mmu_lock installs the
// secondary PTE only if mmu_invalidate_retry() finds no invalidation in
// progress and the count unchanged; otherwise it retries.
//
// Reduced to one host PTE and one secondary PTE; the in-progress range,
// memslots, SRCU and the interval tree are left out. The counters are plain
// C accesses under mmu_lock in KVM, READ_ONCE/WRITE_ONCE here (the fault's
// snapshot reads the count without the lock). The fault's retry loop is
// bounded: after MAX_FAULT_ATTEMPTS it gives up (returns 0) instead of
// spinning forever, which never installs anything.

import { READ_ONCE, WRITE_ONCE, smp_rmb, smp_wmb, spin_lock, spin_unlock, type Cell, type SpinLock } from 'memorder/kernel';
import { PTE_NONE, ptep_clear_flush, ptep_get, set_pte_at } from './pgtable.js';

export interface Kvm {
  mmuLock: SpinLock;
  invalidateSeq: Cell;
  invalidateInProgress: Cell;
}

export const MAX_FAULT_ATTEMPTS = 2;

/** kvm_mmu_notifier_invalidate_range_start() -> kvm_mmu_invalidate_begin() + unmap of the secondary PTE. */
export function kvmInvalidateRangeStart(kvm: Kvm, spte: Cell): void {
  spin_lock(kvm.mmuLock);
  WRITE_ONCE(kvm.invalidateInProgress, READ_ONCE(kvm.invalidateInProgress) + 1);
  WRITE_ONCE(spte, PTE_NONE); // kvm_unmap_gfn_range()
  spin_unlock(kvm.mmuLock);
}

/** kvm_mmu_notifier_invalidate_range_end() -> kvm_mmu_invalidate_end(). */
export function kvmInvalidateRangeEnd(kvm: Kvm): void {
  spin_lock(kvm.mmuLock);
  // This sequence increase will notify the kvm page fault that the page
  // that is going to be mapped in the spte could have been freed.
  WRITE_ONCE(kvm.invalidateSeq, READ_ONCE(kvm.invalidateSeq) + 1);
  smp_wmb(); // @barrier kvm.end pairs-with kvm.retry
  WRITE_ONCE(kvm.invalidateInProgress, READ_ONCE(kvm.invalidateInProgress) - 1);
  spin_unlock(kvm.mmuLock);
}

/** The primary MMU changing a PTE: invalidate_range_start, clear + flush, set the new PTE, invalidate_range_end. */
export function changePte(kvm: Kvm, ptep: Cell, spte: Cell, pte: number): void {
  kvmInvalidateRangeStart(kvm, spte);
  ptep_clear_flush(ptep);
  set_pte_at(ptep, pte);
  kvmInvalidateRangeEnd(kvm);
}

/** mmu_invalidate_retry() (include/linux/kvm_host.h), called with mmu_lock held. */
export function mmuInvalidateRetry(kvm: Kvm, mmuSeq: number): boolean {
  if (READ_ONCE(kvm.invalidateInProgress) !== 0) return true;
  // Ensure the read of in_progress happens before the read of the sequence count.
  smp_rmb(); // @barrier kvm.retry pairs-with kvm.end
  if (READ_ONCE(kvm.invalidateSeq) !== mmuSeq) return true;
  return false;
}

/** A check of in_progress alone: not enough, the fault may have read the PTE before start and lock after end. */
export function mmuInvalidateRetryInProgressOnly(kvm: Kvm, mmuSeq: number): boolean {
  return READ_ONCE(kvm.invalidateInProgress) !== 0;
}

/**
 * A vCPU page fault (kvm_faultin_pfn() and the mapping under mmu_lock):
 * returns the host PTE it installed in the secondary PTE, or 0.
 */
export function kvmPageFault(kvm: Kvm, ptep: Cell, spte: Cell): number {
  for (let attempt = 0; attempt < MAX_FAULT_ATTEMPTS; attempt++) {
    const mmuSeq = READ_ONCE(kvm.invalidateSeq);
    smp_rmb(); // @barrier kvm.fault-snapshot pairs-with mm.tlb-flush
    const pte = ptep_get(ptep); // __kvm_faultin_pfn() -> GUP
    spin_lock(kvm.mmuLock);
    if (!mmuInvalidateRetry(kvm, mmuSeq)) {
      WRITE_ONCE(spte, pte);
      spin_unlock(kvm.mmuLock);
      return pte;
    }
    spin_unlock(kvm.mmuLock);
  }
  return 0;
}
