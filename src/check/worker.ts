// A worker process of src/check/pool.ts: verifies the files it is sent, one
// at a time, with one Z3 context for its whole life.

import { shutdownZ3, z3 } from '../smt/z3.js';
import { verifyOutcome, type WorkerReply, type WorkerRequest } from './pool.js';

// Compile Z3's WASM while waiting for the first file.
void z3();

process.on('message', (m: WorkerRequest | 'exit') => {
  if (m === 'exit') {
    void shutdownZ3().then(() => process.disconnect?.());
    return;
  }
  verifyOutcome(m.file, m.options).then(
    (outcome) => process.send?.({ index: m.index, outcome } satisfies WorkerReply),
    (e: unknown) => process.send?.({ index: m.index, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies WorkerReply),
  );
});
