// A worker process of src/check/pool.ts: runs the tasks it is sent, one at
// a time, with one Z3 context for its whole life.

import { shutdownZ3, z3 } from '../smt/z3.js';
import type { WorkerReply, WorkerRequest } from './pool.js';
import { runTask } from './tasks.js';

// Compile Z3's WASM while waiting for the first file.
void z3();

process.on('message', (m: WorkerRequest | 'exit') => {
  if (m === 'exit') {
    void shutdownZ3().then(() => process.disconnect?.());
    return;
  }
  runTask(m.task).then(
    (result) => process.send?.({ index: m.index, result } satisfies WorkerReply),
    (e: unknown) => process.send?.({ index: m.index, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply),
  );
});
