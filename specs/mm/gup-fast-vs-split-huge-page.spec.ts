// GUP-fast taking a reference on a THP through one of its tail pages while
// split_huge_page() splits it. GUP-fast reads compound_head(), takes a
// reference on that head (failing while split_huge_page() has the refcount
// frozen at 0), and since c24d37322548 re-checks compound_head(): the split
// may have happened between the lookup and the reference. The re-check
// works because page_ref_unfreeze() publishes the split with release
// ordering. Forbidden: a reference on the head taken for a tail that the
// split cut loose.

import { atomic, cell, scenario } from 'memorder/kernel';
import { GRABBED_HEAD, tryGrabCompoundHead, tryGrabCompoundHeadBeforeC24d37322548 } from './gup.js';
import { splitHugePage } from './huge_memory.js';
import { IN_COMPOUND } from './mm_types.js';

export default scenario({
  name: 'GUP-fast try_grab_compound_head vs split_huge_page',
  commit: 'c24d37322548',
  memory: {
    head: { refcount: atomic(1) },
    tail: { compoundHead: cell(IN_COMPOUND), refcount: atomic(0) },
  },
  threads: {
    gup: (m) => tryGrabCompoundHead(m.tail, m.head),
    split: (m) => splitHugePage(m.head, m.tail),
  },
  forbidden: (r) => r.gup === GRABBED_HEAD && r.split === true,
  expect: { lkmm: 'Never', sc: 'Never', x86: 'Never', armv8: 'Never' },
  variants: {
    'before-c24d37322548': {
      commit: 'c24d37322548',
      description: 'try_get_compound_head() without re-checking compound_head() after taking the reference.',
      replace: [[tryGrabCompoundHead, tryGrabCompoundHeadBeforeC24d37322548]],
      expect: { lkmm: 'Sometimes', sc: 'Sometimes', x86: 'Sometimes', armv8: 'Sometimes' },
    },
    'relaxed-page-ref-unfreeze': {
      description: 'page_ref_unfreeze() with atomic_set() instead of atomic_set_release(): the re-check may miss the split.',
      weaken: { 'split.unfreeze': 'once' },
      expect: { lkmm: 'Sometimes', sc: 'Never', x86: 'Never', armv8: 'Sometimes' },
    },
  },
});
