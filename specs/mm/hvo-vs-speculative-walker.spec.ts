// HVO remapping the vmemmap of a hugeTLB folio read-only while a speculative
// PFN walker calls get_page_unless_zero() on one of its struct pages
// (bd225530a4c7). The walker's increment must not land on the struct page
// after the remap: HVO freezes the refcount, waits for RCU readers, remaps,
// and unfreezes with release ordering; the walker checks the refcount
// (acquire) and then the fake head, inside an RCU read-side section.
// Forbidden: HVO remapped, and the walker's increment came after the
// unfreeze (the final refcount holds it).
//
// The x86 and armv8 models give RCU no meaning (encodings/mapping.txt), so
// only the variant without RCU has architecture expectations; on the real
// machines the fix holds, RCU being what the kernel implements it with.

import { atomic, cell, scenario } from 'memorder/kernel';
import { hugetlbVmemmapOptimize, hugetlbVmemmapOptimizeBeforeBd225530a4c7 } from './hugetlb_vmemmap.js';
import { getPageUnlessZero, pageCountWritable, pageCountWritableFakeHeadFirst, pageRefAddUnless, pageRefAddUnlessBeforeBd225530a4c7 } from './page_ref.js';

export default scenario({
  name: 'HVO vmemmap remap vs speculative page_ref_add_unless',
  commit: 'bd225530a4c7',
  memory: { page: { refcount: atomic(1), remapped: cell(0) } },
  threads: {
    hvo: (m) => hugetlbVmemmapOptimize(m.page),
    walker: (m) => getPageUnlessZero(m.page),
  },
  forbidden: (r, m) => r.hvo === true && m.page.refcount === 2,
  expect: { lkmm: 'Never', sc: 'Never' },
  variants: {
    'before-bd225530a4c7': {
      commit: 'bd225530a4c7',
      description: 'No RCU read-side section in page_ref_add_unless() and no synchronize_rcu() in HVO.',
      replace: [
        [pageRefAddUnless, pageRefAddUnlessBeforeBd225530a4c7],
        [hugetlbVmemmapOptimize, hugetlbVmemmapOptimizeBeforeBd225530a4c7],
      ],
      expect: { lkmm: 'Sometimes', sc: 'Sometimes', x86: 'Sometimes', armv8: 'Sometimes' },
    },
    'fake-head-check-first': {
      description: 'The race page_count_writable() documents: checking the fake head before the refcount.',
      replace: [[pageCountWritable, pageCountWritableFakeHeadFirst]],
      expect: { lkmm: 'Sometimes', sc: 'Sometimes' },
    },
    'no-synchronize-rcu': {
      drop: ['hvo.sync'],
      expect: { lkmm: 'Sometimes', sc: 'Sometimes' },
    },
    'relaxed-refcount-check': {
      weaken: { 'page-ref.count': 'once' },
      expect: { lkmm: 'Sometimes', sc: 'Never' },
    },
  },
});
