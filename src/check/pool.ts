// Running work over many files on all cores: worker processes, each with
// its own Z3 context (DESIGN.md, decision 5), fed one file at a time.
// Results come back in input order whatever order the workers finish in.

import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runTask, type FileOutcome, type RunOptions, type Task, type TaskResult } from './tasks.js';

export type { FileOutcome, RunOptions } from './tasks.js';
export { verifyOutcome } from './tasks.js';

export type WorkerRequest = { index: number; task: Task };
export type WorkerReply = { index: number; result: unknown } | { index: number; crash: string };

export function defaultJobs(): number {
  return availableParallelism();
}

export interface PoolOptions<R> {
  /** Called with each result in input order. */
  emit: (result: R, index: number) => void;
  /** Called with each result as soon as it is known (for progress). */
  onDone?: (result: R, index: number) => void;
  /** The order to start tasks in (a permutation of their indices): longest first balances the workers. */
  order?: number[];
  /** How many tasks a worker process runs before a fresh one replaces it. */
  recycleAfter?: number;
}

/**
 * Runs `tasks`: in this process with one job (or one task), otherwise in
 * `jobs` worker processes.
 */
export async function runTasks<T extends Task>(tasks: T[], jobs: number, opts: PoolOptions<TaskResult<T>>): Promise<void> {
  const order = opts.order ?? tasks.map((_, i) => i);
  const done = new Map<number, TaskResult<T>>();
  let nextToEmit = 0;
  const settle = (index: number, result: TaskResult<T>) => {
    opts.onDone?.(result, index);
    done.set(index, result);
    while (done.has(nextToEmit)) {
      opts.emit(done.get(nextToEmit)!, nextToEmit);
      done.delete(nextToEmit++);
    }
  };
  const workers = Math.min(jobs, tasks.length);
  if (workers <= 1) {
    for (const i of order) settle(i, await runTask(tasks[i]!));
    return;
  }
  const script = fileURLToPath(new URL('./worker.js', import.meta.url));
  const recycleAfter = opts.recycleAfter ?? workerTaskLimit();
  let nextToSend = 0;
  await new Promise<void>((resolve, reject) => {
    const children: ChildProcess[] = [];
    let failed = false;
    const fail = (error: Error) => {
      failed = true;
      children.forEach((c) => c.kill());
      reject(error);
    };
    const start = () => {
      const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      children.push(child);
      let ran = 0;
      const feed = () => {
        if (nextToSend < order.length && ran < recycleAfter) {
          const index = order[nextToSend++]!;
          ran++;
          child.send({ index, task: tasks[index]! } satisfies WorkerRequest);
        } else {
          // Done, or done enough: a fresh process gets a fresh WASM heap
          // (DESIGN.md: one Z3 context's heap only grows, up to 2 GiB).
          child.send('exit');
          if (nextToSend < order.length) start();
        }
      };
      child.on('message', (m: WorkerReply) => {
        if ('crash' in m) return fail(new Error(`worker failed on ${tasks[m.index]!.file}: ${m.crash}`));
        settle(m.index, m.result as TaskResult<T>);
        feed();
      });
      child.on('exit', (code) => {
        if (failed) return;
        if (code !== 0) fail(new Error(`worker exited with code ${code}`));
        else if (nextToSend >= order.length && children.every((c) => c.exitCode !== null)) resolve();
      });
      feed();
    };
    for (let i = 0; i < workers; i++) start();
  });
}

/** Tasks a worker process runs before it is replaced: MEMORDER_WORKER_TASKS, or 200. */
export function workerTaskLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.MEMORDER_WORKER_TASKS);
  return Number.isInteger(n) && n > 0 ? n : 200;
}

/**
 * Verifies `files`, calling `emit` for each outcome in input order. With
 * more than one job and file, work goes to `jobs` worker processes.
 */
export async function verifyAll(files: string[], options: RunOptions, jobs: number, emit: (o: FileOutcome) => void): Promise<void> {
  const tasks = files.map((file) => ({ kind: 'verify' as const, file, options }));
  await runTasks(tasks, jobs, { emit });
}
