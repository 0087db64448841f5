// Models include/linux/page_ref.h: folio_try_get(), the speculative
// reference of the lockless page cache (filemap.ts), and
// page_ref_add_unless(), the speculative
// reference PFN walkers (compaction, memory-failure, page_idle...) take on a
// struct page they found by PFN, which may meanwhile have become part of a
// hugeTLB folio whose vmemmap HVO remaps read-only.
//
// Current: the refcount check with acquire ordering, then the fake-head
// check (page_count_writable()), both inside an RCU read-side critical
// section that HVO waits for with synchronize_rcu() (bd225530a4c7). Writing
// to a remapped (read-only) struct page faults; `remapped` stands for what
// page_is_fake_head() sees once the vmemmap is remapped.

import { READ_ONCE, atomic_add_unless, atomic_dec_and_test, atomic_read, atomic_read_acquire, rcu_read_lock, rcu_read_unlock, type Atomic, type Cell } from 'memorder/kernel';

/** A struct page a PFN walker found: its refcount and whether its vmemmap was remapped (a fake head). */
export interface WalkedPage {
  refcount: Atomic;
  remapped: Cell;
}

/** page_count_writable(page, u): the refcount check is ordered before the fake-head check. */
export function pageCountWritable(page: WalkedPage, u: number): boolean {
  if (atomic_read_acquire(page.refcount) === u) return false; // @barrier page-ref.count pairs-with hvo.unfreeze
  return READ_ONCE(page.remapped) === 0; // page_is_fake_head(page) == false
}

/** The check order the page_count_writable() comment warns about: fake head first, then the refcount. */
export function pageCountWritableFakeHeadFirst(page: WalkedPage, u: number): boolean {
  if (READ_ONCE(page.remapped) !== 0) return false;
  return atomic_read(page.refcount) !== u;
}

/** page_ref_add_unless(page, nr, u): returns whether the reference was taken. */
export function pageRefAddUnless(page: WalkedPage, nr: number, u: number): boolean {
  let ret = false;
  rcu_read_lock(); // @barrier page-ref.rcu pairs-with hvo.sync
  // avoid writing to the vmemmap area being remapped
  if (pageCountWritable(page, u)) ret = atomic_add_unless(page.refcount, nr, u) !== 0;
  rcu_read_unlock();
  return ret;
}

/** page_ref_add_unless() before bd225530a4c7: a bare atomic_add_unless(). */
export function pageRefAddUnlessBeforeBd225530a4c7(page: WalkedPage, nr: number, u: number): boolean {
  return atomic_add_unless(page.refcount, nr, u) !== 0;
}

/** get_page_unless_zero(): what a speculative PFN walker calls. */
export function getPageUnlessZero(page: WalkedPage): boolean {
  return pageRefAddUnless(page, 1, 0);
}

/** A folio, reduced to its reference count (folio->_refcount). */
export interface Folio {
  refcount: Atomic;
}

/**
 * folio_try_get(folio) -> folio_ref_try_add(folio, 1): a speculative
 * reference, unless the refcount is frozen at 0. Fully ordered when it
 * succeeds: the caller's re-check of where it found the folio comes after.
 */
export function folioTryGet(folio: Folio): boolean {
  return atomic_add_unless(folio.refcount, 1, 0) !== 0; // @barrier page-ref.try-get
}

/** folio_put(folio) (include/linux/mm.h): drops a reference (freeing the folio on the last one is left out). */
export function folioPut(folio: Folio): void {
  atomic_dec_and_test(folio.refcount);
}
