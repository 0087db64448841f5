// Models include/linux/mm_types.h and include/linux/page_ref.h: the fields of
// struct page / struct folio that the mm scenarios share, each a cell of
// scenario memory. A struct page is reduced to the words the races touch;
// flags are one word per flag (a bit of page->flags in the kernel).

import { atomic_read, type Atomic, type Cell } from 'memorder/kernel';

/** An anonymous page (a small folio): its reference count, map count and PG_anon_exclusive. */
export interface AnonPage {
  /** page->_refcount */
  refcount: Atomic;
  /** page->_mapcount + 1 (page_mapcount()) */
  mapcount: Atomic;
  /** PG_anon_exclusive of page->flags: 1 when the page is exclusive to one process. */
  anonExclusive: Atomic;
}

/** A tail page of a compound page: compound_head points to the head page while it is part of it. */
export interface TailPage {
  /** page->compound_head: IN_COMPOUND while a tail of `head`, NOT_COMPOUND once split off */
  compoundHead: Cell;
  /** page->_refcount: 0 (frozen) while a tail */
  refcount: Atomic;
}

/** A head page: the reference count of the whole compound page. */
export interface HeadPage {
  refcount: Atomic;
}

/** GUP_PIN_COUNTING_BIAS (include/linux/mm.h): a FOLL_PIN pin adds this much to a small folio's refcount. */
export const GUP_PIN_COUNTING_BIAS = 1024;

/** compound_head(page) values: the tail belongs to the head page, or it is a page of its own. */
export const IN_COMPOUND = 1;
export const NOT_COMPOUND = 0;

/** folio_maybe_dma_pinned() for a small folio (include/linux/mm.h). */
export function folioMaybeDmaPinned(refcount: Atomic): boolean {
  return atomic_read(refcount) >= GUP_PIN_COUNTING_BIAS;
}
