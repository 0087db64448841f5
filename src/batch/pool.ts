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
//
// Who runs a file is settled by claiming it: every process goes down the
// same order and takes the files it manages to claim (creating a directory
// is atomic, so exactly one process claims each). No process waits for
// another to hand it work: this one answers messages only between its own
// steps, and a spec can keep it busy for many seconds.

import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setImmediate } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { runTask, type FileOutcome, type RunOptions, type Task, type TaskResult } from './tasks.js';

export type { FileOutcome, RunOptions } from './tasks.js';
export { verifyOutcome } from './tasks.js';

/** What a helper is given: every task, the order to go down, where claims are made, how many to run at most. */
export type HelperStart = { tasks: Task[]; order: number[]; claims: string; limit: number };
/** What a helper sends: the task it starts, its result (or a crash), then whether it stopped at its limit. */
export type HelperReply = { started: number } | { index: number; result: unknown } | { index: number; crash: string } | { stopped: 'done' | 'limit' };

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
  /** How many tasks a process runs before a fresh one takes over. */
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

/** Claims task `index` in `claims`; false if another process has. */
export function claimTask(claims: string, index: number): boolean {
  try {
    mkdirSync(join(claims, String(index)));
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
}

/**
 * Runs `tasks` with up to `jobs` processes: this one, and helper processes
 * started when the estimated work left reaches `helperWorthMs`.
 */
export async function runTasks<T extends Task>(tasks: T[], jobs: number, opts: PoolOptions<TaskResult<T>>): Promise<PoolStats> {
  const order = opts.order ?? tasks.map((_, i) => i);
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
  const claims = mkdtempSync(join(tmpdir(), 'memorder-claims-'));
  const helpers = new Helpers<T>({ tasks, order, claims, limit: recycleAfter }, stats, settle);

  // This process's pace. Its first task carries Z3's start-up and is left
  // out; the pace counts once there is a second of it, and a task under way
  // for LONG_TASK_MS or more counts as the pace (a file of long tasks).
  let paceMs = 0;
  let paced = 0;
  let current: number | undefined;
  let next = 0;
  const workLeftMs = (): number => {
    const running = current === undefined ? 0 : performance.now() - current;
    const pace = paceMs >= PACE_SAMPLE_MS ? paceMs / paced : 0;
    return Math.max(pace, running >= LONG_TASK_MS ? running : 0) * (order.length - next);
  };
  const maybeStartHelper = () => {
    if (helpers.live < maxHelpers && next < order.length && workLeftMs() >= worthMs) helpers.start();
  };
  const watch = maxHelpers > 0 ? setInterval(maybeStartHelper, 100) : undefined;
  try {
    for (; next < order.length && stats.inProcess < recycleAfter; next++) {
      const index = order[next]!;
      if (!claimTask(claims, index)) continue;
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
      // Let timers and helpers' messages in between this process's tasks.
      if (maxHelpers > 0) await setImmediate();
    }
    // This process ran its share: what is left goes to helpers.
    if (helpers.unclaimed() && helpers.live === 0) helpers.start();
    await helpers.finished(() => settled === tasks.length);
  } finally {
    if (watch) clearInterval(watch);
    helpers.stop();
    rmSync(claims, { recursive: true, force: true });
  }
  return stats;
}

/**
 * Every live helper of this process. When it exits (process.exit: the end
 * of a run, a closed pipe, Ctrl-C; see src/cli/process.ts), its helpers are
 * stopped with it; a helper whose parent is gone stops too (worker.ts).
 */
const liveHelpers = new Set<ChildProcess>();
process.on('exit', () => {
  for (const c of liveHelpers) c.kill();
});

/** The helper processes of one runTasks call. */
class Helpers<T extends Task> {
  private readonly children = new Set<ChildProcess>();
  private readonly script = fileURLToPath(new URL('./worker.js', import.meta.url));
  private wake: (() => void) | undefined;
  /** stop() was called: a helper's exit is expected, not an internal error. */
  private stopping = false;

  constructor(
    private readonly start_: HelperStart,
    private readonly stats: PoolStats,
    private readonly settle: (index: number, result: TaskResult<T>) => void,
  ) {}

  get live(): number {
    return this.children.size;
  }

  /** Whether some task is not claimed yet. */
  unclaimed(): boolean {
    return readdirSync(this.start_.claims).length < this.start_.tasks.length;
  }

  /** Starts a helper: it claims and runs tasks until none is left or it reaches its limit. */
  start(): void {
    const child = fork(this.script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.children.add(child);
    liveHelpers.add(child);
    this.stats.helpers++;
    let running: number | undefined;
    child.on('message', (m: HelperReply) => {
      if ('started' in m) {
        running = m.started;
        return;
      }
      if ('stopped' in m) {
        // At its limit, a fresh process gets a fresh WASM heap (DESIGN.md:
        // one Z3 context's heap only grows, up to 2 GiB).
        if (m.stopped === 'limit' && this.unclaimed()) this.start();
        return;
      }
      running = undefined;
      this.stats.byHelpers++;
      this.settle(m.index, 'crash' in m ? this.internalError(m.index, m.crash.split('\n')[0]!) : (m.result as TaskResult<T>));
      this.wake?.();
    });
    child.on('exit', (code, signal) => {
      this.children.delete(child);
      liveHelpers.delete(child);
      // A helper that dies (out of memory, a fatal error in Z3's WASM) costs
      // only the task it was on: that one is an internal error, and another
      // helper takes the tasks still unclaimed.
      if (running !== undefined && !this.stopping) {
        this.stats.byHelpers++;
        this.settle(running, this.internalError(running, `helper process ended (${signal ?? `exit code ${code}`}) while working on it`));
        if (this.unclaimed()) this.start();
      }
      this.wake?.();
    });
    child.send(this.start_);
  }

  /** Resolves when `allSettled()` holds and every helper has exited. */
  finished(allSettled: () => boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      this.wake = () => {
        if (allSettled() && this.children.size === 0) resolve();
      };
      this.wake();
    });
  }

  stop(): void {
    this.stopping = true;
    for (const c of this.children) c.kill();
  }

  /** The outcome of a task that a helper could not finish: the file's internal-error line. */
  private internalError(index: number, why: string): TaskResult<T> {
    const file = this.start_.tasks[index]!.file;
    return { file, error: `${file}: internal error: ${why}`, internalError: true } as TaskResult<T>;
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
