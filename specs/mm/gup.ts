// Models mm/gup.c: GUP-fast, the lockless walk that takes references (FOLL_GET)
// or pins (FOLL_PIN) on the pages user page tables map, without mmap_lock or
// the page-table lock. Reduced to one PTE of one small folio: the walk above
// the PTE (pgd/p4d/pud/pmd and their re-checks), gup_fast_folio_allowed(),
// node statistics and large-folio _pincount are left out.
//
// The current functions follow v6.10+ (gup_fast_pte_range(),
// try_grab_folio_fast()); the historical ones are named after the commit
// that changed them.

import {
  READ_ONCE,
  atomic_add,
  atomic_add_unless,
  atomic_inc,
  atomic_read,
  atomic_sub_and_test,
  smp_mb__after_atomic,
  smp_rmb,
  type Atomic,
  type Cell,
} from 'memorder/kernel';
import { GUP_PIN_COUNTING_BIAS, IN_COMPOUND, type AnonPage, type HeadPage, type TailPage } from './mm_types.js';
import { pte_present, pte_write, ptep_get } from './pgtable.js';

/** try_get_folio() -> folio_ref_try_add() (include/linux/page_ref.h): +1 unless the refcount is frozen at 0. */
export function tryGetFolio(refcount: Atomic): boolean {
  return atomic_add_unless(refcount, 1, 0) !== 0; // @barrier gup.try-get pairs-with mm.tlb-flush
}

/**
 * try_grab_folio_fast(page, 1, FOLL_PIN) (mm/gup.c) for a small folio: one
 * reference from try_get_folio(), then the rest of GUP_PIN_COUNTING_BIAS.
 */
export function tryGrabFolioFast(page: AnonPage): boolean {
  if (!tryGetFolio(page.refcount)) return false;
  atomic_add(GUP_PIN_COUNTING_BIAS - 1, page.refcount); // folio_ref_add()
  // Adjust the pincount before re-checking the PTE for changes.
  smp_mb__after_atomic(); // @barrier gup.pin pairs-with rmap.share
  return true;
}

/** try_grab_folio() before 088b8aa537c2: no barrier after the pin. */
export function tryGrabFolioFastBefore088b8aa537c2(page: AnonPage): boolean {
  if (!tryGetFolio(page.refcount)) return false;
  atomic_add(GUP_PIN_COUNTING_BIAS - 1, page.refcount);
  return true;
}

/** gup_put_folio(folio, 1, FOLL_PIN): drop the whole pin (folio_put_refs()). */
export function gupPutFolio(page: AnonPage): void {
  atomic_sub_and_test(GUP_PIN_COUNTING_BIAS, page.refcount);
}

/**
 * gup_must_unshare() (mm/internal.h) for an anonymous page mapped R/O under
 * FOLL_PIN: the pin must not be taken if the page may be shared.
 */
export function gupMustUnshare(page: AnonPage): boolean {
  // Paired with a memory barrier in folio_try_share_anon_rmap_*().
  smp_rmb(); // @barrier gup.unshare pairs-with rmap.share-exclusive
  return atomic_read(page.anonExclusive) === 0;
}

/** gup_must_unshare() before 088b8aa537c2: no smp_rmb(). */
export function gupMustUnshareBefore088b8aa537c2(page: AnonPage): boolean {
  return atomic_read(page.anonExclusive) === 0;
}

/**
 * gup_fast_pte_range() (mm/gup.c) for one PTE with FOLL_PIN, FOLL_WRITE when
 * `write`: read the PTE, pin the page, re-check the PTE, and for a R/O
 * mapping check that the page is still exclusive. Returns whether the page
 * ended up pinned.
 */
export function gupFastPinPte(ptep: Cell, page: AnonPage, write: boolean): boolean {
  const pte = ptep_get(ptep);
  if (!pte_present(pte)) return false;
  if (write && !pte_write(pte)) return false; // pte_access_permitted()
  if (!tryGrabFolioFast(page)) return false;
  // The PTE changed, or a R/O-mapped page may be shared: both back off the same way.
  if (pte !== ptep_get(ptep) || (!pte_write(pte) && gupMustUnshare(page))) {
    gupPutFolio(page);
    return false;
  }
  return true;
}

/**
 * x86's own gup_pte_range() (arch/x86/mm/gup.c) before e585513b76f7 moved
 * x86 to the generic RCU GUP-fast: a reference without re-checking the PTE.
 * It was correct only because GUP-fast ran with interrupts disabled, so
 * ptep_clear_flush()'s TLB-flush IPI waited for it; memorder does not model
 * IPIs, which is exactly why RCU GUP-fast must re-check the PTE.
 */
export function gupFastPinPteBeforeE585513b76f7(ptep: Cell, page: AnonPage, write: boolean): boolean {
  const pte = READ_ONCE(ptep);
  if (!pte_present(pte)) return false;
  if (write && !pte_write(pte)) return false;
  atomic_inc(page.refcount); // get_page()
  return true;
}

/** try_grab_compound_head() results. */
export const GRAB_FAILED = 0;
/** A reference on the head page of the compound page the tail belongs to. */
export const GRABBED_HEAD = 1;
/** A reference on the page itself (it is not part of a compound page). */
export const GRABBED_PAGE = 2;

/**
 * try_grab_compound_head() -> try_get_compound_head() (mm/gup.c, v5.15,
 * after c24d37322548): GUP-fast found `tail` in a PTE; take a reference on
 * its head page, then re-check that the tail still belongs to it (a
 * concurrent split_huge_page() may have split it off in between).
 */
export function tryGrabCompoundHead(tail: TailPage, head: HeadPage): number {
  const ch = READ_ONCE(tail.compoundHead); // compound_head(page)
  if (ch !== IN_COMPOUND) {
    if (atomic_add_unless(tail.refcount, 1, 0) === 0) return GRAB_FAILED;
    return GRABBED_PAGE;
  }
  // page_cache_add_speculative(head, refs)
  if (atomic_add_unless(head.refcount, 1, 0) === 0) return GRAB_FAILED; // @barrier gup.head-ref pairs-with split.unfreeze
  if (READ_ONCE(tail.compoundHead) !== ch) {
    atomic_sub_and_test(1, head.refcount); // put_page_refs(head, refs)
    return GRAB_FAILED;
  }
  return GRABBED_HEAD;
}

/** try_get_compound_head() before c24d37322548: no re-check of compound_head() after the reference. */
export function tryGrabCompoundHeadBeforeC24d37322548(tail: TailPage, head: HeadPage): number {
  const ch = READ_ONCE(tail.compoundHead);
  if (ch !== IN_COMPOUND) {
    if (atomic_add_unless(tail.refcount, 1, 0) === 0) return GRAB_FAILED;
    return GRABBED_PAGE;
  }
  if (atomic_add_unless(head.refcount, 1, 0) === 0) return GRAB_FAILED;
  return GRABBED_HEAD;
}
