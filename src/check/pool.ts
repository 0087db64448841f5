// Running work over many files on all cores. This process works through
// the files itself; helper processes, each with its own Z3 context
// (DESIGN.md, decision 5), join in only when the work left outweighs what
// starting one costs. Results come back in input order whatever order the
// processes finish in.
//
// Why not start the helpers at once: a process pays about 0.7 s of CPU to
// load the CLI and start Z3, then runs its first files slowly while V8
// compiles the hot parts of Z3's WASM and of memorder (measured: the same 91
// litmus tests take 4.4 s in one process, a warm second pass 3.2 s). On a
// short run that start-up is the whole gain: two processes over the halves
// of ../shared/litmus finished in 5.2 s, one process over all of it in
// 4.4-5.0 s.

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

/**
 * Work left, estimated from this process's pace so far, that justifies
 * starting a helper process: several times what a helper's start-up costs.
 */
export const HELPER_WORTH_MS = 8000;
/** This process's own work (after its first task) before its pace is trusted. */
const PACE_SAMPLE_MS = 1000;
/** A task under way this long is a long one: its time so far counts as the pace. */
const LONG_TASK_MS = 2000;

export interface PoolOptions<R> {
  /** Called with each result in input order. */
  emit: (result: R, index: number) => void;
  /** Called with each result as soon as it is known (for progress). */
  onDone?: (result: R, index: number) => void;
  /** The order to start tasks in (a permutation of their indices): longest first balances the processes. */
  order?: number[];
  /** How many tasks a process runs before a fresh one takes over (this one then only hands out work). */
  recycleAfter?: number;
  /** Estimated work left (ms) that starts a helper process; default helperWorthMs(). */
  helperWorthMs?: number;
}

/** Who ran what. */
export interface PoolStats {
  /** Tasks run in this process. */
  inProcess: number;
  /** Helper processes started. */
  helpers: number;
  /** Tasks run by helpers. */
  byHelpers: number;
}

/** Lets the event loop run (timers, messages from helpers) between and during long tasks. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Runs `tasks` with up to `jobs` processes: this one, and helper processes
 * started when the estimated work left reaches `helperWorthMs`.
 */
export async function runTasks<T extends Task>(tasks: T[], jobs: number, opts: PoolOptions<TaskResult<T>>): Promise<PoolStats> {
  const queue = [...(opts.order ?? tasks.map((_, i) => i))];
  const stats: PoolStats = { inProcess: 0, helpers: 0, byHelpers: 0 };
  const done = new Map<number, TaskResult<T>>();
  let settled = 0;
  let nextToEmit = 0;
  const settle = (index: number, result: TaskResult<T>) => {
    settled++;
    opts.onDone?.(result, index);
    done.set(index, result);
    while (done.has(nextToEmit)) {
      opts.emit(done.get(nextToEmit)!, nextToEmit);
      done.delete(nextToEmit++);
    }
  };
  const recycleAfter = opts.recycleAfter ?? workerTaskLimit();
  const maxHelpers = Math.min(jobs, tasks.length) - 1;
  const worthMs = opts.helperWorthMs ?? helperWorthMs();
  const helpers = new Helpers<T>(tasks, queue, recycleAfter, stats, settle);

  // This process's pace. Its first task carries Z3's start-up and is left
  // out; the pace counts once there is a second of it, and a task under way
  // for LONG_TASK_MS or more counts as the pace (a file of long tasks).
  let paceMs = 0;
  let paced = 0;
  let current: number | undefined;
  const workLeftMs = (): number => {
    const running = current === undefined ? 0 : performance.now() - current;
    const pace = paceMs >= PACE_SAMPLE_MS ? paceMs / paced : 0;
    return Math.max(pace, running >= LONG_TASK_MS ? running : 0) * queue.length;
  };
  const maybeStartHelper = () => {
    if (helpers.live < maxHelpers && queue.length > 0 && workLeftMs() >= worthMs) helpers.start();
  };
  const watch = maxHelpers > 0 ? setInterval(maybeStartHelper, 100) : undefined;
  try {
    while (queue.length > 0 && stats.inProcess < recycleAfter) {
      const index = queue.shift()!;
      current = performance.now();
      const result = await runTask(tasks[index]!);
      if (stats.inProcess > 0) {
        paceMs += performance.now() - current;
        paced++;
      }
      current = undefined;
      stats.inProcess++;
      settle(index, result);
      maybeStartHelper();
      if (maxHelpers > 0) await yieldToEventLoop();
    }
    // This process ran its share: what is left goes to helpers.
    if (queue.length > 0 && helpers.live === 0) helpers.start();
    await helpers.finished(() => settled === tasks.length);
  } finally {
    if (watch) clearInterval(watch);
    helpers.stop();
  }
  return stats;
}

