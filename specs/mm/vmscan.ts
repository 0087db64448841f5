// Models mm/vmscan.c: __remove_mapping(), reclaim taking a clean page-cache
// folio out of its mapping. Under the i_pages lock it freezes the refcount
// (folio_ref_freeze(): cmpxchg from the expected count to 0, failing when
// anyone else holds a reference: the page cache's reference plus the one
// reclaim took when it isolated the folio), removes the folio from the slot
// (__filemap_remove_folio() -> page_cache_delete(): xas_store(), an
// rcu_assign_pointer()), and the folio goes back to the page allocator.
// Shadow entries, the LRU, dirty and writeback checks are left out.

import { atomic_cmpxchg, rcu_assign_pointer, spin_lock, spin_unlock, type SpinLock } from 'memorder/kernel';
import { EMPTY, type Mapping } from './filemap.js';
import { freeFolio, type Zone } from './page_alloc.js';
import type { Folio } from './page_ref.js';

/** Returns whether the folio was removed and freed. */
export function removeMapping(mapping: Mapping, iPagesLock: SpinLock, folio: Folio, zone: Zone): boolean {
  spin_lock(iPagesLock);
  // folio_ref_freeze(folio, 1 + folio_nr_pages(folio)): the cache's and reclaim's references only.
  if (atomic_cmpxchg(folio.refcount, 2, 0) !== 2) {
    spin_unlock(iPagesLock);
    return false;
  }
  rcu_assign_pointer(mapping.slot, EMPTY); // @barrier vmscan.delete (page_cache_delete(): xas_store())
  spin_unlock(iPagesLock);
  freeFolio(folio, zone); // free_unref_folios()
  return true;
}
