// The `memorder ci` part of `npm run bench`: the built CLI run as a user
// runs it, timed wall-clock, on specs/ plus ../shared/litmus. Reported as
// ratios measured in this one run: 1 worker against 2 (both without the
// cache, alternated so background load hits both alike) and a cold cached
// run against a warm one over the unchanged tree.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/memorder.js', import.meta.url));

function timedCi(args: string[]): { ms: number; last: string } {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'ci', '--no-progress', ...args], { encoding: 'utf8' });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`memorder ci ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  return { ms, last: r.stdout.trim().split('\n').at(-1)! };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function benchCi(paths: string[], rounds = 3): string[] {
  const loadBefore = loadavg()[0]!;
  const one: number[] = [];
  const two: number[] = [];
  let last = '';
  for (let i = 0; i < rounds; i++) {
    one.push(timedCi(['--no-cache', '--jobs', '1', ...paths]).ms);
    const r = timedCi(['--no-cache', '--jobs', '2', ...paths]);
    two.push(r.ms);
    last = r.last;
  }
  const cacheDir = mkdtempSync(join(tmpdir(), 'memorder-bench-cache-'));
  const cold = timedCi(['--cache-dir', cacheDir, ...paths]).ms;
  const warm: number[] = [];
  for (let i = 0; i < rounds; i++) warm.push(timedCi(['--cache-dir', cacheDir, ...paths]).ms);
  rmSync(cacheDir, { recursive: true, force: true });
  const fmt = (xs: number[]) => `${(median(xs) / 1000).toFixed(2)} s (runs: ${xs.map((x) => (x / 1000).toFixed(2)).join(', ')})`;
  return [
    `ci over ${paths.join(' ')}: ${last}`,
    `ci --jobs 1 --no-cache: median ${fmt(one)}`,
    `ci --jobs 2 --no-cache: median ${fmt(two)}`,
    `ci 1 vs 2 workers: ${(median(one) / median(two)).toFixed(2)}x faster on 2 (target >= 1.6x)`,
    `ci cold cache: ${(cold / 1000).toFixed(2)} s; warm cache: median ${fmt(warm)}`,
    `ci cache speed-up: ${(cold / median(warm)).toFixed(1)}x (target >= 10x)`,
    // Two workers can only beat one when the machine has a core to spare.
    `load average (1 min) before/after the ci runs: ${loadBefore.toFixed(2)} / ${loadavg()[0]!.toFixed(2)} on 2 cores`,
  ];
}
