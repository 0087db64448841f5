// Models include/linux/pgtable.h and the arch hooks the mm scenarios use:
// a page-table entry is one word; its value says whether it maps the page
// and whether the mapping is writable. Reading a PTE locklessly is
// ptep_get_lockless() (a READ_ONCE), clearing it is ptep_get_and_clear()
// (an atomic exchange on x86 and arm64; relaxed: xchg_relaxed).

import { READ_ONCE, WRITE_ONCE, smp_mb, xchg_relaxed, type Cell } from 'memorder/kernel';

export const PTE_NONE = 0;
/** Present bit and write bit of the PTE values used here. */
export const PTE_PRESENT = 1;
export const PTE_WRITE = 2;
/** The page mapped read-only, and writable. */
export const PTE_PAGE_RO = PTE_PRESENT;
export const PTE_PAGE_RW = PTE_PRESENT | PTE_WRITE;
/** A mapping of some other page (after the primary MMU changed the PTE). */
export const PTE_OTHER_PAGE = 5;

export function pte_present(pte: number): boolean {
  return (pte & PTE_PRESENT) !== 0;
}

export function pte_write(pte: number): boolean {
  return (pte & PTE_WRITE) !== 0;
}

/** pte_wrprotect(): the same mapping without the write bit. */
export function pte_wrprotect(pte: number): number {
  return pte & ~PTE_WRITE;
}

/** ptep_get_lockless() / ptep_get(): one READ_ONCE of the entry. */
export function ptep_get(ptep: Cell): number {
  return READ_ONCE(ptep);
}

/** set_pte_at(): one WRITE_ONCE of the entry (no barrier for user mappings). */
export function set_pte_at(ptep: Cell, pte: number): void {
  WRITE_ONCE(ptep, pte);
}

/**
 * ptep_clear_flush() (mm/pgtable-generic.c): ptep_get_and_clear(), then
 * flush_tlb_page(). The flush is a full barrier on the flushing CPU (dsb ish
 * on arm64, a serialising TLB flush or IPI on x86): code after it relies on
 * the cleared entry being visible first. It does not wait for RCU GUP-fast.
 */
export function ptep_clear_flush(ptep: Cell): number {
  const pte = xchg_relaxed(ptep, PTE_NONE);
  smp_mb(); // @barrier mm.tlb-flush pairs-with gup.try-get
  return pte;
}
