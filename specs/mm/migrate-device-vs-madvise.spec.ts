// migrate_vma_setup() collecting a page (migrate_vma_collect_pmd() clears the
// PTE and installs a migration entry) while the task that maps it calls
// madvise(MADV_DONTNEED) and then touches the address. The task's CPU has
// the old translation in its TLB. zap_pte_range() finds the migration entry,
// which is not present, so it flushes nothing: it relies on whoever cleared
// the present PTE having flushed the TLB before dropping the page-table lock
// (60bae7370896, "mm/migrate_device.c: flush TLB while holding PTL").
// Forbidden: the load after madvise() returned still goes through the old
// translation (present PTE) instead of faulting in a zero page.
//
// Expectations. Fixed: the flush is inside migrate's PTL critical section,
// so either zap takes the PTL first (it sees the present PTE, clears it and
// flushes the TLB itself; migrate then finds pte_none) or after migrate's
// unlock, whose release orders the flush before zap's lock and hence before
// the touch's TLB lookup: Never under every model, and `explain` names the
// PTL. Before 60bae7370896 the flush comes after the unlock: zap can run
// between migrate's unlock and its flush, and the touch uses the TLB entry
// the flush has not removed yet, an interleaving of the program as written:
// Sometimes under every model, SC included.

import { atomic, cell, scenario, spinlock, tlb } from 'memorder/kernel';
import { madviseDontneedThenTouch } from './memory.js';
import { migrateVmaCollectPte, migrateVmaCollectPteBefore60bae7370896 } from './migrate_device.js';
import { PTE_PAGE_RW } from './pgtable.js';

export default scenario({
  name: 'migrate_vma_collect_pmd() vs madvise(MADV_DONTNEED) and a touch through the TLB',
  commit: '60bae7370896',
  memory: {
    ptl: spinlock(),
    pte: cell(PTE_PAGE_RW),
    // The touching CPU's TLB, filled by an earlier access.
    tlb: tlb(PTE_PAGE_RW),
    // Not PageAnonExclusive (e.g. shared with a fork child): migrate takes the ptep_get_and_clear() path.
    page: { refcount: atomic(2), mapcount: atomic(2), anonExclusive: atomic(0) },
  },
  threads: {
    migrate: (m) => migrateVmaCollectPte(m.ptl, m.pte, m.tlb, m.page),
    madvise: (m) => madviseDontneedThenTouch(m.ptl, m.pte, m.tlb),
  },
  forbidden: (r) => r.madvise === PTE_PAGE_RW,
  expect: { lkmm: 'Never', sc: 'Never', x86: 'Never', armv8: 'Never' },
  variants: {
    'before-60bae7370896': {
      commit: '60bae7370896',
      description: 'flush_tlb_range() after pte_unmap_unlock(): zap_pte_range() sees a non-present PTE and does not flush.',
      replace: [[migrateVmaCollectPte, migrateVmaCollectPteBefore60bae7370896]],
      expect: { lkmm: 'Sometimes', sc: 'Sometimes', x86: 'Sometimes', armv8: 'Sometimes' },
    },
  },
});
