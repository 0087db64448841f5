// `memorder verify` over ../shared/litmus as a user runs it: the built CLI,
// wall-clock, Z3 start-up and worker processes included, with the default
// number of jobs and with one. The target: under 5 s on 2 cores.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../bin/memorder.js', import.meta.url));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function timedVerify(args: string[]): number {
  const t = performance.now();
  const r = spawnSync(process.execPath, [BIN, 'verify', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`memorder verify ${args.join(' ')} exited ${r.status}:\n${r.stderr}`);
  return performance.now() - t;
}

export function benchVerifyCli(paths: string[], rounds = 3): string[] {
  const all: number[] = [];
  const one: number[] = [];
  for (let i = 0; i < rounds; i++) {
    all.push(timedVerify(paths));
    one.push(timedVerify(['--jobs', '1', ...paths]));
  }
  const fmt = (xs: number[]) => `median ${(median(xs) / 1000).toFixed(2)} s (runs: ${xs.map((x) => (x / 1000).toFixed(2)).join(', ')})`;
  return [`memorder verify ${paths.join(' ')} (default jobs): ${fmt(all)}`, `memorder verify --jobs 1: ${fmt(one)}`];
}
