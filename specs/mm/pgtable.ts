// Models include/linux/pgtable.h and the arch hooks the mm scenarios use:
// a page-table entry is one word; its value says whether it maps the page
// and whether the mapping is writable. Reading a PTE locklessly is
// ptep_get_lockless() (a READ_ONCE), clearing it is ptep_get_and_clear()
// (an atomic exchange on x86 and arm64; relaxed: xchg_relaxed).

import { READ_ONCE, WRITE_ONCE, xchg_relaxed, type Cell } from 'memorder/kernel';

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
 * flush_tlb_page(). The flush orders nothing for RCU GUP-fast: it only
 * waits for GUP-fast where the flush is an IPI that GUP-fast's disabled
 * interrupts hold off, and not every architecture flushes that way (RCU
 * GUP-fast, 2667f50e8b81). So no barrier is assumed here, as the kernel
 * itself does since 088b8aa537c2 ("We assume that there might not be a
 * memory barrier after clearing/invalidating the PTE ... so we use
 * explicit ones here", mm/rmap.h).
 */
export function ptep_clear_flush(ptep: Cell): number {
  return xchg_relaxed(ptep, PTE_NONE);
}

// With a TLB modelled, ptep_clear_flush() is memorder/kernel's
// ptep_clear_flush(ptep, tlb); the one above is GUP-fast's view, without it.

/** A migration entry (a non-present swap PTE: make_*_migration_entry() + swp_entry_to_pte()). */
export const PTE_MIGRATION = 4;

/** ptep_get_and_clear() (include/linux/pgtable.h): an exchange with pte_none, relaxed. */
export function ptep_get_and_clear(ptep: Cell): number {
  return xchg_relaxed(ptep, PTE_NONE);
}

/** pte_clear_not_present_full() / pte_clear(): a WRITE_ONCE of pte_none. */
export function pte_clear(ptep: Cell): void {
  WRITE_ONCE(ptep, PTE_NONE);
}
