// How the memorder process ends when its reader or its user stops it:
// output cut off by a closed pipe (`memorder ... | head`) ends the run
// without a stack trace, and Ctrl-C (SIGINT) or SIGTERM ends it at once.
// Either way the process exits through process.exit, whose 'exit' hooks
// stop the helper processes (src/batch/pool.ts), so none is left behind.

/** Exit status of a process a closed pipe stopped, as for one killed by SIGPIPE (128 + 13). */
export const BROKEN_PIPE_STATUS = 141;

let installed = false;

/** A write to a closed stdout or stderr (EPIPE) ends the process quietly; so do SIGINT and SIGTERM. */
export function handleStops(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(BROKEN_PIPE_STATUS);
      throw e;
    });
  }
  // SIGINT and SIGTERM would otherwise kill the process without running its
  // 'exit' hooks; the usual statuses are 128 + the signal's number.
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
}
