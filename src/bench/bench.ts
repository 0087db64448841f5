// `npm run bench`: one verify run over ../shared/litmus (or the paths given),
// in this process, reporting per-test and total wall time, Z3 start-up and
// peak memory (with LKMM_CAT_DIR set, the folder of the kernel's
// linux-kernel.cfg, the same tests also under the kernel's own model files,
// with the two totals compared; and under the lazy engine, --engine lazy;
// and herd7 over the same files in one process when ../shared/tools/herd7
// is there, each total as a ratio to it); the CLI's verify as a user runs it (cli-bench.ts); barrier
// analyses against verify (barriers-bench.ts); the scenario front end's
// cost: importing ts-morph, parsing and compiling every spec of specs/ (all
// variants), and with `--specs` the verification of every spec under LKMM;
// then `memorder ci` over specs/ and those paths (ci-bench.ts): 1 against 2
// jobs, cold against warm cache. With `--corpus`, instead, the public LKMM
// corpus against herd7 (corpus.ts). Speed targets are judged from this
// output, never from timed unit tests.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Engine } from '../engine/encoding.js';
import { join, resolve } from 'node:path';
import { findFiles } from '../batch/files.js';
import { loadModel, readHerdConfig, type LoadedModel } from '../engine/models.js';
import { verifyFile } from '../check/run.js';
import { checkSpecFile, compileSpec } from '../check/spec.js';
import { ScenarioProject } from '../scenario/project.js';
import { shutdownZ3, z3 } from '../smt/z3.js';
import { benchCi } from './ci-bench.js';
import { benchCorpus } from './corpus.js';
import { benchBarriers } from './barriers-bench.js';
import { benchVerifyCli } from './cli-bench.js';

const SPECS_DIR = 'specs';

interface Run {
  model: string;
  rows: [string, string, number][];
  totalMs: number;
}

async function runAll(model: LoadedModel, files: string[], sample: () => void, engine: Engine = 'eager'): Promise<Run> {
  const t0 = performance.now();
  const rows: [string, string, number][] = [];
  for (const f of files) {
    const t = performance.now();
    const r = await verifyFile(f, { model, unroll: 4, engine });
    rows.push([f, r.verdict, performance.now() - t]);
    sample();
  }
  return { model: engine === 'eager' ? model.name : `${model.name} (${engine})`, rows, totalMs: performance.now() - t0 };
}

function summary(run: Run): string {
  const sorted = run.rows.map((r) => r[2]).sort((a, b) => a - b);
  return `${run.model}: verify total ${run.totalMs.toFixed(0)} ms; per test: median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`;
}

async function benchLitmus(paths: string[]): Promise<void> {
  const t0 = performance.now();
  let peakRss = process.memoryUsage().rss;
  const sample = () => (peakRss = Math.max(peakRss, process.memoryUsage().rss));
  const timer = setInterval(sample, 20);
  const { initMs } = await z3();
  const files = findFiles(paths, ['.litmus']);
  const runs = [await runAll(loadModel('lkmm'), files, sample)];
  const total = performance.now() - t0;
  runs.push(await runAll(loadModel('lkmm'), files, sample, 'lazy'));
  const kernelDir = process.env.LKMM_CAT_DIR;
  const cfg = kernelDir ? join(kernelDir, 'linux-kernel.cfg') : undefined;
  if (cfg && existsSync(cfg)) runs.push(await runAll(loadModel(readHerdConfig(cfg)), files, sample));
  else process.stdout.write("(set LKMM_CAT_DIR to the folder of the kernel's linux-kernel.cfg to time its own model files too)\n");
  clearInterval(timer);
  for (let i = 0; i < files.length; i++) {
    const cells = runs.map((r) => `${r.rows[i]![2].toFixed(1).padStart(8)} ms  ${r.rows[i]![1].padEnd(9)}`).join(' ');
    process.stdout.write(`${cells} ${files[i]}\n`);
  }
  process.stdout.write(
    [
      `tests: ${files.length}${runs.length > 1 ? ` (columns: ${runs.map((r) => r.model).join(', ')})` : ''}`,
      `z3 init: ${initMs.toFixed(0)} ms`,
      `verify total (incl. z3 init), ${runs[0]!.model}: ${total.toFixed(0)} ms`,
      ...runs.map(summary),
      ...runs.slice(1).map((r) => `${r.model} / ${runs[0]!.model}: ${(r.totalMs / runs[0]!.totalMs).toFixed(2)}x`),
      ...runs.map((r) => `${r.model}: verdicts differ from ${runs[0]!.model} on ${r.rows.filter((row, i) => row[1] !== runs[0]!.rows[i]![1]).length} tests`),
      ...herdLine(files, runs),
      `peak rss: ${(peakRss / 1048576).toFixed(0)} MiB`,
    ].join('\n') + '\n',
  );
}

