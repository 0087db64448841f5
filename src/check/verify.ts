// `verify`: the verdict of a test's condition under a model, every reachable
// final state, the flags, and a replayed witness.
//
// One encoding per test (src/engine/encoding.ts); final states are
// enumerated by blocking each one found; flags, pointer validity and loop
// bounds are asked under assumptions.

import type { BoundCut } from '../events/graph.js';
import { boolVar, FALSE, not, orAll, TRUE, type BoolTerm } from '../logic/term.js';
import type { Program } from '../program/ir.js';
import { statementHolds, ProgramEncoding } from '../engine/encoding.js';
import type { LoadedModel } from '../engine/models.js';
import { ReplayError } from '../engine/replay.js';
import type { FinalState, TestResult, Verdict, Witness } from '../engine/result.js';
export interface VerifyOptions {
  model: LoadedModel;
  /** Per-test solver budget in milliseconds; 0 or absent for none. */
  timeoutMs?: number;
  /** Loop unrolling bound. */
  unroll: number;
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
    reason,
    states: [],
    positive: 0,
    negative: 0,
    flags: [],
    timeMs: Math.round(performance.now() - started),
  };
}

export async function verifyProgram(program: Program, opts: VerifyOptions): Promise<TestResult> {
  const started = performance.now();
  const encoded = await ProgramEncoding.create(program, opts);
  if (!(encoded instanceof ProgramEncoding)) return unknownResult(program, opts.model, started, encoded.unsupported);
  const enc = encoded;
  const { session, graph: g, observed, obsVars, sane } = enc;

  const result: TestResult = {
    file: program.file,
    name: program.name,
    model: opts.model.name,
    verdict: 'Unknown',
    states: [],
    positive: 0,
    negative: 0,
    flags: [],
    timeMs: 0,
  };
  const finish = (verdict: Verdict, reason?: string): TestResult => {
    enc.dispose();
    result.verdict = verdict;
    if (reason) result.reason = reason;
    result.states.sort(compareStates(observed.map((o) => o.name)));
    result.timeMs = Math.round(performance.now() - started);
    return result;
  };
  const unknown = () => finish('Unknown', `solver: ${session.reasonUnknown()}`);

  // Enumerate final states: each one found is blocked (under the `enumerating`
  // literal, so later questions see every execution again). The first
  // execution and the condition's witness are replayed explicitly.
  const enumerating = session.literal(boolVar('enumerating'));
  let witness: Witness | undefined;
  for (;;) {
    const r = await enc.check([...sane, enumerating]);
    if (r === 'unknown') return unknown();
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
        process.stderr.write(`${program.file}: ${e.message}\n`);
        return finish('Unknown', e.message);
      }
    }
    result.states.push(state);
    if (holds) result.positive++;
    else result.negative++;
    if (observed.length === 0) break;
    session.block(enumerating, obsVars.map((v) => v.name!), values);
  }

  // Flags raised by some allowed execution.
  for (const c of enc.checks) {
    if (!c.flag || result.flags.includes(c.name)) continue;
    const raised = statementHolds(c);
    if (raised === FALSE) continue;
    const r = await enc.check([...sane, session.literal(raised, 'flag')]);
    if (r === 'unknown') return unknown();
    if (r === 'sat') result.flags.push(c.name);
  }

  if (enc.validPointers !== TRUE) {
    const r = await enc.check([session.literal(not(enc.validPointers), 'invalid')]);
    if (r === 'unknown') return unknown();
    if (r === 'sat') {
      const where = g.badPointers.map((b) => `${b.pos.line}:${b.pos.col}`).join(', ');
      return finish('Unknown', `an allowed execution dereferences a value that is not a location (at ${where})`);
    }
  }
  // Executions whose values come out of thin air were left out (as herd's
  // solver does); say so when the model allows any.
  if (enc.thinAir !== FALSE) {
    const r = await enc.check([...sane.filter((a) => a !== enc.grounded), enc.thinAir]);
    if (r === 'unknown') return unknown();
    if (r === 'sat') result.thinAirLeftOut = true;
  }

  const reached = await loopsPastBound(enc);
  if (reached === 'unknown') return unknown();
  if (reached.length > 0) result.boundReached = reached;

  if (witness) result.witness = witness;
  const verdict: Verdict = result.positive === 0 ? 'Never' : result.negative === 0 ? 'Always' : 'Sometimes';
  if (result.boundReached && verdict !== 'Sometimes') {
    const loops = result.boundReached.map((c) => `P${c.thread} line ${c.line}`).join(', ');
    return finish('Unknown', `bound reached: a loop (${loops}) can run more than --unroll times`);
  }
  return finish(verdict);
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
    if (r === 'sat') out.push({ line: cut.pos.line, col: cut.pos.col, thread: cut.thread });
  }
  return out;
}
