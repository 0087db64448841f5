// Models mm/page_alloc.c: a folio's trip through the page allocator, reduced
// to what orders it. Freeing puts the page on a free list and allocating
// takes it off, both under the zone's lock (zone->lock, or the per-CPU list
// lock for order-0 pages): the hand-over from the freeing CPU to the
// allocating one is that lock's release and acquire. The allocation then
// sets the refcount to 1 (post_alloc_hook() -> set_page_refcounted(): a
// plain atomic_set()). A compound page's tails are linked to their head
// when it is allocated and unlinked when it is freed (page_flags.ts).

import { atomic_set, READ_ONCE, smp_wmb, spin_lock, spin_unlock, WRITE_ONCE, type Cell, type SpinLock } from 'memorder/kernel';
import type { Folio } from './page_ref.js';
import { clearCompoundHead, HEAD_PAGE, NULL_PAGE, setCompoundHead, type CompoundTail } from './page_flags.js';

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

/**
 * A compound page freed and its pages allocated again as a new compound
 * page with the same head (v4.4+): free_tail_page_prepare() clears the
 * tail's compound_head, prep_compound_page() -> prep_compound_tail() sets it.
 */
export function freeAndReallocCompoundPage(tail: CompoundTail): void {
  clearCompoundHead(tail);
  setCompoundHead(tail, HEAD_PAGE);
}

/**
 * The same before 1d798ca3f164: freeing clears PG_tail and first_page
 * (the sequence of that commit's changelog), prep_compound_page() sets
 * first_page, then PG_tail after an smp_wmb().
 */
export function freeAndReallocCompoundPageBefore1d798ca3f164(tail: CompoundTail): void {
  WRITE_ONCE(tail.pgTail, 0); // __ClearPageTail()
  WRITE_ONCE(tail.firstPage, NULL_PAGE);
  WRITE_ONCE(tail.firstPage, HEAD_PAGE); // p->first_page = page
  // Make sure p->first_page is always valid for PageTail().
  smp_wmb(); // @barrier alloc.first-page pairs-with page.first-page
  WRITE_ONCE(tail.pgTail, 1); // __SetPageTail()
}
