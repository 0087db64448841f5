// The work a process of src/batch/pool.ts does for one file: verify it
// (`memorder verify`) or check it against its expectations (`memorder ci`).
// Bad input becomes an outcome carrying the `file:line:col: message` line.

import { basename } from 'node:path';
import { InputError, internalErrorLine } from '../program/errors.js';
import type { CheckCase } from './cases.js';
import { loadModel, type ModelSpec } from '../engine/models.js';
import type { Program } from '../program/ir.js';
import { formatCondition } from '../program/condition.js';
import type { TestResult } from '../engine/result.js';
import { readProgram } from '../check/run.js';
import { scenarioProject, sourceFor, type CheckOptions } from './sources.js';
import { checkSpecFile, SPEC_SUFFIX, type SpecPart, type SpecResult } from '../check/spec.js';
import { verifyProgram } from '../check/verify.js';

export interface RunOptions {
  /** Models to run each file under, in order (names, cat file paths, or herd's model files). */
  models: ModelSpec[];
  /** For scenario specs: the models to check (default: every model their expectations name). */
  specModels?: string[];
  variants: string[];
  timeoutMs?: number;
  unroll: number;
}

/**
 * A file's outcome: one result per model (a litmus test), the spec's rows (a
 * `*.spec.ts` scenario), or the bad-input message (`file:line:col: ...`).
 */
export type FileOutcome = { file: string; results: TestResult[] } | { file: string; spec: SpecResult } | FileError;

/** A file's check cases and the inputs the check found (imports), or the bad-input message. */
export type FileCheck = { file: string; cases: CheckCase[]; found: string[] } | FileError;

/** The line that stopped a file: bad input (`file:line:col: message`), or a bug of memorder (`internalError`). */
export type FileError = { file: string; error: string; internalError?: true };

export type Task = { kind: 'verify'; file: string; options: RunOptions } | { kind: 'check'; file: string; options: CheckOptions; part?: SpecPart };

export type TaskResult<T extends Task> = T extends { kind: 'verify' } ? FileOutcome : FileCheck;

/** Bad input, and a bug of memorder on this file (`file: internal error: ...`), become the file's error line. */
async function orError<T>(file: string, work: () => Promise<T>): Promise<T | FileError> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof InputError) return { file, error: e.message };
    return { file, error: `${file}: ${internalErrorLine(e, file)}`, internalError: true };
  }
}

function internalErrorResult(file: string, program: Program | undefined, model: string, reason: string): TestResult {
  const name = program?.name ?? basename(file, '.litmus');
  const condition = program ? formatCondition(program) : '';
  return { file, name, model, condition, verdict: 'Unknown', reason, internalError: true, states: [], positive: 0, negative: 0, flags: [], timeMs: 0 };
}

/** Verifies one file in this process, turning bad input into an outcome. */
export function verifyOutcome(file: string, options: RunOptions): Promise<FileOutcome> {
  return orError(file, async () => {
    if (file.endsWith(SPEC_SUFFIX)) {
      const spec = await checkSpecFile(file, { project: await scenarioProject(), models: options.specModels, timeoutMs: options.timeoutMs, unroll: options.unroll });
      return { file, spec };
    }
    // One parse per set of primitives: memorder's table, or a model's .def macros.
    const programs = new Map<string, Program>();
    const results: TestResult[] = [];
    for (const spec of options.models) {
      const model = loadModel(spec, options.variants);
      const macros = model.herd?.macros;
      let program = programs.get(macros?.file ?? '');
      try {
        if (!program) programs.set(macros?.file ?? '', (program = readProgram(file, macros)));
        results.push(await verifyProgram(program, { model, timeoutMs: options.timeoutMs, unroll: options.unroll }));
      } catch (e) {
        // A bug of memorder on this test: Unknown, and the batch goes on.
        if (e instanceof InputError) throw e;
        results.push(internalErrorResult(file, program, model.name, internalErrorLine(e, file)));
      }
    }
    return { file, results };
  });
}

/** Checks one file's cases (or a part of a spec's) in this process, turning bad input into an outcome. */
export function checkOutcome(file: string, options: CheckOptions, part?: SpecPart): Promise<FileCheck> {
  return orError(file, async () => ({ file, ...(await sourceFor(file).check(file, options, part)) }));
}

export function runTask<T extends Task>(task: T): Promise<TaskResult<T>> {
  const r = task.kind === 'verify' ? verifyOutcome(task.file, task.options) : checkOutcome(task.file, task.options, task.part);
  return r as Promise<TaskResult<T>>;
}
