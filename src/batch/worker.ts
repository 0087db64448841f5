// A helper process of src/batch/pool.ts: given every task and the order to
// go down, it claims and runs tasks, one at a time, with one Z3 context for
// its whole life, until none is left or it has run its share.

import { shutdownZ3, z3 } from '../smt/z3.js';
import { claimTask, type HelperReply, type HelperStart } from './pool.js';
import { runTask } from './tasks.js';

// Compile Z3's WASM while waiting for the tasks.
void z3();

const send = (m: HelperReply): Promise<void> => new Promise((resolve, reject) => process.send!(m, undefined, {}, (e) => (e ? reject(e) : resolve())));

async function run({ tasks, order, claims, limit }: HelperStart): Promise<void> {
  let ran = 0;
  let stopped: 'done' | 'limit' = 'done';
  for (const index of order) {
    if (ran >= limit) {
      stopped = 'limit';
      break;
    }
    if (!claimTask(claims, index)) continue;
    ran++;
    await send({ started: index });
    // Fault injection for the pool's tests: die as a crash would, on this file.
    if (process.env.MEMORDER_HELPER_DIES_ON && tasks[index]!.file.endsWith(process.env.MEMORDER_HELPER_DIES_ON)) process.kill(process.pid, 'SIGKILL');
    try {
      await send({ index, result: await runTask(tasks[index]!) });
    } catch (e) {
      await send({ index, crash: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      return;
    }
  }
  await send({ stopped });
}

// A helper whose parent has gone (killed, or stopped by Ctrl-C) stops at
// once instead of finishing its tasks for no one.
process.once('disconnect', () => process.exit(0));

process.once('message', (m: HelperStart) => {
  void run(m)
    .then(shutdownZ3)
    .then(() => process.disconnect?.());
});
