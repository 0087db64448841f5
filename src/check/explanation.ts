// What `explain` answers, and the `pairs-with` check over it (the types
// both src/check/explain.ts and src/check/pairs.ts work with, and the
// reports print).

import type { FinalState, Verdict, Witness } from '../engine/result.js';

export interface ExplainedPath {
  /** Final states (over the condition's observables) the path reaches without barriers. */
  states: FinalState[];
  /** What sets the path apart from the others: where its reads read from (`P0 R pte (line 34) from P1 W pte (line 80)`). */
  reads: string[];
  /** Every minimal set of barrier ids that alone forbids these states. */
  minimalSets: string[][];
  /**
   * Axioms of the model that rule the path out with the first minimal set:
   * those it needs, or, when no single one is needed, each that does on its own.
   */
  axioms: string[];
  /** The cycle an execution of the path closes, with the first minimal set's barriers on it. */
  cycle: string;
}

export interface Explanation {
  file: string;
  name: string;
  model: string;
  verdict: Verdict;
  forbidden: boolean;
  /** For a forbidden outcome: one entry per path to it. */
  paths: ExplainedPath[];
  /** For a reachable outcome: the witness's cycle, and the witness. */
  cycle?: string;
  witness?: Witness;
  /** For a scenario spec: its declared `pairs-with` partners against the pairs the proof uses. */
  pairing?: PairingReport;
  reason?: string;
  timeMs: number;
}

export interface PairingReport {
  /** Pairs `a <-> b` (sorted, a < b) the annotations declare, among the barriers of the program. */
  declared: [string, string][];
  /** Pairs the minimal sets of some path use. */
  used: [string, string][];
  /** Declared, never used by the proof. */
  unneeded: [string, string][];
  /** Used by the proof, not declared. */
  undeclared: [string, string][];
  /** Barriers of the program in no minimal set of any path. */
  unpaired: string[];
}
