// `verify` and `ci` as a terminal and a pipe see them: plain when piped or
// under NO_COLOR, coloured when forced (FORCE_COLOR, --color), herd's format
// and JSON never; the text reads the same with the codes taken out, and the
// columns of a run line up over files with long names.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../src/report/colour.js';
import { mp } from '../fixtures/litmus.js';
import { MP_LIB, mpSpec, scenarioDir } from '../scenario/helpers.js';

/** The environment without any colour setting of the one running the tests. */
const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NO_COLOR' && k !== 'FORCE_COLOR'));

function memorder(env: Record<string, string>, ...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/memorder.js', ...args], { encoding: 'utf8', timeout: 120_000, env: { ...base, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'memorder-colour-'));
const long = 'MP+a-test-name-longer-than-the-forty-eight-columns-of-old';
const short = join(dir, 'mp.litmus');
const longer = join(dir, `${long}.litmus`);
writeFileSync(short, mp(undefined));
writeFileSync(longer, mp(undefined, long));

const ESC = '\x1b[';
const untimed = (s: string) => s.replace(/Time \d+ ms/g, 'Time N ms');

describe('colour', () => {
  it('is off when piped, and under NO_COLOR even when forced', () => {
    const piped = memorder({}, 'verify', short);
    expect(piped.code).toBe(0);
    expect(piped.stdout).not.toContain(ESC);
    expect(memorder({ FORCE_COLOR: '1', NO_COLOR: '1' }, 'verify', short).stdout).not.toContain(ESC);
    expect(memorder({ FORCE_COLOR: '1' }, 'verify', '--no-color', short).stdout).not.toContain(ESC);
  });

  it('is on when forced, with the same text once the codes are taken out', () => {
    const plain = memorder({}, 'verify', short, longer, '--model', 'all');
    for (const forced of [memorder({ FORCE_COLOR: '1' }, 'verify', short, longer, '--model', 'all'), memorder({ NO_COLOR: '1' }, 'verify', '--color', short, longer, '--model', 'all')]) {
      expect(forced.stdout).toContain(`${ESC}33mSometimes${ESC}0m`);
      expect(stripAnsi(forced.stdout)).toBe(plain.stdout);
    }
    const one = memorder({ FORCE_COLOR: '1' }, 'verify', short);
    expect(one.stdout).toContain(`model lkmm: ${ESC}33mSometimes${ESC}0m`);
    expect(untimed(stripAnsi(one.stdout))).toBe(untimed(memorder({}, 'verify', short).stdout));
  });

  it('never touches herd7\'s format or JSON', () => {
    for (const format of ['--herd', '--json']) {
      const forced = memorder({ FORCE_COLOR: '1' }, 'verify', format, '--color', short);
      expect(forced.code).toBe(0);
      expect(forced.stdout).not.toContain(ESC);
      expect(forced.stdout.length).toBeGreaterThan(0);
    }
  });

  it('colours ci\'s closing line when forced, and not when piped', () => {
    const forced = memorder({ FORCE_COLOR: '1' }, 'ci', '--no-cache', '--no-progress', short);
    // MP has no expected verdict: skipped, so nothing passed or failed.
    const wall = (s: string) => s.replace(/\d+\.\d s/, 'T s');
    expect(wall(stripAnsi(forced.stdout))).toBe(wall(memorder({}, 'ci', '--no-cache', '--no-progress', short).stdout));
    const wrong = join(dir, 'wrong.litmus');
    writeFileSync(wrong, mp('Never'));
    const failing = memorder({ FORCE_COLOR: '1' }, 'ci', '--no-cache', '--no-progress', wrong);
    expect(failing.code).toBe(1);
    expect(failing.stdout.trimEnd().split('\n').at(-1)).toBe(`0 passed, ${ESC}1;31m1 failed${ESC}0m`);
    expect(memorder({}, 'ci', '--no-cache', '--no-progress', wrong).stdout).not.toContain(ESC);
  });
});

describe('verify\'s columns', () => {
  it('line up the side-by-side table over test names longer than the old 48 columns', () => {
    // The longest name is in the last file, under a short file name: read from its header before the run.
    const hidden = join(dir, 'z.litmus');
    writeFileSync(hidden, mp(undefined, `${long}-and-longer`));
    const lines = memorder({}, 'verify', short, longer, hidden, '--model', 'all').stdout.split('\n');
    const table = [lines[0]!, ...lines.filter((l) => /^MP/.test(l))];
    expect(table).toHaveLength(4);
    const starts = (l: string) => [...l.matchAll(/(?<= )\S/g)].map((m) => m.index);
    expect(starts(table[0]!)).toHaveLength(4);
    for (const l of table) expect(starts(l)).toEqual(starts(table[0]!));
    expect(table[0]!.indexOf('lkmm')).toBe(`${long}-and-longer`.length + 1);
  });

  it('line up spec rows over files of different lengths and variants longer than 24', () => {
    const variant = "\n    'a-variant-whose-name-is-much-longer-than-the-old-column': { drop: ['mp.publish'], expect: { lkmm: 'Sometimes', sc: 'Never' } },";
    const d = scenarioDir({ 'lib.ts': MP_LIB, 'a.spec.ts': mpSpec(variant), 'a-much-longer-spec-file-name.spec.ts': mpSpec() });
    const r = memorder({}, 'verify', '--jobs', '1', d);
    expect(r.code).toBe(0);
    const rows = r.stdout.split('\n').filter((l) => l.includes(' expected '));
    expect(rows).toHaveLength(10);
    for (const word of [/ (lkmm|sc) /, / (Never|Sometimes) +expected/, /expected/, / ok$/]) {
      expect(new Set(rows.map((l) => l.search(word))).size, String(word)).toBe(1);
    }
    const coloured = memorder({ FORCE_COLOR: '1' }, 'verify', '--jobs', '1', d);
    expect(coloured.stdout).toContain(`${ESC}32mok${ESC}0m`);
    expect(untimed(stripAnsi(coloured.stdout))).toBe(untimed(r.stdout));
  });

  it('what-if, barriers, explain and fix colour their verdicts only when forced, with the columns still aligned', () => {
    const sb = join(dir, 'sb.litmus');
    writeFileSync(
      sb,
      'C SB\n{}\nP0(int *x, int *y)\n{\n  int r0;\n  WRITE_ONCE(*x, 1);\n  smp_mb();\n  r0 = READ_ONCE(*y);\n}\n\nP1(int *x, int *y)\n{\n  int r0;\n  WRITE_ONCE(*y, 1);\n  smp_mb();\n  r0 = READ_ONCE(*x);\n}\n\nexists (0:r0=0 /\\ 1:r0=0)\n',
    );
    for (const args of [['what-if', sb, '--drop', 'P0:smp_mb#1'], ['barriers', sb], ['explain', sb], ['fix', sb]]) {
      const piped = memorder({}, ...args);
      expect(piped.stderr, args[0]).toBe('');
      expect(piped.stdout, args[0]).not.toContain(ESC);
      const forced = memorder({ FORCE_COLOR: '1' }, ...args);
      expect(forced.stdout, args[0]).toContain(`${ESC}32mNever${ESC}0m`);
      expect(stripAnsi(forced.stdout), args[0]).toBe(piped.stdout);
      expect(memorder({ FORCE_COLOR: '1' }, ...args, '--no-color').stdout, args[0]).toBe(piped.stdout);
    }
    expect(memorder({}, 'what-if', sb, '--drop', 'P0:smp_mb#1').stdout).toContain('with P0:smp_mb#1 dropped: Sometimes');
    expect(memorder({}, 'barriers', sb).stdout).toMatch(/^ {2}P0:smp_mb#1 +smp_mb +P0 line 7 +necessary +cannot be weaker\n {2}P1:smp_mb#1 +smp_mb +P1 line 15 +necessary/m);
  }, 120_000);
});
