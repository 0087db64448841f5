// GUP-fast pinning a page for write while KSM write-protects it for merging.
// KSM clears the PTE and flushes the TLB, then checks the refcount: either
// KSM sees GUP-fast's reference and backs off, or GUP-fast's PTE re-check
// sees the cleared (or write-protected) entry and backs off. A writable pin
// on a page KSM goes on to merge is the forbidden outcome.

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
      description:
        "Without the smp_mb__after_atomic() after the pin, KSM is still safe: its refcount check sees try_get_folio()'s +1, a fully ordered atomic_add_unless(); the barrier matters for the pin bias (see gup-fast-vs-anon-exclusive).",
      drop: ['gup.pin'],
      expect: { lkmm: 'Never', sc: 'Never', x86: 'Never', armv8: 'Never' },
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
