// What a verification produces, independent of how it is printed.

import type { SourcePos } from '../program/ir.js';

export type Verdict = 'Never' | 'Sometimes' | 'Always' | 'Unknown';

/** A final state: observable name -> integer, or location name for pointer values. */
export type FinalState = Record<string, number | string>;

/** herd7's symbolic values (`S8`): the values of copy cycles. */
const SYMBOL_NAME = /^S\d+$/;

/**
 * A state with its symbols renamed S1, S2, ... in the order of its sorted
 * observable names: herd7 numbers them by its own variables, so two states
 * are the same when they agree up to that renaming.
 */
export function canonicalSymbols(state: FinalState): FinalState {
  const names = new Map<string, string>();
  for (const k of Object.keys(state).sort()) {
    const v = state[k];
    if (typeof v === 'string' && SYMBOL_NAME.test(v) && !names.has(v)) names.set(v, `S${names.size + 1}`);
  }
  if (names.size === 0) return state;
  const out: FinalState = {};
  for (const [k, v] of Object.entries(state)) out[k] = typeof v === 'string' ? (names.get(v) ?? v) : v;
  return out;
}

export interface WitnessEvent {
  id: number;
  thread: number; // -1 for initial writes
  kind: 'R' | 'W' | 'F' | 'L';
  label: string;
  location?: string;
  value?: number | string;
  tags: string[];
  pos?: SourcePos;
}

/** One execution, as the solver found it and the replay confirmed it. */
export interface Witness {
  events: WitnessEvent[];
  /** (write id, read id) */
  rf: [number, number][];
  /** Per location, write ids in coherence order. */
  co: Record<string, number[]>;
  state: FinalState;
}

export interface TestResult {
  file: string;
  name: string;
  model: string;
  verdict: Verdict;
  /** The final condition as herd7 writes it, e.g. `exists (0:r0=0 /\ 1:r0=0)` (`forall (true)` when there is none). */
  condition: string;
  /** Why the verdict is Unknown. */
  reason?: string;
  /** The verdict is Unknown because memorder hit a bug (reason `internal error: ...`). */
  internalError?: true;
  /** Reachable final states over the observables, in a stable order. */
  states: FinalState[];
  /** How many of the states satisfy the condition's proposition. */
  positive: number;
  negative: number;
  /** Flags raised by some allowed execution (e.g. data-race). */
  flags: string[];
  /** An execution satisfying the condition, when one exists. */
  witness?: Witness;
  /**
   * The model allows executions with a value out of thin air (a read that
   * reads, through writes computed from it, its own value); they have no
   * determined values and are left out of the states and the verdict, as
   * herd7 leaves them out.
   */
  thinAirLeftOut?: boolean;
  /** Loops cut off by the unroll bound in some execution. */
  boundReached?: { file: string; line: number; col: number; thread: number }[];
  timeMs: number;
}
