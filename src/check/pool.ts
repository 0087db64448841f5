// Running verify over many files on all cores: worker processes, each with
// its own Z3 context (DESIGN.md, decision 5), fed one file at a time.
// Results come back in input order whatever order the workers finish in.

import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { loadModel, type ModelSpec } from './models.js';
import { readProgram } from './run.js';
import { verifyProgram } from './verify.js';
import { InputError } from '../program/errors.js';
import type { TestResult } from './result.js';
import type { Program } from '../program/ir.js';
import { checkSpecFile, SPEC_SUFFIX, type SpecResult } from './spec.js';
import type { ScenarioProject } from '../scenario/project.js';

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
export type FileOutcome = { file: string; results: TestResult[] } | { file: string; spec: SpecResult } | { file: string; error: string };

/** One parsed project per process, shared by the specs it checks. */
let project: Promise<ScenarioProject> | undefined;

export type WorkerRequest = { index: number; file: string; options: RunOptions };
export type WorkerReply = { index: number; outcome: FileOutcome } | { index: number; crash: string };

/** Verifies one file in this process, turning bad input into an outcome. */
export async function verifyOutcome(file: string, options: RunOptions): Promise<FileOutcome> {
  try {
    if (file.endsWith(SPEC_SUFFIX)) {
      project ??= import('../scenario/project.js').then((m) => m.ScenarioProject.create());
      const spec = await checkSpecFile(file, {
        project: await project,
        models: options.specModels,
        timeoutMs: options.timeoutMs,
        unroll: options.unroll,
      });
      return { file, spec };
    }
    // One parse per set of primitives: memorder's table, or a model's .def macros.
    const programs = new Map<string, Program>();
    const results: TestResult[] = [];
    for (const spec of options.models) {
      const model = loadModel(spec, options.variants);
      const macros = model.herd?.macros;
      let program = programs.get(macros?.file ?? '');
      if (!program) programs.set(macros?.file ?? '', (program = readProgram(file, macros)));
      results.push(await verifyProgram(program, { model, timeoutMs: options.timeoutMs, unroll: options.unroll }));
    }
    return { file, results };
  } catch (e) {
    if (e instanceof InputError) return { file, error: e.message };
    throw e;
  }
}

export function defaultJobs(): number {
  return availableParallelism();
}

/**
 * Verifies `files`, calling `emit` for each outcome in input order. With
 * more than one job and file, work goes to `jobs` worker processes.
 */
export async function verifyAll(files: string[], options: RunOptions, jobs: number, emit: (o: FileOutcome) => void): Promise<void> {
  const workers = Math.min(jobs, files.length);
  if (workers <= 1) {
    for (const f of files) emit(await verifyOutcome(f, options));
    return;
  }
  const script = fileURLToPath(new URL('./worker.js', import.meta.url));
  const done = new Map<number, FileOutcome>();
  let nextToEmit = 0;
  let nextToSend = 0;
  await new Promise<void>((resolve, reject) => {
    const children: ChildProcess[] = [];
    let failed = false;
    const feed = (child: ChildProcess) => {
      if (nextToSend < files.length) {
        const index = nextToSend++;
        child.send({ index, file: files[index]!, options } satisfies WorkerRequest);
      } else child.send('exit');
    };
    for (let i = 0; i < workers; i++) {
      const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(child);
      child.on('message', (m: WorkerReply) => {
        if ('crash' in m) {
          failed = true;
          children.forEach((c) => c.kill());
          reject(new Error(`worker failed on ${files[m.index]}: ${m.crash}`));
          return;
        }
        done.set(m.index, m.outcome);
        while (done.has(nextToEmit)) {
          emit(done.get(nextToEmit)!);
          done.delete(nextToEmit++);
        }
        feed(child);
      });
      child.on('exit', (code) => {
        if (failed) return;
        if (code !== 0) {
          failed = true;
          children.forEach((c) => c.kill());
          reject(new Error(`worker exited with code ${code}`));
        } else if (children.every((c) => c.exitCode !== null)) resolve();
      });
      feed(child);
    }
  });
}
