// GUP-fast FOLL_PIN|FOLL_WRITE of an exclusive anonymous page while
// migrate_vma_collect_pmd() collects it for migration to device memory:
// migrate clears the PTE (ptep_clear_flush()), then page_try_share_anon_rmap()
// checks for pins and clears PageAnonExclusive, or restores the PTE when the
// page may be pinned (6c287605fd56); GUP-fast pins, then re-checks the PTE.
// Forbidden: both succeed, a page pinned for DMA is migrated away (the
// device writes go to the old page).
//
// Expectations. Fixed: store buffering between migrate (clear the PTE;
// smp_mb() in page_try_share_anon_rmap(); read the refcount) and GUP-fast
// (pin; smp_mb__after_atomic(); re-read the PTE), ruled out by the two full
// barriers rmap.share and gup.pin: Never under every model. Without
// rmap.share (or before 088b8aa537c2, without both): LKMM and armv8 let
// migrate's refcount read pass its PTE store (the TLB flush in between is
// lock-ordered only, which orders neither), Sometimes; x86's
// ptep_get_and_clear() is a locked xchg, a full barrier, and SC has no
// reordering: Never. Without the pin check (page_try_share_anon_rmap()
// clearing PageAnonExclusive unconditionally) GUP may complete before
// migrate starts: Sometimes under every model.

import { atomic, cell, scenario, spinlock, tlb } from 'memorder/kernel';
import { gupFastPinPte, tryGrabFolioFast, tryGrabFolioFastBefore088b8aa537c2 } from './gup.js';
import { migrateVmaCollectPte } from './migrate_device.js';
import { PTE_PAGE_RW } from './pgtable.js';
import { folioTryShareAnonRmap, folioTryShareAnonRmapBefore088b8aa537c2, folioTryShareAnonRmapWithoutPinCheck } from './rmap.js';

export default scenario({
  name: 'migrate_vma_collect_pmd() page_try_share_anon_rmap() vs GUP-fast FOLL_PIN',
  commit: '088b8aa537c2',
  memory: {
    ptl: spinlock(),
    pte: cell(PTE_PAGE_RW),
    tlb: tlb(),
    page: { refcount: atomic(2), mapcount: atomic(1), anonExclusive: atomic(1) },
  },
  threads: {
    gup: (m) => gupFastPinPte(m.pte, m.page, true),
    migrate: (m) => migrateVmaCollectPte(m.ptl, m.pte, m.tlb, m.page),
  },
  forbidden: (r) => r.gup === true && r.migrate === true,
  expect: { lkmm: 'Never', sc: 'Never', x86: 'Never', armv8: 'Never' },
  variants: {
    'before-088b8aa537c2': {
      commit: '088b8aa537c2',
      description: 'No barriers in page_try_share_anon_rmap() or try_grab_folio().',
      replace: [
        [tryGrabFolioFast, tryGrabFolioFastBefore088b8aa537c2],
        [folioTryShareAnonRmap, folioTryShareAnonRmapBefore088b8aa537c2],
      ],
      expect: { lkmm: 'Sometimes', sc: 'Never', x86: 'Never', armv8: 'Sometimes' },
    },
    'no-mb-in-try-share': {
      drop: ['rmap.share'],
      expect: { lkmm: 'Sometimes', sc: 'Never', x86: 'Never', armv8: 'Sometimes' },
    },
    'no-pin-check': {
      description: 'PageAnonExclusive cleared without checking folio_maybe_dma_pinned().',
      replace: [[folioTryShareAnonRmap, folioTryShareAnonRmapWithoutPinCheck]],
      expect: { lkmm: 'Sometimes', sc: 'Sometimes', x86: 'Sometimes', armv8: 'Sometimes' },
    },
  },
});
