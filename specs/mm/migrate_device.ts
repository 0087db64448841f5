// Models mm/migrate_device.c: migrate_vma_collect_pmd(), the walk of
// migrate_vma_setup() that unmaps the pages a driver migrates to device
// memory, reduced to one PTE of one small anonymous page. Under the
// page-table lock it clears the PTE, for a PageAnonExclusive page marks it
// maybe-shared (page_try_share_anon_rmap(), which fails when the page may be
// pinned: GUP-fast may have pinned it), installs a migration entry and
// flushes the TLB. Left out: the PMD level, folio_trylock() and the extra
// reference it takes, device-private entries, the migrate_pfn array,
// migrate_vma_check_page() and everything after collection.
//
// The current function follows v6.1+ (after 60bae7370896 "mm/migrate_device.c:
// flush TLB while holding PTL"); the PG_anon_exclusive handling came with
// 6c287605fd56 ("mm: remember exclusively mapped anonymous pages with
// PG_anon_exclusive"), its barriers with 088b8aa537c2.

import { atomic_read, flush_tlb_range, ptep_clear_flush, spin_lock, spin_unlock, type Cell, type SpinLock, type Tlb } from 'memorder/kernel';
import type { AnonPage } from './mm_types.js';
import { PTE_MIGRATION, pte_present, ptep_get, ptep_get_and_clear, set_pte_at } from './pgtable.js';
import { folioTryShareAnonRmap } from './rmap.js';

/** PageAnonExclusive(page): test_bit() of PG_anon_exclusive. */
export function pageAnonExclusive(page: AnonPage): boolean {
  return atomic_read(page.anonExclusive) !== 0;
}

/**
 * Clears the PTE of a present page (and for an exclusive anonymous page
 * marks it maybe-shared); returns false when the PTE must stay as it was
 * (the page may be pinned: the PTE is restored).
 */
function unmapForMigration(ptep: Cell, tlb: Tlb, page: AnonPage, pte: number): boolean {
  if (pageAnonExclusive(page)) {
    ptep_clear_flush(ptep, tlb);
    if (folioTryShareAnonRmap(page) !== 0) {
      set_pte_at(ptep, pte); // the page may be pinned: put the PTE back
      return false;
    }
    return true;
  }
  ptep_get_and_clear(ptep);
  return true;
}

/**
 * migrate_vma_collect_pmd() for one PTE: returns whether the page was
 * collected for migration (its PTE replaced by a migration entry).
 */
export function migrateVmaCollectPte(ptl: SpinLock, ptep: Cell, tlb: Tlb, page: AnonPage): boolean {
  spin_lock(ptl); // pte_offset_map_lock()
  const pte = ptep_get(ptep);
  if (!pte_present(pte) || !unmapForMigration(ptep, tlb, page, pte)) {
    spin_unlock(ptl);
    return false;
  }
  set_pte_at(ptep, PTE_MIGRATION);
  // Only flush the TLB if we actually modified any entries.
  flush_tlb_range(tlb);
  spin_unlock(ptl); // @barrier migrate.ptl pairs-with zap.ptl
  return true;
}

/**
 * migrate_vma_collect_pmd() before 60bae7370896: the TLB flush after
 * pte_unmap_unlock(), so zap_pte_range() can find the migration entry (not
 * present, nothing to flush) and return while the old translation is still
 * in a TLB.
 */
export function migrateVmaCollectPteBefore60bae7370896(ptl: SpinLock, ptep: Cell, tlb: Tlb, page: AnonPage): boolean {
  spin_lock(ptl);
  const pte = ptep_get(ptep);
  if (!pte_present(pte) || !unmapForMigration(ptep, tlb, page, pte)) {
    spin_unlock(ptl);
    return false;
  }
  set_pte_at(ptep, PTE_MIGRATION);
  spin_unlock(ptl);
  flush_tlb_range(tlb);
  return true;
}
