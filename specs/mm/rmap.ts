// Models include/linux/rmap.h: marking an exclusive anonymous page as maybe
// shared, which must not happen while the page may be pinned.
//
// __folio_try_share_anon_rmap() (v6.x, for one PTE of a small folio), as
// introduced for pages by 088b8aa537c2 ("mm: fix PageAnonExclusive clearing
// racing with concurrent RCU GUP-fast"). Its caller has cleared the PTE (A1)
// and will restore it (A4); this is (A2) check for pins and (A3) clear
// PageAnonExclusive, with the barriers that pair with GUP-fast's (B3) pin,
// (B4) PTE re-check and (B5) PageAnonExclusive check.

import { atomic_andnot, smp_mb, smp_mb__after_atomic } from 'memorder/kernel';
import { folioMaybeDmaPinned, type AnonPage } from './mm_types.js';

export const EBUSY = 16;

/** Returns 0 when the page was marked maybe-shared, -EBUSY when it may be pinned. */
export function folioTryShareAnonRmap(page: AnonPage): number {
  // Paired with the memory barrier in try_grab_folio().
  smp_mb(); // @barrier rmap.share pairs-with gup.pin
  if (folioMaybeDmaPinned(page.refcount)) return -EBUSY;
  atomic_andnot(1, page.anonExclusive); // ClearPageAnonExclusive(): clear_bit()
  // This is conceptually a smp_wmb() paired with the smp_rmb() in gup_must_unshare().
  smp_mb__after_atomic(); // @barrier rmap.share-exclusive pairs-with gup.unshare
  return 0;
}

/** page_try_share_anon_rmap() as 6c287605fd56 added it, before 088b8aa537c2: no barriers. */
export function folioTryShareAnonRmapBefore088b8aa537c2(page: AnonPage): number {
  if (folioMaybeDmaPinned(page.refcount)) return -EBUSY;
  atomic_andnot(1, page.anonExclusive);
  return 0;
}

/** Weakened: PageAnonExclusive cleared without the folio_maybe_dma_pinned() check (the barriers kept). */
export function folioTryShareAnonRmapWithoutPinCheck(page: AnonPage): number {
  smp_mb(); // @barrier rmap.share-no-check
  atomic_andnot(1, page.anonExclusive);
  smp_mb__after_atomic(); // @barrier rmap.share-exclusive-no-check
  return 0;
}
