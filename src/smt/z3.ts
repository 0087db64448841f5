// The one Z3 context of the process (DESIGN.md, decision 5), and the guard
// against the z3-solver heap-corruption pitfall: the high-level API frees Z3
// objects from a FinalizationRegistry callback on the main thread, which can
// run while check() works on a worker thread. We defer those callbacks while
// any solver call is in flight.

import type { Context } from 'z3-solver';

let inFlight = 0;
const deferred: (() => void)[] = [];

function installDeferringFinalizationRegistry(): void {
  const Native = globalThis.FinalizationRegistry;
  if ((Native as unknown as { memorderDeferring?: boolean }).memorderDeferring) return;
  class DeferringFinalizationRegistry<T> extends Native<T> {
    static memorderDeferring = true;
    constructor(cleanup: (held: T) => void) {
      super((held: T) => {
        if (inFlight > 0) deferred.push(() => cleanup(held));
        else cleanup(held);
      });
    }
  }
  globalThis.FinalizationRegistry = DeferringFinalizationRegistry as unknown as FinalizationRegistryConstructor;
}

export type Z3Context = Context<'memorder'>;

interface Z3Handle {
  ctx: Z3Context;
  em: unknown;
  initMs: number;
}

let handle: Promise<Z3Handle> | undefined;

/** The process-wide Z3 context, initialised on first use. */
export function z3(): Promise<Z3Handle> {
  if (!handle) {
    handle = (async () => {
      const t0 = performance.now();
      installDeferringFinalizationRegistry();
      const { init } = await import('z3-solver');
      const api = await init();
      const ctx = new api.Context('memorder') as Z3Context;
      return { ctx, em: api.em, initMs: performance.now() - t0 };
    })();
  }
  return handle;
}

/** Runs a solver call with finalizers held back until it returns. */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  inFlight++;
  try {
    return await call();
  } finally {
    inFlight--;
    if (inFlight === 0) {
      for (const f of deferred.splice(0)) f();
    }
  }
}

/** Stops Z3's worker threads so the process can exit by itself. */
export async function shutdownZ3(): Promise<void> {
  if (!handle) return;
  const h = await handle;
  const { killThreads } = await import('z3-solver');
  await killThreads(h.em as Parameters<typeof killThreads>[0]);
  handle = undefined;
}
