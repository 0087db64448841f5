// GUP-fast pinning a page for write while KSM write-protects it for merging.
// KSM clears the PTE (ptep_clear_flush(): no barrier may be assumed for RCU
// GUP-fast) and checks the refcount, then page_try_share_anon_rmap()'s
// smp_mb() and pin check: either KSM sees GUP-fast's pin and backs off, or
// GUP-fast's PTE re-check sees the cleared (or write-protected) entry and
// backs off. A writable pin on a page KSM goes on to merge is the forbidden
// outcome.

import { atomic, cell, scenario } from 'memorder/kernel';
import { gupFastPinPte, gupFastPinPteBeforeE585513b76f7 } from './gup.js';
import { writeProtectPage } from './ksm.js';
import { PTE_PAGE_RW } from './pgtable.js';

export default scenario({
  name: 'GUP-fast FOLL_PIN|FOLL_WRITE vs KSM write_protect_page',
  commit: '2667f50e8b81',
  description: 'RCU GUP-fast (2667f50e8b81) re-checks the PTE after taking its reference; KSM checks the refcount after ptep_clear_flush().',
  memory: {
    pte: cell(PTE_PAGE_RW),
    page: { refcount: atomic(2), mapcount: atomic(1), anonExclusive: atomic(1) },
  },
  threads: {
    gup: (m) => gupFastPinPte(m.pte, m.page, true),
    ksm: (m) => writeProtectPage(m.pte, m.page),
  },
  forbidden: (r) => r.gup && r.ksm,
  expect: { lkmm: 'Never', sc: 'Never', x86: 'Never', armv8: 'Never' },
  variants: {
    'no-mb-after-pin': {
      commit: '088b8aa537c2',
      description:
        "try_grab_folio() before 088b8aa537c2: no smp_mb__after_atomic() between the pin and the PTE re-check, so the pin and KSM's PTE clear can each miss the other (store buffering). Not on x86, where the LOCK'ed atomic_add() is itself a full barrier.",
      drop: ['gup.pin'],
      expect: { lkmm: 'Sometimes', sc: 'Never', x86: 'Never', armv8: 'Sometimes' },
    },
    'x86-gup-without-pte-recheck': {
      commit: 'e585513b76f7',
      description:
        "x86's IRQ-disabling GUP-fast before e585513b76f7 took a reference without re-checking the PTE, relying on the TLB-flush IPI waiting for it; without that IPI (RCU GUP-fast) KSM merges a pinned page.",
      replace: [[gupFastPinPte, gupFastPinPteBeforeE585513b76f7]],
      expect: { lkmm: 'Sometimes', sc: 'Sometimes', x86: 'Sometimes', armv8: 'Sometimes' },
    },
  },
});
