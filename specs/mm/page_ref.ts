// Models include/linux/page_ref.h: page_ref_add_unless(), the speculative
// reference PFN walkers (compaction, memory-failure, page_idle...) take on a
// struct page they found by PFN, which may meanwhile have become part of a
// hugeTLB folio whose vmemmap HVO remaps read-only.
//
// Current: the refcount check with acquire ordering, then the fake-head
// check (page_count_writable()), both inside an RCU read-side critical
// section that HVO waits for with synchronize_rcu() (bd225530a4c7). Writing
// to a remapped (read-only) struct page faults; `remapped` stands for what
// page_is_fake_head() sees once the vmemmap is remapped.

import { READ_ONCE, atomic_add_unless, atomic_read, atomic_read_acquire, rcu_read_lock, rcu_read_unlock, type Atomic, type Cell } from 'memorder/kernel';

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
