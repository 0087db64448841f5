// `verify`: the verdict of a test's condition under a model, every reachable
// final state, the flags, and a replayed witness.
//
// One encoding per test (src/engine/encoding.ts); final states are
// enumerated by blocking each one found; flags, pointer validity and loop
// bounds are asked under assumptions.

import type { BoundCut } from '../events/graph.js';
import { boolVar, FALSE, not, orAll, TRUE, type BoolTerm } from '../logic/term.js';
import { formatCondition } from '../program/condition.js';
import type { Program } from '../program/ir.js';
import { Naming } from '../program/naming.js';
import { statementHolds, ProgramEncoding, type Engine } from '../engine/encoding.js';
import type { LoadedModel } from '../engine/models.js';
import { ReplayError } from '../engine/replay.js';
import type { FinalState, TestResult, Verdict, Witness } from '../engine/result.js';
export interface VerifyOptions {
  model: LoadedModel;
  /** Per-test solver budget in milliseconds; 0 or absent for none. */
  timeoutMs?: number;
  /** Loop unrolling bound. */
  unroll: number;
  /** How consistency is decided (default: defaultEngine()). */
  engine?: Engine;
}

function compareStates(keys: string[]) {
  return (a: FinalState, b: FinalState): number => {
    for (const k of keys) {
      const x = a[k]!;
      const y = b[k]!;
      if (x === y) continue;
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      return String(x).localeCompare(String(y));
    }
    return 0;
  };
}

function unknownResult(program: Program, model: LoadedModel, started: number, reason: string): TestResult {
  return {
    file: program.file,
    name: program.name,
    model: model.name,
    verdict: 'Unknown',
    condition: formatCondition(program),
    reason,
    states: [],
    positive: 0,
    negative: 0,
    flags: [],
    timeMs: Math.round(performance.now() - started),
  };
}

/** A question the solver could not answer: the reason it gives up. */
class Undecided {
  constructor(readonly reason: string) {}
}

const solverGaveUp = (enc: ProgramEncoding) => new Undecided(`solver: ${enc.session.reasonUnknown()}`);

/**
 * Every reachable final state, into `result` (states, positive, negative):
 * each one found is blocked (under the `enumerating` literal, so later
 * questions see every execution again). The first execution and the
 * condition's first witness are replayed explicitly; the witness is returned.
 */
async function reachableStates(enc: ProgramEncoding, result: TestResult): Promise<{ witness?: Witness } | Undecided> {
  const { session, observed, obsVars, sane } = enc;
  const enumerating = session.literal(boolVar('enumerating'));
  let witness: Witness | undefined;
  const seen = new Set<string>();
  try {
    for (;;) {
      const r = await enc.check([...sane, enumerating]);
      if (r === 'unknown') return solverGaveUp(enc);
      if (r === 'unsat') break;
      const m = session.model();
      const { state, values } = enc.state(m);
      const holds = m.bool(enc.condition.name!);
      if ((holds && !witness) || result.states.length === 0) {
        try {
          const w = enc.replay(m, state);
          if (holds) witness = w;
        } catch (e) {
          if (!(e instanceof ReplayError)) throw e;
          return new Undecided(e.message);
        }
      }
      // Symbols are named per state: another choice of the read that breaks
      // a copy cycle gives the same state again (blocked, not counted twice).
      const key = JSON.stringify(state);
      if (!seen.has(key)) {
        seen.add(key);
        result.states.push(state);
        if (holds) result.positive++;
        else result.negative++;
      }
      if (observed.length === 0) break;
      session.block(enumerating, obsVars.map((v) => v.name!), values);
    }
  } finally {
    result.states.sort(compareStates(observed.map((o) => o.name)));
  }
  return witness ? { witness } : {};
}

/** The model's flags that some allowed execution raises, into `flags`. */
async function raisedFlags(enc: ProgramEncoding, flags: string[]): Promise<Undecided | undefined> {
  for (const c of enc.checks) {
    if (!c.flag || flags.includes(c.name)) continue;
    const raised = statementHolds(c);
    if (raised === FALSE) continue;
    const r = await enc.check([...enc.sane, enc.session.literal(raised, 'flag')]);
    if (r === 'unknown') return solverGaveUp(enc);
    if (r === 'sat') flags.push(c.name);
  }
  return undefined;
}

/** Where an allowed execution dereferences a value that is not a location, if one does. */
async function invalidDereference(enc: ProgramEncoding): Promise<string | undefined | Undecided> {
  if (enc.validPointers === TRUE) return undefined;
  const r = await enc.check([enc.session.literal(not(enc.validPointers), 'invalid')]);
  if (r === 'unknown') return solverGaveUp(enc);
  if (r === 'unsat') return undefined;
  return enc.graph.badPointers.map((b) => `${b.pos.line}:${b.pos.col}`).join(', ');
}

