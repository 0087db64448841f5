// Models mm/ksm.c: write_protect_page(), which makes a candidate page's PTE
// read-only before KSM merges it. Lockless GUP-fast can take a reference at
// any time, so KSM clears the PTE and flushes the TLB first, then checks the
// page's refcount against its mapcount (a reference it cannot account for
// means O_DIRECT or another pin may write to the page), then marks the page
// maybe-shared, and only then restores a write-protected PTE.
//
// Reduced to one PTE; page_vma_mapped_walk(), the page lock, the PT lock,
// mmu notifiers, swap cache (`swapped`) and pte_dirty()/mm_tlb_flush_pending()
// are left out; KSM holds its own reference on the page (the "+ 1").

import { atomic_read, type Cell } from 'memorder/kernel';
import type { AnonPage } from './mm_types.js';
import { pte_write, pte_wrprotect, ptep_clear_flush, ptep_get, set_pte_at } from './pgtable.js';
import { folioTryShareAnonRmap } from './rmap.js';

/** Returns whether the page ended up write-protected (KSM may merge it). */
export function writeProtectPage(ptep: Cell, page: AnonPage): boolean {
  const anonExclusive = atomic_read(page.anonExclusive) !== 0; // PageAnonExclusive(), under the page lock
  const pte = ptep_get(ptep);
  if (pte_write(pte) || anonExclusive) {
    const entry = ptep_clear_flush(ptep);
    // Check that no O_DIRECT or similar I/O is in progress on the page;
    // then (see folio_try_share_anon_rmap_pte(): clear PTE first) mark it
    // maybe-shared. Either failure restores the entry the same way.
    if (atomic_read(page.mapcount) + 1 !== atomic_read(page.refcount) || (anonExclusive && folioTryShareAnonRmap(page) !== 0)) {
      set_pte_at(ptep, entry);
      return false;
    }
    set_pte_at(ptep, pte_wrprotect(entry));
  }
  return true;
}
