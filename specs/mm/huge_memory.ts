// Models mm/huge_memory.c: split_huge_page() of a THP whose head page has
// only the mapping's reference. Reduced to one tail page: the refcount is
// frozen (page_ref_freeze(): cmpxchg to 0, failing if anyone else holds a
// reference), each tail is cut loose (__split_huge_page_tail(): flags,
// then clear_compound_head(), then page_ref_unfreeze() of the tail) and
// finally the head's refcount is unfrozen with release ordering
// (page_ref_unfreeze(): atomic_set_release()). Unmapping, the LRU, the page
// cache and the anon_vma lock are left out.

import { atomic_cmpxchg, atomic_set_release, smp_wmb, WRITE_ONCE } from 'memorder/kernel';
import { NOT_COMPOUND, type HeadPage, type TailPage } from './mm_types.js';

/** Returns whether the page was split. */
export function splitHugePage(head: HeadPage, tail: TailPage): boolean {
  // page_ref_freeze(head, 1): nobody but the mapping may hold a reference.
  if (atomic_cmpxchg(head.refcount, 1, 0) !== 1) return false;
  // __split_huge_page_tail(): page flags must be visible before we make the page non-compound.
  smp_wmb(); // @barrier split.tail-flags
  WRITE_ONCE(tail.compoundHead, NOT_COMPOUND); // clear_compound_head(page_tail)
  atomic_set_release(tail.refcount, 1); // @barrier split.unfreeze-tail
  // page_ref_unfreeze(head, ...) once every tail is done.
  atomic_set_release(head.refcount, 1); // @barrier split.unfreeze pairs-with gup.head-ref
  return true;
}