/**
 * Whether the model allows executions that herd's equation solver leaves
 * out (a value computed out of thin air, or a copy cycle's symbol computed
 * with): they are left out of the answers, and the result says so.
 */
async function valuesLeftOut(enc: ProgramEncoding): Promise<boolean | Undecided> {
  const { grounded, symbolsCopiedOnly, computedCycle, computesWithSymbol } = enc.values;
  const questions: [BoolTerm, BoolTerm[]][] = [
    [computedCycle, [grounded, symbolsCopiedOnly]],
    [computesWithSymbol, [symbolsCopiedOnly]],
  ];
  for (const [leftOut, lifted] of questions) {
    if (leftOut === FALSE) continue;
    const r = await enc.check([...enc.sane.filter((a) => !lifted.includes(a)), enc.session.literal(leftOut, 'leftout')]);
    if (r === 'unknown') return solverGaveUp(enc);
    if (r === 'sat') return true;
  }
  return false;
}

/**
 * The verdict of a test's condition under a model: its reachable final
 * states, flags and witness, then what may make them incomplete (invalid
 * pointers, thin-air values, loops past the unroll bound). An `Unknown`
 * keeps what was found before the question that could not be decided.
 */
export async function verifyProgram(program: Program, opts: VerifyOptions): Promise<TestResult> {
  const started = performance.now();
  const encoded = await ProgramEncoding.create(program, opts);
  if (!(encoded instanceof ProgramEncoding)) return unknownResult(program, opts.model, started, encoded.unsupported);
  const result = unknownResult(program, opts.model, started, '');
  try {
    const undecided = await answer(encoded, result);
    if (undecided) result.reason = undecided.reason;
    else delete result.reason;
  } finally {
    encoded.dispose();
  }
  result.timeMs = Math.round(performance.now() - started);
  return result;
}

/** Answers the questions in turn into `result`; the first one undecided stops them (the verdict stays Unknown). */
async function answer(enc: ProgramEncoding, result: TestResult): Promise<Undecided | undefined> {
  const outcomes = await reachableStates(enc, result);
  if (outcomes instanceof Undecided) return outcomes;
  const flagsUndecided = await raisedFlags(enc, result.flags);
  if (flagsUndecided) return flagsUndecided;
  const invalid = await invalidDereference(enc);
  if (invalid instanceof Undecided) return invalid;
  if (invalid !== undefined) return new Undecided(`an allowed execution dereferences a value that is not a location (at ${invalid})`);
  const leftOut = await valuesLeftOut(enc);
  if (leftOut instanceof Undecided) return leftOut;
  if (leftOut) result.thinAirLeftOut = true;
  const reached = await loopsPastBound(enc);
  if (reached === 'unknown') return solverGaveUp(enc);
  if (reached.length > 0) result.boundReached = reached;

  const verdict: Verdict = result.positive === 0 ? 'Never' : result.negative === 0 ? 'Always' : 'Sometimes';
  if (reached.length > 0 && verdict !== 'Sometimes') return new Undecided(boundReachedReason(enc.program, reached));
  if (outcomes.witness) result.witness = outcomes.witness;
  result.verdict = verdict;
  return undefined;
}

/** Why a verdict other than Sometimes is Unknown when loops run past the bound: `bound reached: a loop (P0 line 20) ...`. */
export function boundReachedReason(program: Program, loops: NonNullable<TestResult['boundReached']>): string {
  const naming = Naming.of(program);
  return `bound reached: a loop (${loops.map((c) => naming.site(c.thread, c)).join(', ')}) can run more than --unroll times`;
}

/**
 * Which loops some allowed execution would run past the unroll bound (a
 * loop unrolled inside another one is cut in several places: one question
 * each), under extra assumptions.
 */
export async function loopsPastBound(enc: ProgramEncoding, assume: readonly BoolTerm[] = []): Promise<NonNullable<TestResult['boundReached']> | 'unknown'> {
  const out: NonNullable<TestResult['boundReached']> = [];
  if (enc.withinBound === TRUE) return out;
  const loops = new Map<string, { cut: BoundCut; reached: BoolTerm[] }>();
  for (const c of enc.graph.cuts) {
    const key = `${c.thread}:${c.pos.line}:${c.pos.col}`;
    const l = loops.get(key);
    if (l) l.reached.push(c.reached);
    else loops.set(key, { cut: c, reached: [c.reached] });
  }
  const others = enc.sane.filter((a) => a !== enc.withinBound);
  for (const { cut, reached } of loops.values()) {
    const r = await enc.check([...others, ...assume, enc.session.literal(orAll(reached), 'cut')]);
    if (r === 'unknown') return 'unknown';
    if (r === 'sat') out.push({ file: cut.pos.file, line: cut.pos.line, col: cut.pos.col, thread: cut.thread });
  }
  return out;
}
