// Models mm/filemap.c: filemap_get_entry(), the lockless page-cache lookup
// behind filemap_get_folio() and find_get_page(). Under rcu_read_lock() it
// loads the folio from the mapping's slot (xas_load(), an rcu_dereference()),
// takes a speculative reference with folio_try_get() and re-checks the slot
// (xas_reload()): between the load and the reference the folio may have
// been removed, freed and allocated again for something else, and a
// reference on it is then a reference on someone else's page. The comment
// above folio_try_get() (include/linux/page_ref.h) states the protocol.
//
// Reduced to one attempt on one slot: where the kernel goes back to
// `repeat`, this returns RETRY (every attempt is alike; one shows the race).
// xa_is_value() shadow entries and xas_retry() are left out.

import { rcu_dereference, rcu_read_lock, rcu_read_unlock, type Cell } from 'memorder/kernel';
import { folioPut, folioTryGet, type Folio } from './page_ref.js';

/** A page-cache slot of an address_space (one index of mapping->i_pages). */
export interface Mapping {
  /** FOLIO while the folio is cached at this index, EMPTY once it is removed. */
  slot: Cell;
}

/** What mapping->i_pages holds at the index. */
export const EMPTY = 0;
export const FOLIO = 1;

/** filemap_get_entry()'s outcome: a folio with a reference, nothing cached, or an attempt to repeat. */
export const NOT_FOUND = 0;
export const FOUND = 1;
export const RETRY = 2;

/** filemap_get_entry(mapping, index), one attempt. */
export function filemapGetEntry(mapping: Mapping, folio: Folio): number {
  let ret = RETRY;
  rcu_read_lock();
  if (rcu_dereference(mapping.slot) !== FOLIO) ret = NOT_FOUND;
  else if (folioTryGet(folio)) {
    // Has the folio moved? xas_reload()
    if (rcu_dereference(mapping.slot) === FOLIO) ret = FOUND;
    else folioPut(folio);
  }
  rcu_read_unlock();
  return ret;
}

/** The lookup without xas_reload(): a reference is trusted as soon as it is taken. */
export function filemapGetEntryWithoutRecheck(mapping: Mapping, folio: Folio): number {
  let ret = RETRY;
  rcu_read_lock();
  if (rcu_dereference(mapping.slot) !== FOLIO) ret = NOT_FOUND;
  else if (folioTryGet(folio)) ret = FOUND;
  rcu_read_unlock();
  return ret;
}
