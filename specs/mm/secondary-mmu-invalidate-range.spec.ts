// A secondary MMU sharing the CPU page tables (IOMMU SVA) has the page's
// translation in its IOTLB while reclaim unmaps the page, frees it, and the
// page is reused by another owner. The device then reads the address.
// Forbidden: the device reads the next owner's data through the stale IOTLB
// entry (an information leak; a DMA write would corrupt the next owner).
//
// Expectations. Fixed (ptep_clear_flush_notify() under the PTL, 0f0a327fa12c
// / 34ee645e83b6): the IOTLB invalidation is a critical section of the
// IOTLB's lock placed before the reuse in program order; a DMA that took the
// lock first finished its read before the invalidation returned, hence
// before the reuse (release of its unlock, acquire of the invalidation's
// lock), and one that took it after misses and walks a cleared PTE (the
// clear is before the invalidation's lock in program order): Never under
// every model. With the invalidation only at invalidate_range_end(), after
// the reuse, a DMA between the reuse and the invalidation hits the stale
// entry and reads the next owner's data in an interleaving of the program
// as written: Sometimes under every model, SC included.

import { cell, iotlb, scenario, spinlock, tlb } from 'memorder/kernel';
import { deviceDmaRead, NEXT_OWNER_DATA, OWNER_DATA, tryToUnmapOneThenReuse, tryToUnmapOneThenReuseInvalidateAtEnd } from './mmu_notifier.js';
import { PTE_PAGE_RW } from './pgtable.js';

export default scenario({
  name: 'secondary MMU sharing the CPU page table: ->invalidate_range under the PTL vs a DMA through the IOTLB',
  commit: '34ee645e83b6',
  memory: {
    ptl: spinlock(),
    pte: cell(PTE_PAGE_RW),
    cpuTlb: tlb(),
    // The device translated the address before: its IOTLB holds the entry.
    iotlb: iotlb(PTE_PAGE_RW),
    page: { data: cell(OWNER_DATA) },
  },
  threads: {
    reclaim: (m) => tryToUnmapOneThenReuse(m.ptl, m.pte, m.cpuTlb, m.iotlb, m.page),
    device: (m) => deviceDmaRead(m.iotlb, m.pte, m.page),
  },
  forbidden: (r) => r.device === NEXT_OWNER_DATA,
  expect: { lkmm: 'Never', sc: 'Never', x86: 'Never', armv8: 'Never' },
  variants: {
    'invalidate-at-range-end': {
      commit: '34ee645e83b6',
      description: 'The IOTLB invalidated only from invalidate_range_end(), after the page was freed and reused.',
      replace: [[tryToUnmapOneThenReuse, tryToUnmapOneThenReuseInvalidateAtEnd]],
      expect: { lkmm: 'Sometimes', sc: 'Sometimes', x86: 'Sometimes', armv8: 'Sometimes' },
    },
  },
});
