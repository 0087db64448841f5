// The one Z3 context of the process (DESIGN.md, decision 5), driven through
// z3-solver's low-level API with explicit reference counts. The high-level
// API frees Z3 objects from a FinalizationRegistry on the main thread, which
// corrupted the WASM heap when it ran during a check on a worker thread
// (DESIGN.md's pitfall); holding no high-level objects avoids it entirely.

import { setFlagsFromString } from 'node:v8';
import { wasmTrampolines } from './wasm-invoke.js';

type Init = typeof import('z3-solver')['init'];
export type Z3Api = Awaited<ReturnType<Init>>['Z3'];
export type Z3ContextPtr = ReturnType<Z3Api['mk_context_rc']>;

/** The raw Emscripten module: exposes the synchronous C entry points. */
export interface Z3Module {
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _Z3_solver_check_assumptions(ctx: number, solver: number, n: number, assumptions: number): number;
  _Z3_mk_and(ctx: number, n: number, args: number): number;
  _Z3_optimize_check(ctx: number, opt: number, n: number, assumptions: number): number;
  HEAPU32: Uint32Array;
}

export interface Z3Handle {
  Z3: Z3Api;
  em: Z3Module;
  ctx: Z3ContextPtr;
  initMs: number;
  /** Whether the C++ exception trampolines run as WebAssembly (see withFastCalls). */
  wasmTrampolines: boolean;
}

let handle: Promise<Z3Handle> | undefined;

/**
 * Runs z3-solver's `init()` with its C++ exception trampolines (`invoke_*`)
 * in WebAssembly instead of JavaScript (src/smt/wasm-invoke.ts), invisible
 * to Z3. Should they not fit the module, the JS trampolines stay, and the
 * function table gets a memoised `get` instead: the build is compiled with
 * Emscripten's ASSERTIONS, and every call through a JS trampoline checks
 * its JS-side mirror of the table against `WebAssembly.Table.prototype.get`,
 * a native call (≈20 % of a verify run over ../shared/litmus). The
 * instantiation is found by watching `WebAssembly.instantiate` while
 * `init()` runs on this thread.
 */
async function withFastCalls<T>(start: () => Promise<T>): Promise<{ started: T; wasmTrampolines: boolean }> {
  let connected = false;
  const instantiate = WebAssembly.instantiate as (...a: unknown[]) => Promise<unknown>;
  const watch = async (source: unknown, imports?: Record<string, Record<string, unknown>>) => {
    const trampolines = imports ? wasmTrampolines(imports) : undefined;
    let result = await instantiate(source, trampolines?.imports ?? imports);
    let instance = instanceOf(result);
    connected = trampolines !== undefined && trampolines.connect(instance);
    if (trampolines && !connected) {
      // Not the module the trampolines expect: instantiate it as it was.
      const module = (result as { module?: WebAssembly.Module }).module;
      instance = await WebAssembly.instantiate(module ?? (source as WebAssembly.Module), imports as WebAssembly.Imports);
      result = module ? { module, instance } : instance;
    }
    const table = instance.exports?.['__indirect_function_table'];
    if (!connected && table instanceof WebAssembly.Table) memoiseTable(table);
    return result;
  };
  WebAssembly.instantiate = watch as typeof WebAssembly.instantiate;
  try {
    return { started: await start(), wasmTrampolines: connected };
  } finally {
    WebAssembly.instantiate = instantiate as typeof WebAssembly.instantiate;
  }
}

function instanceOf(result: unknown): WebAssembly.Instance {
  return (result as { instance?: WebAssembly.Instance }).instance ?? (result as WebAssembly.Instance);
}

/**
 * Gives `table` a memoised `get`, kept right by its `set`. Filled on
 * demand: reading an entry makes a JS function object, ≈50 ms for all of
 * Z3's 23,781.
 */
function memoiseTable(table: WebAssembly.Table): void {
  const { get, set } = WebAssembly.Table.prototype;
  // A packed array of undefined (a sparse one is a slow dictionary in V8).
  const memo: unknown[] = new Array<unknown>(table.length).fill(undefined);
  Object.defineProperty(table, 'get', {
    value: (i: number) => (i < memo.length ? (memo[i] ??= get.call(table, i)) : get.call(table, i)),
  });
  Object.defineProperty(table, 'set', {
    value: (i: number, f: unknown) => {
      set.call(table, i, f);
      if (i < memo.length) memo[i] = undefined;
    },
  });
}

/**
 * V8 compiles WebAssembly functions lazily, on first call, but validates
 * all of them when the module is compiled: for Z3's 35 MB module a pass of
 * about 400 million instructions, 130-160 ms of every process's start-up
 * (measured: 454-498 ms -> 295-394 ms). With lazy validation each function
 * is validated when first compiled, which Z3's never fail. The flag is read
 * when a module is compiled, so setting it here, before Z3's, is in time;
 * V8 prints an error for a flag it does not know, so it is set only on the
 * V8 versions that have it (Node 20-24).
 */
function validateWasmLazily(): void {
  const major = Number(process.versions.v8.split('.')[0]);
  if (major >= 11 && major <= 13) setFlagsFromString('--wasm-lazy-validation');
}

/** The process-wide Z3 context, initialised on first use. */
export function z3(): Promise<Z3Handle> {
  if (!handle) {
    handle = (async () => {
      const t0 = performance.now();
      validateWasmLazily();
      const { init } = await import('z3-solver');
      const { started: api, wasmTrampolines: trampolined } = await withFastCalls(init);
      // Models are read constant by constant; compacting their function
      // graphs first (Z3's default) took 40 % of the time spent getting
      // models (570 -> 320 ms over ../shared/litmus).
      api.Z3.global_param_set('model.compact', 'false');
      const cfg = api.Z3.mk_config();
      const ctx = api.Z3.mk_context_rc(cfg);
      api.Z3.del_config(cfg);
      return { Z3: api.Z3, em: api.em as unknown as Z3Module, ctx, initMs: performance.now() - t0, wasmTrampolines: trampolined };
    })();
  }
  return handle;
}

/** Throws Z3's error message if the last call on the context failed. */
export function throwIfError(h: Z3Handle, what: string): void {
  const code = h.Z3.get_error_code(h.ctx);
  if (code !== 0) throw new Error(`z3 ${what}: ${h.Z3.get_error_msg(h.ctx, code)}`);
}

/** Stops Z3's worker threads so the process can exit by itself. */
export async function shutdownZ3(): Promise<void> {
  if (!handle) return;
  const h = await handle;
  handle = undefined;
  h.Z3.del_context(h.ctx);
  // killThreads polls every 100 ms: not worth waiting for when no check
  // ever ran on a thread (checks without --timeout run on this one).
  const { PThread } = h.em as unknown as { PThread?: { unusedWorkers: unknown[]; runningWorkers: unknown[] } };
  if (PThread && PThread.unusedWorkers.length === 0 && PThread.runningWorkers.length === 0) return;
  const { killThreads } = await import('z3-solver');
  await killThreads(h.em);
}
