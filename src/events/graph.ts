// The event graph of a program: every memory access, fence and lock
// operation any execution can perform, each with the condition under which it
// happens (its guard) and symbolic address and value terms. Branches become
// guards, not separate runs. Everything here is static: it does not depend on
// which write a read reads from, except through the read-value variables.

import type { SourcePos } from '../program/ir.js';
import type { BoolTerm, IntTerm } from '../logic/term.js';

/**
 * R and W are memory accesses, F fences. L is an operation at a location
 * that is neither (herd's lock events LKR, LKW, UL, LF, RL, RU and its
 * synchronize_srcu event, in the herd flavour of the event builder).
 */
export type EventKind = 'R' | 'W' | 'F' | 'L';

/**
 * The kernel operation an event comes from, for lowering a graph to an
 * architecture (src/events/lower.ts, encodings/mapping.txt).
 */
export interface Operation {
  /** A row of the mapping table: `load.acquire`, `rmw.mb`, `fence.rmb`, `lock`, ... */
  kind: string;
  /** Shared by the events of one operation (an RMW's read and write). */
  instance: number;
  /**
   * For a barrier whose kind is a choice (what-if queries): each kind it may
   * be, and when. Absent: always `kind`.
   */
  alternatives?: { kind: string; when: BoolTerm }[];
}

export interface MemEvent {
  id: number;
  /** Thread number; -1 for initial writes. */
  thread: number;
  kind: EventKind;
  /** The event happens exactly when this holds. */
  guard: BoolTerm;
  /** Address (location code) for accesses and location-carrying events (srcu, locks). */
  addr?: IntTerm;
  /** For W: the value written. For R: the read-value variable. */
  value?: IntTerm;
  /** Position in the thread's program order (unrolled). */
  poIndex: number;
  /** What the event comes from: `READ_ONCE(*x)`, `smp_mb()`. */
  label: string;
  pos?: SourcePos;
  /** Absent for initial writes and for fences an architecture adds. */
  op?: Operation;
  /** The id of the barrier (src/program/barriers.ts) the event belongs to, if any. */
  barrier?: string;
  /** herd flavour: the annotations of the builtin the event comes from (`ONCE`, `MB`, ...). */
  annot?: readonly string[];
}

/** A static relation edge with the condition under which it exists. */
export type Edge = [from: number, to: number, cond: BoolTerm];

export interface LocationInfo {
  name: string;
  /** The integer that stands for `&name` in values. */
  code: number;
  type: string;
  initial: IntTerm;
}

/** A loop the unroller cut off: executions that would iterate again are not represented. */
export interface BoundCut {
  pos: SourcePos;
  thread: number;
  /** Holds in an execution that would have run the loop again. */
  reached: BoolTerm;
}

/**
 * herd's dialect, for herd's own model files (a program parsed with their
 * .def): the event builder tags events with the builtins' annotations as
 * herd names them, and the model sees herd's predefined names (see
 * src/relations/base.ts). One object, made per program and model
 * (src/engine/models.ts herdDialect), carried by the event graph.
 */
export interface HerdDialect {
  /** Event sets of the annotations the bell declares (`ONCE`, `Rmb`, ...). */
  annotationSets: readonly string[];
  /** Names of the locations the test observes (its final condition and `locations`). */
  observed: readonly string[];
  /** The model says `withco`: co is predefined as herd enumerates it, FW for every location. */
  withco: boolean;
}

export interface EventGraph {
  events: MemEvent[];
  threads: number;
  locations: LocationInfo[];
  /**
   * Tag sets with membership conditions: memorder's (Once, Acquire, Mb, LKR,
   * Rcu-lock, IW, ...) or, in the herd flavour, herd's (ONCE, MB, Rmb, RMW,
   * LKR, ...: each annotation with its first letter capitalised).
   */
  tags: Map<string, Map<number, BoolTerm>>;
  /** herd's dialect, when built for herd's own model files (see BuildOptions.herd). */
  herd: HerdDialect | undefined;
  po: Edge[];
  addr: Edge[];
  data: Edge[];
  ctrl: Edge[];
  rmw: Edge[];
  /** Final value of each register, per thread. */
  finalRegs: Map<number, Map<string, IntTerm>>;
  /** Conditions every execution satisfies (assume statements, lock reads of 0, valid pointers). */
  assumptions: BoolTerm[];
  /** Conditions under which an access goes through a value that is not a known location. */
  badPointers: { pos: SourcePos; cond: BoolTerm }[];
  cuts: BoundCut[];
  /**
   * Values a thread computes with rather than copies: operands of
   * arithmetic and comparisons, branch and loop conditions, addresses, RMW
   * updates, each with the path condition where it is used. A value that
   * only cycles through copies (see src/engine/value-cycles.ts) is symbolic,
   * and an execution that computes with a symbol has no solution (herd7
   * leaves it out).
   */
  valueUses: { when: BoolTerm; term: IntTerm }[];
}

/** Location codes are far from the small integers litmus tests compute with. */
export const LOCATION_BASE = 0x100000;

/**
 * The value of a read that starts a cycle of copies (herd7's symbolic
 * values, `S8`): this plus the read's event id, far from location codes and
 * from the integers litmus tests compute with.
 */
export const SYMBOL_BASE = 0x40000000;

/** The read whose symbol a value is, if it is one. */
export function symbolReadOf(g: EventGraph, v: number): number | undefined {
  const id = v - SYMBOL_BASE;
  return id >= 0 && id < g.events.length && g.events[id]!.kind === 'R' ? id : undefined;
}

export function locationByCode(g: EventGraph, v: number): LocationInfo | undefined {
  const i = v - LOCATION_BASE;
  return i >= 0 && i < g.locations.length && g.locations[i]!.code === v ? g.locations[i] : undefined;
}

/** Every tag the event builder can attach; absent ones are empty sets. */
export const EVENT_TAGS = [
  'IW',
  'Once', 'Acquire', 'Release', 'Mb', 'Noreturn', 'RMW',
  'Rmb', 'Wmb', 'Barrier', 'Before-atomic', 'After-atomic', 'After-spinlock',
  'After-unlock-lock', 'After-srcu-read-unlock',
  'Rcu-lock', 'Rcu-unlock', 'Sync-rcu',
  'Srcu-lock', 'Srcu-unlock', 'Sync-srcu',
  'LKR', 'LKW', 'UL', 'LF', 'RL', 'RU',
] as const;
