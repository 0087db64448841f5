// Models mm/memory.c: zap_pte_range(), the unmapping behind munmap() and
// madvise(MADV_DONTNEED), reduced to one PTE and the TLB of the CPU that
// calls it. A present PTE is cleared and its TLB entry flushed before the
// call returns (through the mmu_gather: tlb_finish_mmu() -> tlb_flush_mmu(),
// after the page-table lock is dropped); a non-present entry (a migration
// entry) is cleared without a flush: no TLB can hold a translation for it.
// Left out: the mmu_gather batching and page freeing, rss counters, swap
// entries other than migration entries, and the userfaultfd markers.

import { flush_tlb_range, spin_lock, spin_unlock, tlb_access, type Cell, type SpinLock, type Tlb } from 'memorder/kernel';
import { PTE_NONE, pte_clear, pte_present, ptep_get, ptep_get_and_clear } from './pgtable.js';

/** zap_pte_range() for one PTE, flushing `tlb` before it returns when it cleared a present PTE. */
export function zapPteRange(ptl: SpinLock, ptep: Cell, tlb: Tlb): void {
  spin_lock(ptl); // @barrier zap.ptl pairs-with migrate.ptl
  const pte = ptep_get(ptep);
  let flush = false;
  if (pte_present(pte)) {
    ptep_get_and_clear(ptep); // ptep_get_and_clear_full(), then tlb_remove_tlb_entry()
    flush = true;
  } else if (pte !== PTE_NONE) {
    pte_clear(ptep); // pte_clear_not_present_full(): a migration entry, nothing to flush
  }
  spin_unlock(ptl);
  if (flush) flush_tlb_range(tlb); // tlb_finish_mmu()
}

/**
 * madvise(MADV_DONTNEED) of the page's address, then a load from it by the
 * same task: returns the translation the load used (a present PTE: it
 * reached the old page; anything else faults and maps a zero page).
 */
export function madviseDontneedThenTouch(ptl: SpinLock, ptep: Cell, tlb: Tlb): number {
  zapPteRange(ptl, ptep, tlb);
  return tlb_access(tlb, ptep);
}
