// GUP-fast FOLL_PIN of a page mapped R/O while KSM marks it maybe-shared
// (clears PageAnonExclusive) and restores the PTE to the same R/O value: the
// corner case of 088b8aa537c2, where GUP-fast's PTE re-check cannot see the
// temporary change and only its PageAnonExclusive check (B5) can stop a pin
// on a possibly shared page.

import { atomic, cell, scenario } from 'memorder/kernel';
import { gupFastPinPte, gupMustUnshare, gupMustUnshareBefore088b8aa537c2, tryGrabFolioFast, tryGrabFolioFastBefore088b8aa537c2 } from './gup.js';
import { writeProtectPage } from './ksm.js';
import { PTE_PAGE_RO } from './pgtable.js';
import { folioTryShareAnonRmap, folioTryShareAnonRmapBefore088b8aa537c2 } from './rmap.js';

export default scenario({
  name: 'GUP-fast FOLL_PIN vs PageAnonExclusive clearing, PTE restored to the same value',
  commit: '088b8aa537c2',
  memory: {
    pte: cell(PTE_PAGE_RO),
    page: { refcount: atomic(2), mapcount: atomic(1), anonExclusive: atomic(1) },
  },
  threads: {
    gup: (m) => gupFastPinPte(m.pte, m.page, false),
    ksm: (m) => writeProtectPage(m.pte, m.page),
  },
  forbidden: (r) => r.gup === true && r.ksm === true,
  expect: { lkmm: 'Never', sc: 'Never', x86: 'Never', armv8: 'Never' },
  variants: {
    'before-088b8aa537c2': {
      commit: '088b8aa537c2',
      description: 'No barriers in page_try_share_anon_rmap(), try_grab_folio() or gup_must_unshare().',
      replace: [
        [tryGrabFolioFast, tryGrabFolioFastBefore088b8aa537c2],
        [gupMustUnshare, gupMustUnshareBefore088b8aa537c2],
        [folioTryShareAnonRmap, folioTryShareAnonRmapBefore088b8aa537c2],
      ],
      expect: { lkmm: 'Sometimes', sc: 'Never', x86: 'Never', armv8: 'Sometimes' },
    },
    'no-rmb-in-gup-must-unshare': {
      drop: ['gup.unshare'],
      expect: { lkmm: 'Sometimes', sc: 'Never', x86: 'Never', armv8: 'Sometimes' },
    },
  },
});
