// A speculative compound_head() (isolate_migratepages_block() ->
// page_count() on a page it holds no reference to) racing with the
// compound page being freed and its pages allocated again as a new
// compound page with the same head. Forbidden: compound_head() returns
// something that is neither a head page nor the page itself (NULL, or a
// torn value), the dereference Hugh Dickins pointed out and 1d798ca3f164
// ("mm: make compound_head() robust") fixed.
//
// Expectations. Fixed: one word, written twice (0, then head + 1) and read
// once: every value the reader can read maps to a head or to the page
// itself, whatever the order: Never under every model, with no barrier
// needed. Before 1d798ca3f164: the reader sees PG_tail set (the old
// compound page), reads first_page after the free set it to NULL, and sees
// PG_tail set again (the new compound page) on the re-check; that is an
// interleaving of the program as written, which the smp_rmb()/smp_wmb()
// pair cannot prevent: Sometimes under every model, SC included. Read
// twice (compound_head() without READ_ONCE(), as a compiler may compile a
// plain load): the tail bit from the first read, 0 from the second:
// Sometimes under every model.

import { cell, scenario } from 'memorder/kernel';
import {
  compoundHead,
  compoundHeadBefore1d798ca3f164,
  compoundHeadReadTwice,
  freeAndReallocCompoundPage,
  freeAndReallocCompoundPageBefore1d798ca3f164,
  HEAD_PAGE,
  TAIL_PAGE,
} from './page_flags.js';

export default scenario({
  name: 'speculative compound_head() vs freeing and re-allocating the compound page',
  commit: '1d798ca3f164',
  memory: {
    tail: { compoundHead: cell(HEAD_PAGE + 1), pgTail: cell(1), firstPage: cell(HEAD_PAGE) },
  },
  threads: {
    walker: (m) => compoundHead(m.tail),
    alloc: (m) => freeAndReallocCompoundPage(m.tail),
  },
  forbidden: (r) => r.walker !== HEAD_PAGE && r.walker !== TAIL_PAGE,
  expect: { lkmm: 'Never', sc: 'Never', x86: 'Never', armv8: 'Never' },
  variants: {
    'before-1d798ca3f164': {
      commit: '1d798ca3f164',
      description: 'PageTail() and page->first_page in two words, an smp_rmb() and a re-check of PageTail().',
      replace: [
        [compoundHead, compoundHeadBefore1d798ca3f164],
        [freeAndReallocCompoundPage, freeAndReallocCompoundPageBefore1d798ca3f164],
      ],
      expect: { lkmm: 'Sometimes', sc: 'Sometimes', x86: 'Sometimes', armv8: 'Sometimes' },
    },
    'read-twice': {
      description: 'compound_head() reading page->compound_head twice, as a plain load may be compiled.',
      replace: [[compoundHead, compoundHeadReadTwice]],
      expect: { lkmm: 'Sometimes', sc: 'Sometimes', x86: 'Sometimes', armv8: 'Sometimes' },
    },
  },
});
