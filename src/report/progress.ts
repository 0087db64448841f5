// Progress of a long `memorder ci` run on stderr: a bar redrawn in place on
// a terminal, plain lines (one per file) when stderr is not a terminal or
// under CI=true, where carriage returns would pile up in the log.

import type { FileReport } from '../batch/ci.js';
import { padEnd, PLAIN, type Paint } from './colour.js';

export interface ProgressOutput {
  isTTY?: boolean;
  columns?: number;
  write(s: string): unknown;
}

export function isPlain(out: ProgressOutput, env: NodeJS.ProcessEnv = process.env): boolean {
  return !out.isTTY || env.CI === 'true' || env.CI === '1';
}

function fileStatus(r: FileReport): string {
  if ('error' in r) return 'ERROR';
  if (r.cases.some((c) => c.status === 'fail')) return 'FAIL';
  if (r.cases.some((c) => c.status === 'unknown')) return 'UNKNOWN';
  if (r.cases.every((c) => c.status === 'skip')) return 'skip';
  return 'ok';
}

export class Progress {
  private bad = 0;
  private drawn = false;

  constructor(
    private readonly out: ProgressOutput,
    private readonly plain: boolean,
    /** Colour of the statuses (for `out`: see paintFor). */
    private readonly paint: Paint = PLAIN,
  ) {}

  start(total: number, cached: number): void {
    if (this.plain) this.out.write(`checking ${total} files (${cached} from the cache)\n`);
  }

  file(r: FileReport, done: number, total: number): void {
    const status = fileStatus(r);
    if (status === 'FAIL' || status === 'ERROR' || status === 'UNKNOWN') this.bad++;
    const width = String(total).length;
    if (this.plain) {
      const shown = status === 'ok' ? this.paint.good(status) : status === 'skip' ? status : this.paint.bad(status);
      this.out.write(`[${String(done).padStart(width)}/${total}] ${padEnd(shown, 7)} ${r.file}${r.cached ? ' (cached)' : ''}\n`);
      return;
    }
    const barWidth = 30;
    const filled = Math.round((done / total) * barWidth);
    const bar = `[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${String(done).padStart(width)}/${total}`;
    const note = this.bad > 0 ? ` ${this.bad} not ok` : '';
    const room = Math.max(10, (this.out.columns || 80) - bar.length - note.length - 2);
    const name = r.file.length > room ? `…${r.file.slice(r.file.length - room + 1)}` : r.file;
    this.out.write(`\r\x1b[2K${bar}${note ? this.paint.bad(note) : ''} ${name}`);
    this.drawn = true;
  }

  /** Clears the bar so the summary starts on a clean line. */
  finish(): void {
    if (this.drawn) this.out.write('\r\x1b[2K');
    this.drawn = false;
  }
}
