// Models include/linux/page-flags.h: compound_head(), which a speculative
// PFN walker (isolate_migratepages_block() -> page_count(), GUP-fast,
// /proc/kpageflags) calls on a page it holds no reference to, so the page
// may be freed and made part of a new compound page meanwhile; and the
// setting and clearing of a tail page's link to its head
// (prep_compound_page() / free_tail_page_prepare(), mm/page_alloc.c).
//
// Since 1d798ca3f164 ("mm: make compound_head() robust", v4.4) the link and
// the tail flag are one word, page->compound_head = head + 1 (bit 0 says
// "tail"), read once with READ_ONCE(): whatever the walker reads is a head
// page or the page itself. Before it, PageTail() was a bit of page->flags
// and the head a separate page->first_page, read with an smp_rmb() and a
// re-check of PageTail() that cannot tell a tail of the old compound page
// from a tail of a new one.
//
// Pages are numbers here: the head and the tail page's own address
// (HEAD_PAGE, TAIL_PAGE, both even), NULL_PAGE for a NULL first_page.
// Left out: the other tails, the compound order and destructor in the
// first tails, and PageHead().

import { READ_ONCE, WRITE_ONCE, smp_rmb, smp_wmb, type Cell } from 'memorder/kernel';

export const NULL_PAGE = 0;
export const HEAD_PAGE = 64;
export const TAIL_PAGE = 128;

/** The words of a tail page that say which compound page it belongs to. */
export interface CompoundTail {
  /** page->compound_head: head + 1 while a tail, 0 otherwise (v4.4+). */
  compoundHead: Cell;
  /** PG_tail of page->flags (before 1d798ca3f164). */
  pgTail: Cell;
  /** page->first_page (before 1d798ca3f164). */
  firstPage: Cell;
}

/** compound_head(page) (v4.4+): one READ_ONCE of page->compound_head. */
export function compoundHead(page: CompoundTail): number {
  const head = READ_ONCE(page.compoundHead);
  if ((head & 1) !== 0) return head - 1;
  return TAIL_PAGE;
}

/**
 * Weakened: compound_head() with page->compound_head read twice, as a
 * compiler may do with a plain load (which is why the kernel uses READ_ONCE()).
 */
export function compoundHeadReadTwice(page: CompoundTail): number {
  if ((READ_ONCE(page.compoundHead) & 1) !== 0) return READ_ONCE(page.compoundHead) - 1;
  return TAIL_PAGE;
}

/** compound_head() -> compound_head_by_tail_page() before 1d798ca3f164. */
export function compoundHeadBefore1d798ca3f164(page: CompoundTail): number {
  if (READ_ONCE(page.pgTail) !== 0) {
    const head = READ_ONCE(page.firstPage);
    // page->first_page may be a dangling pointer to an old compound page, so
    // recheck that it is still a tail page before returning.
    smp_rmb(); // @barrier page.first-page pairs-with alloc.first-page
    if (READ_ONCE(page.pgTail) !== 0) return head;
  }
  return TAIL_PAGE;
}

/** set_compound_head() (v4.4+). */
export function setCompoundHead(page: CompoundTail, head: number): void {
  WRITE_ONCE(page.compoundHead, head + 1);
}

/** clear_compound_head() (v4.4+). */
export function clearCompoundHead(page: CompoundTail): void {
  WRITE_ONCE(page.compoundHead, 0);
}

/**
 * mm/page_alloc.c: a compound page freed and its pages allocated again as
 * a new compound page with the same head (v4.4+): free_tail_page_prepare() clears the
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
