// The lockless page-cache lookup (filemap_get_entry()) against reclaim
// removing the folio it found (__remove_mapping()), the folio then freed
// and allocated again for something else. The lookup's reference may land
// on the reused folio; what catches it is the re-check of the slot after
// the reference, which must see the removal: reclaim removes the folio
// before the free, the page allocator's lock hands the free over to the
// allocation that resets the refcount, and a successful folio_try_get() is
// fully ordered before the re-check. The protocol dates from the lockless
// page cache (e286781d5f2e, "mm: speculative page references").
// Forbidden: the lookup keeps a reference on a folio that reclaim removed.
//
// The architecture models judge the RCU read-side section as the machine
// runs it (no fence); no grace period is involved here.

import { atomic, cell, scenario, spinlock } from 'memorder/kernel';
import { filemapGetEntry, filemapGetEntryWithoutRecheck, FOLIO, FOUND } from './filemap.js';
import { allocFolio } from './page_alloc.js';
import { removeMapping } from './vmscan.js';

export default scenario({
  name: 'lockless page-cache lookup vs reclaim and reuse of the folio',
  commit: 'e286781d5f2e',
  memory: {
    mapping: { slot: cell(FOLIO) },
    iPages: spinlock(),
    // The page cache's reference and the one reclaim took when it isolated the folio.
    folio: { refcount: atomic(2) },
    zone: { lock: spinlock(), folioFree: cell(0) },
  },
  threads: {
    lookup: (m) => filemapGetEntry(m.mapping, m.folio),
    reclaim: (m) => removeMapping(m.mapping, m.iPages, m.folio, m.zone),
    reuse: (m) => allocFolio(m.folio, m.zone),
  },
  forbidden: (r) => r.lookup === FOUND && r.reclaim === true,
  expect: { lkmm: 'Never', sc: 'Never', x86: 'Never', armv8: 'Never' },
  variants: {
    'without-recheck': {
      description: 'Without xas_reload() after folio_try_get(): the reference may be on the folio after its reuse.',
      replace: [[filemapGetEntry, filemapGetEntryWithoutRecheck]],
      expect: { lkmm: 'Sometimes', sc: 'Sometimes', x86: 'Sometimes', armv8: 'Sometimes' },
    },
    'relaxed-try-get': {
      description: 'folio_try_get() as a relaxed RMW: the re-check may read the slot before the reference is taken.',
      weaken: { 'page-ref.try-get': 'once' },
      expect: { lkmm: 'Sometimes', sc: 'Never', x86: 'Never', armv8: 'Sometimes' },
    },
  },
});
