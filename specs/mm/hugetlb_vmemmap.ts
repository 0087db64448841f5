// Models mm/hugetlb_vmemmap.c (HVO): the struct pages of a hugeTLB folio's
// tail pages are remapped onto one read-only page (vmemmap_remap_pte()).
// Since bd225530a4c7 ("mm/hugetlb_vmemmap: fix race with speculative PFN
// walkers") the folio's refcount is frozen around the remap and HVO waits
// for RCU readers (speculative page_ref_add_unless() callers) first. Reduced
// to one struct page; the page-table walk, TLB flush, vmemmap page
// allocation and batching are left out.

import { WRITE_ONCE, atomic_cmpxchg, atomic_set_release, synchronize_rcu } from 'memorder/kernel';
import type { WalkedPage } from './page_ref.js';

/** __hugetlb_vmemmap_optimize_folio(): returns whether the vmemmap was remapped. */
export function hugetlbVmemmapOptimize(page: WalkedPage): boolean {
  if (atomic_cmpxchg(page.refcount, 1, 0) !== 1) return false; // folio_ref_freeze(folio, 1)
  synchronize_rcu(); // @barrier hvo.sync pairs-with page-ref.rcu
  WRITE_ONCE(page.remapped, 1); // vmemmap_remap_pte(): struct page[] becomes read-only
  atomic_set_release(page.refcount, 1); // @barrier hvo.unfreeze pairs-with page-ref.count
  return true;
}

/** The same before bd225530a4c7: no synchronize_rcu() before the remap. */
export function hugetlbVmemmapOptimizeBeforeBd225530a4c7(page: WalkedPage): boolean {
  if (atomic_cmpxchg(page.refcount, 1, 0) !== 1) return false;
  WRITE_ONCE(page.remapped, 1);
  atomic_set_release(page.refcount, 1); // @barrier hvo.unfreeze-before-bd225530a4c7
  return true;
}