/** The helper processes of one runTasks call, fed from the shared queue. */
class Helpers<T extends Task> {
  private readonly children = new Set<ChildProcess>();
  private readonly script = fileURLToPath(new URL('./worker.js', import.meta.url));
  private failure: Error | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly tasks: T[],
    private readonly queue: number[],
    private readonly recycleAfter: number,
    private readonly stats: PoolStats,
    private readonly settle: (index: number, result: TaskResult<T>) => void,
  ) {}

  get live(): number {
    return this.children.size;
  }

  /** Starts a helper; it takes tasks from the queue until it is empty or the helper has run its share. */
  start(): void {
    const child = fork(this.script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.children.add(child);
    this.stats.helpers++;
    let sent = 0;
    let outstanding = 0;
    const feed = () => {
      // Two tasks in hand: the next one is there when this process, busy
      // with a long task of its own, answers late.
      while (outstanding < 2 && this.queue.length > 0 && sent < this.recycleAfter) {
        const index = this.queue.shift()!;
        sent++;
        outstanding++;
        child.send({ index, task: this.tasks[index]! } satisfies WorkerRequest);
      }
      if (outstanding === 0) {
        // Done, or done enough: a fresh process gets a fresh WASM heap
        // (DESIGN.md: one Z3 context's heap only grows, up to 2 GiB).
        child.send('exit');
        if (this.queue.length > 0) this.start();
      }
    };
    child.on('message', (m: WorkerReply) => {
      outstanding--;
      if ('crash' in m) return this.fail(new Error(`worker failed on ${this.tasks[m.index]!.file}: ${m.crash}`));
      this.stats.byHelpers++;
      this.settle(m.index, m.result as TaskResult<T>);
      feed();
      this.wake?.();
    });
    child.on('exit', (code) => {
      this.children.delete(child);
      if (code !== 0 && !this.failure) this.fail(new Error(`worker exited with code ${code}`));
      this.wake?.();
    });
    feed();
  }

  /** Resolves when `allSettled()` holds and every helper has exited; rejects when a helper fails. */
  finished(allSettled: () => boolean): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.wake = () => {
        if (this.failure) reject(this.failure);
        else if (allSettled() && this.children.size === 0) resolve();
      };
      this.wake();
    });
  }

  stop(): void {
    for (const c of this.children) c.kill();
  }

  private fail(error: Error): void {
    this.failure = error;
    this.stop();
    this.wake?.();
  }
}

/** Work left (ms) that starts a helper: MEMORDER_HELPER_WORTH_MS (0: at once), or HELPER_WORTH_MS. */
export function helperWorthMs(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.MEMORDER_HELPER_WORTH_MS;
  const n = Number(raw);
  return raw !== undefined && raw !== '' && Number.isFinite(n) && n >= 0 ? n : HELPER_WORTH_MS;
}

/** Tasks a worker process runs before it is replaced: MEMORDER_WORKER_TASKS, or 200. */
export function workerTaskLimit(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.MEMORDER_WORKER_TASKS);
  return Number.isInteger(n) && n > 0 ? n : 200;
}

/**
 * Verifies `files`, calling `emit` for each outcome in input order, with up
 * to `jobs` processes (see runTasks).
 */
export async function verifyAll(files: string[], options: RunOptions, jobs: number, emit: (o: FileOutcome) => void): Promise<PoolStats> {
  const tasks = files.map((file) => ({ kind: 'verify' as const, file, options }));
  return runTasks(tasks, jobs, { emit });
}
