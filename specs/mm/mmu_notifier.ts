// Models mm/mmu_notifier.c and its callers for a secondary MMU that shares
// the CPU page tables (IOMMU SVA: AMD IOMMUv2, Intel SVM, Arm SMMUv3 SVA):
// such an MMU walks the CPU page table itself and caches what it finds in
// its IOTLB (or the device's ATC), so it has nothing to tear down at
// invalidate_range_start() and only its TLB to invalidate. That must happen
// after the PTE is cleared and before the page can be freed and reused: the
// ->invalidate_range callback (0f0a327fa12c), called by
// ptep_clear_flush_notify() under the page-table lock and by the
// mmu_gather's TLB flush before it frees pages (34ee645e83b6 "mmu_notifier:
// call mmu_notifier_invalidate_range() from VMM"), not only from
// invalidate_range_end(), which runs after the pages of the range may have
// been freed. The 2017 rework of try_to_unmap_one() and friends ("mm/rmap:
// update to new mmu_notifier semantic") had to keep these calls for exactly
// this reason.
//
// Reduced to one PTE, one CPU TLB and one IOTLB; the unmapping path is
// try_to_unmap_one() for reclaim (mm/rmap.c), the page then freed by the
// caller and reused by someone else. Left out: invalidate_range_start()
// (a no-op for such an MMU), the interval tree, SRCU, and the device's
// page-request (fault) path.

import {
  READ_ONCE,
  WRITE_ONCE,
  mmu_notifier_invalidate_range,
  ptep_clear_flush,
  ptep_clear_flush_notify,
  spin_lock,
  spin_unlock,
  tlb_translate,
  tlb_translate_end,
  type Cell,
  type SpinLock,
  type Tlb,
} from 'memorder/kernel';
import { pte_present } from './pgtable.js';

/** The page the PTE maps: its contents, reduced to one word. */
export interface DataPage {
  data: Cell;
}

/** What the page holds for the process that maps it, and what its next owner writes. */
export const OWNER_DATA = 1;
export const NEXT_OWNER_DATA = 2;

/**
 * try_to_unmap_one() (mm/rmap.c) for one PTE, then the page freed and
 * allocated to another owner who writes it (shrink_folio_list() ->
 * free_unref_folios(), then someone else's page fault).
 */
export function tryToUnmapOneThenReuse(ptl: SpinLock, ptep: Cell, cpuTlb: Tlb, iotlb: Tlb, page: DataPage): void {
  spin_lock(ptl); // page_vma_mapped_walk()
  ptep_clear_flush_notify(ptep, cpuTlb, iotlb);
  spin_unlock(ptl); // @barrier unmap.ptl
  WRITE_ONCE(page.data, NEXT_OWNER_DATA); // freed, reused, written by its next owner
}

/**
 * Without ->invalidate_range: the secondary TLB invalidated only by
 * mmu_notifier_invalidate_range_end(), after the page (here, as when the
 * mmu_gather flushed a full batch mid-range) was already freed and reused.
 */
export function tryToUnmapOneThenReuseInvalidateAtEnd(ptl: SpinLock, ptep: Cell, cpuTlb: Tlb, iotlb: Tlb, page: DataPage): void {
  spin_lock(ptl);
  ptep_clear_flush(ptep, cpuTlb);
  spin_unlock(ptl);
  WRITE_ONCE(page.data, NEXT_OWNER_DATA);
  mmu_notifier_invalidate_range(iotlb); // from mmu_notifier_invalidate_range_end()
}

/**
 * A device DMA read through the IOMMU at the page's address (ATS/PRI under
 * SVA): the IOTLB's translation, or a walk of the CPU page table; returns
 * what it read, 0 when the translation faulted.
 */
export function deviceDmaRead(iotlb: Tlb, ptep: Cell, page: DataPage): number {
  const pte = tlb_translate(iotlb, ptep);
  let v = 0;
  if (pte_present(pte)) v = READ_ONCE(page.data);
  tlb_translate_end(iotlb);
  return v;
}