const HERD = resolve('../shared/tools/herd7/herd-lkmm');

/** herd7 over the same files in one process, against each run's total (z3 start-up not included in those). */
function herdLine(files: string[], runs: Run[]): string[] {
  if (!existsSync(HERD)) return ['(no ../shared/tools/herd7: herd7 not timed)'];
  const t0 = performance.now();
  const r = spawnSync(HERD, files, { stdio: 'ignore' });
  const ms = performance.now() - t0;
  if (r.status !== 0) return [`herd7 failed (status ${String(r.status)})`];
  return [`herd7, one process over the same ${files.length} tests: ${ms.toFixed(0)} ms`, ...runs.map((x) => `${x.model} / herd7: ${(x.totalMs / ms).toFixed(2)}x`)];
}

/** ts-morph import + parse + compile of every spec and variant under specs/. */
async function benchScenarioCompile(): Promise<string[]> {
  const t0 = performance.now();
  const project = await ScenarioProject.create();
  const tImport = performance.now() - t0;
  const specs = findFiles([SPECS_DIR], ['.spec.ts']);
  let variants = 0;
  for (const f of specs) variants += compileSpec(project, f).variants.length;
  const total = performance.now() - t0;
  process.stdout.write(
    `scenario compile: ${total.toFixed(0)} ms for ${specs.length} specs, ${variants} variants (ts-morph import ${tImport.toFixed(0)} ms, parse + compile ${(total - tImport).toFixed(0)} ms)\n`,
  );
  return specs;
}

async function benchSpecs(specs: string[]): Promise<void> {
  const project = await ScenarioProject.create();
  const t0 = performance.now();
  for (const f of specs) {
    const r = await checkSpecFile(f, { project, models: ['lkmm'] });
    for (const row of r.rows) {
      process.stdout.write(`${String(row.result.timeMs).padStart(8)} ms  ${row.verdict.padEnd(9)} ${f} [${row.variant}]\n`);
    }
  }
  process.stdout.write(`specs verify total (lkmm): ${(performance.now() - t0).toFixed(0)} ms\n`);
}

/** The folders of ../shared/litmus that make its compatibility suite (expected.tsv). */
const SHARED_SUITE_DIRS = ['catalogue', 'kernel', 'kernel-doc'];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--corpus')) {
    for (const line of await benchCorpus(args)) process.stdout.write(`${line}\n`);
    await shutdownZ3();
    return;
  }
  const withSpecs = args.includes('--specs');
  const given = args.filter((a) => a !== '--specs');
  // The compatibility suite of ../shared/litmus (its folders with herd7's
  // outputs), not the public corpus beside them (4,784 tests; see its own bench).
  const paths = given.length > 0 ? given : SHARED_SUITE_DIRS.map((d) => resolve('../shared/litmus', d));
  if (!paths.every((p) => existsSync(p))) {
    process.stderr.write(`bench: ${paths.join(' ')} not found\n`);
    process.exitCode = 2;
    return;
  }
  await benchLitmus(paths);
  for (const line of benchVerifyCli(paths)) process.stdout.write(`${line}\n`);
  for (const line of await benchBarriers(findFiles([resolve(SPECS_DIR), ...paths], ['.litmus', '.spec.ts']))) process.stdout.write(`${line}\n`);
  const specs = await benchScenarioCompile();
  if (withSpecs) await benchSpecs(specs);
  await shutdownZ3();
  for (const line of benchCi([resolve('specs'), ...paths])) process.stdout.write(`${line}\n`);
}

await main();
