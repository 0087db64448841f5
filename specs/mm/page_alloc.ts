// Models mm/page_alloc.c: a folio's trip through the page allocator, reduced
// to what orders it. Freeing puts the page on a free list and allocating
// takes it off, both under the zone's lock (zone->lock, or the per-CPU list
// lock for order-0 pages): the hand-over from the freeing CPU to the
// allocating one is that lock's release and acquire. The allocation then
// sets the refcount to 1 (post_alloc_hook() -> set_page_refcounted(): a
// plain atomic_set()).

import { atomic_set, READ_ONCE, spin_lock, spin_unlock, WRITE_ONCE, type Cell, type SpinLock } from 'memorder/kernel';
import type { Folio } from './page_ref.js';

/** A zone's free list, reduced to whether this folio is on it. */
export interface Zone {
  lock: SpinLock;
  /** 1 while the folio is on the free list. */
  folioFree: Cell;
}

/** free_unref_folios() / __free_pages_ok(): the folio goes on the free list. */
export function freeFolio(folio: Folio, zone: Zone): void {
  spin_lock(zone.lock);
  WRITE_ONCE(zone.folioFree, 1);
  spin_unlock(zone.lock);
}

/** Allocates the folio if it is free (rmqueue(), then post_alloc_hook()); returns whether it did. */
export function allocFolio(folio: Folio, zone: Zone): boolean {
  spin_lock(zone.lock);
  if (READ_ONCE(zone.folioFree) !== 1) {
    spin_unlock(zone.lock);
    return false;
  }
  WRITE_ONCE(zone.folioFree, 0);
  spin_unlock(zone.lock);
  atomic_set(folio.refcount, 1); // set_page_refcounted()
  return true;
}
