// The command line as a script sees it: usage errors (unknown flags,
// missing arguments, bad values) are one line and exit 2 with nothing run;
// empty input and binary files are errors; output cut off by a closed pipe
// ends quietly; Ctrl-C stops the helper processes too.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MP } from '../fixtures/litmus.js';

function memorder(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/memorder.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'memorder-usage-'));
const write = (name: string, text: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};

/** The command failed as a usage error: exit 2, one line on stderr naming `memorder CMD`, nothing on stdout. */
function expectUsageError(r: ReturnType<typeof memorder>, command: string, message: RegExp) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(new RegExp(`^memorder${command ? ` ${command}` : ''}: `));
  expect(lines[0]).toMatch(message);
}

describe('usage errors', () => {
  const mp = write('mp.litmus', MP);

  it('reject a missing argument, naming what is missing', () => {
    expectUsageError(memorder('verify'), 'verify', /Not enough non-option arguments/);
    expectUsageError(memorder('fix'), 'fix', /Not enough non-option arguments/);
    expectUsageError(memorder(), '', /give a command/);
  });

  it('reject an unknown flag, naming it even when it swallowed the argument after it', () => {
    expectUsageError(memorder('verify', '--jsn', mp), 'verify', /Unknown argument: jsn/);
    // --foo would take the path as its value and the gate would run on specs/.
    expectUsageError(memorder('ci', '--foo', 'specs/litmus/arch'), 'ci', /Unknown argument: foo/);
    for (const command of ['explain', 'barriers', 'fix', 'report', 'what-if']) {
      expectUsageError(memorder(command, '--foo', 'x'), command, /Unknown argument: foo/);
    }
    expectUsageError(memorder('verify', '-q', mp), 'verify', /Unknown argument: q/);
    expectUsageError(memorder('frobnicate'), '', /Unknown argument: frobnicate/);
  });

  it('reject bad values and flags without their value', () => {
    expectUsageError(memorder('verify', '--timeout', '-1', mp), 'verify', /--timeout needs a non-negative number, got -1/);
    expectUsageError(memorder('verify', '--timeout', 'soon', mp), 'verify', /--timeout needs a non-negative number/);
    expectUsageError(memorder('verify', '--unroll', '1.5', mp), 'verify', /--unroll needs a non-negative integer/);
    expectUsageError(memorder('ci', '--jobs', '0'), 'ci', /--jobs needs a positive integer/);
    expectUsageError(memorder('fix', mp, '--alternatives', '-2'), 'fix', /--alternatives needs a non-negative integer/);
    expectUsageError(memorder('verify', mp, '--model'), 'verify', /Not enough arguments following: model/);
    expectUsageError(memorder('what-if', mp), 'what-if', /needs at least one --drop, --weaken or --add/);
    expectUsageError(memorder('barriers', 'list'), 'barriers', /list needs \.ts files or directories/);
  });

  it('keep the flags every command knows, their camelCase and --no- forms', () => {
    const r = memorder('verify', '--no-json', '--jobs=1', '--unroll', '2', mp);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('model lkmm: Sometimes');
  });
});

describe('empty and binary input', () => {
  it('is an error: a directory with nothing to check, a gate with every path missing', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    for (const command of ['verify', 'ci']) {
      const r = command === 'ci' ? memorder('ci', '--no-progress', empty) : memorder('verify', empty);
      expect(r.code).toBe(2);
      expect(r.stderr.trim()).toBe(`${empty}:1:1: no .litmus or .spec.ts files in this directory`);
    }
    const gone = memorder('ci', '--no-progress', '--skip-missing', join(dir, 'gone'));
    expect(gone.code).toBe(2);
    expect(gone.stderr).toMatch(/^memorder ci: nothing to check: every path given is missing/m);
  });

  it('barriers list takes TypeScript files and says when it found no barrier', () => {
    const r = memorder('barriers', 'list', 'specs/litmus/arch/SB.litmus');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^specs\/litmus\/arch\/SB\.litmus:1:1: barriers list reads TypeScript \(\.ts\) files/);
    const none = memorder('barriers', 'list', write('none.ts', 'export const x = 1;\n'));
    expect([none.code, none.stdout, none.stderr]).toEqual([0, '', 'memorder barriers list: no barrier calls in 1 file\n']);
  });

  it('names a binary file as such, at the first bad byte, without echoing raw bytes', () => {
    const bin = write('bin.litmus', Buffer.from([0x43, 0x20, 0x78, 0x0a, 0xff, 0xfe, 0x00, 0x01, 0x0a]));
    const r = memorder('verify', bin);
    expect([r.code, r.stderr]).toEqual([2, `${bin}:2:1: not a text file (bytes that are not UTF-8)\n`]);
    const nul = write('nul.litmus', Buffer.from('C x\n{}\n\u0000\n'));
    expect(memorder('verify', nul).stderr).toBe(`${nul}:3:1: not a text file (a NUL byte)\n`);
    // A control character in a text file is quoted as an escape.
    const ctl = memorder('verify', write('ctl.litmus', MP.replace('WRITE_ONCE(*y, 1);', 'WRITE_ONCE(*y, 1);\u0007')));
    expect(ctl.code).toBe(2);
    expect(ctl.stderr).toMatch(/unexpected character '\\u\{0007\}'\n$/);
  });
});

describe('stopping', () => {
  it('output cut off by a closed pipe ends quietly, without a stack trace', () => {
    const r = spawnSync('sh', ['-c', `${JSON.stringify(process.execPath)} bin/memorder.js barriers list specs/mm --json | head -2; exit 0`], { encoding: 'utf8', timeout: 120_000 });
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(r.stderr).toBe('');
  });

  it('a reader that stops reading ends the run with the status of SIGPIPE (141), quietly', async () => {
    const child = spawn(process.execPath, ['bin/memorder.js', 'verify', '--jobs', '1', 'specs/litmus'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect([code, stderr]).toEqual([141, '']);
  }, 60_000);

  it('Ctrl-C (SIGINT) ends the run and its helper processes', async () => {
    const child = spawn(process.execPath, ['bin/memorder.js', 'ci', '--no-cache', '--no-progress', '--jobs', '3', 'specs/litmus'], {
      env: { ...process.env, MEMORDER_HELPER_WORTH_MS: '0' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const helpers = () => spawnSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)], { encoding: 'utf8' }).stdout.trim().split(/\s+/).filter(Boolean);
    let started: string[] = [];
    for (let i = 0; i < 200 && started.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 100));
      started = helpers();
    }
    expect(started.length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    const alive = () => started.filter((pid) => spawnSync('ps', ['-p', pid], { encoding: 'utf8' }).status === 0);
    for (let i = 0; i < 50 && alive().length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toEqual([]);
    expect(stderr).not.toContain('    at ');
  }, 60_000);
});
