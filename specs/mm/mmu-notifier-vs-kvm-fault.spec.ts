// The primary MMU changing a PTE (mmu_notifier invalidate_range_start/end)
// while a KVM vCPU faults the same page into its secondary MMU: the fault
// snapshots mmu_invalidate_seq, reads the host PTE, and installs it under
// mmu_lock only if mmu_invalidate_retry() sees no invalidation in progress
// and the same count; otherwise it retries. Forbidden: the secondary PTE
// still maps the old page once both are done.

import { cell, scenario, spinlock } from 'memorder/kernel';
import { changePte, kvmPageFault, mmuInvalidateRetry, mmuInvalidateRetryInProgressOnly } from './kvm.js';
import { PTE_NONE, PTE_OTHER_PAGE, PTE_PAGE_RW } from './pgtable.js';

export default scenario({
  name: 'mmu_notifier invalidate_range_start/end vs KVM page fault with mmu_invalidate_retry',
  commit: 'e930bffe95e1',
  memory: {
    kvm: { mmuLock: spinlock(), invalidateSeq: cell(0), invalidateInProgress: cell(0) },
    pte: cell(PTE_PAGE_RW),
    spte: cell(PTE_NONE),
  },
  threads: {
    mm: (m) => changePte(m.kvm, m.pte, m.spte, PTE_OTHER_PAGE),
    vcpu: (m) => kvmPageFault(m.kvm, m.pte, m.spte),
  },
  forbidden: (r, m) => m.spte === PTE_PAGE_RW,
  expect: { lkmm: 'Never', sc: 'Never', x86: 'Never', armv8: 'Never' },
  variants: {
    'no-rmb-after-snapshot': {
      description: 'The PTE read may then be satisfied before the sequence-count snapshot.',
      drop: ['kvm.fault-snapshot'],
      expect: { lkmm: 'Sometimes', sc: 'Never', x86: 'Never', armv8: 'Sometimes' },
    },
    'retry-on-in-progress-only': {
      description: 'Without the sequence count, a fault that read the PTE before start and locks after end installs the old page.',
      replace: [[mmuInvalidateRetry, mmuInvalidateRetryInProgressOnly]],
      expect: { lkmm: 'Sometimes', sc: 'Sometimes', x86: 'Sometimes', armv8: 'Sometimes' },
    },
  },
});
