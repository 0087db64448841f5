// The `memorder ci` part of `npm run bench`: the built CLI run as a user
// runs it, timed wall-clock, on specs/ plus ../shared/litmus. Reported as
// ratios measured in this one run: --jobs 1 against 2 (both without the
// cache, alternated so background load hits both alike) and a cold cached
// run against a warm one over the unchanged tree.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/memorder.js', import.meta.url));

/**
 * CPU time (user + system, ms) of this process's finished children and
 * theirs, from /proc (Linux; clock ticks of 10 ms); undefined elsewhere.
 */
function childrenCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) * 10;
  } catch {
    return undefined;
  }
}

interface Timed {
  ms: number;
  /** Cores the run kept busy on average (CPU time / wall time), when known. */
  cores?: number;
  last: string;
}

function timedCi(args: string[]): Timed {
  const cpu0 = childrenCpuMs();
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'ci', '--no-progress', ...args], { encoding: 'utf8' });
  const ms = performance.now() - t;
  const cpu1 = childrenCpuMs();
  if (r.status !== 0) throw new Error(`memorder ci ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
  const timed: Timed = { ms, last: r.stdout.trim().split('\n').at(-1)! };
  if (cpu0 !== undefined && cpu1 !== undefined) timed.cores = (cpu1 - cpu0) / ms;
  return timed;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function benchCi(paths: string[], rounds = 3): string[] {
  const loadBefore = loadavg()[0]!;
  const one: number[] = [];
  const two: number[] = [];
  const cores: { 1: number[]; 2: number[] } = { 1: [], 2: [] };
  let last = '';
  for (let i = 0; i < rounds; i++) {
    const a = timedCi(['--no-cache', '--jobs', '1', ...paths]);
    one.push(a.ms);
    const b = timedCi(['--no-cache', '--jobs', '2', ...paths]);
    two.push(b.ms);
    last = b.last;
    if (a.cores !== undefined) cores[1].push(a.cores);
    if (b.cores !== undefined) cores[2].push(b.cores);
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
    `ci --jobs 1 vs 2: ${(median(one) / median(two)).toFixed(2)}x faster on 2 (target >= 1.6x)`,
    ...(cores[1].length > 0 ? [`ci cores kept busy (CPU time / wall time): ${median(cores[1]).toFixed(2)} with --jobs 1, ${median(cores[2]).toFixed(2)} with --jobs 2`] : []),
    `ci cold cache: ${(cold / 1000).toFixed(2)} s; warm cache: median ${fmt(warm)}`,
    `ci cache speed-up: ${(cold / median(warm)).toFixed(1)}x (target >= 10x)`,
    // Two processes can only beat one when the machine has a core to spare.
    `load average (1 min) before/after the ci runs: ${loadBefore.toFixed(2)} / ${loadavg()[0]!.toFixed(2)} on 2 cores`,
  ];
}
