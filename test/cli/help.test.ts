// `--help` fits the terminal and breaks lines between words: every line of
// every command's help is at most the width, and the words are yargs' own,
// whole and in order (yargs' ESM cliui used to cut them: "fil/e path").
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { commandLine } from '../../src/cli/main.js';
import { helpWidth, reflowHelp } from '../../src/cli/help.js';

const COMMANDS = [[], ['verify'], ['what-if'], ['barriers'], ['barriers', 'list'], ['fix'], ['explain'], ['ci'], ['report']];

function help(command: string[], columns: number) {
  const r = spawnSync(process.execPath, ['bin/memorder.js', ...command, '--help'], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, COLUMNS: String(columns) },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** yargs' help of `command`, laid out unwrapped (what main hands to reflowHelp). */
async function unwrapped(command: string[]): Promise<string> {
  const argv = [...command, '--help'];
  let text = '';
  await commandLine(argv, () => {}).parseAsync(argv, {}, (_err, _args, output) => {
    text = output;
  });
  return text;
}

const words = (s: string) => s.split(/\s+/).filter((w) => w !== '');

describe('--help', () => {
  for (const command of COMMANDS) {
    it(`of \`memorder ${command.join(' ')}\` fits widths 60, 80 and 100 with every word whole`, async () => {
      const plain = await unwrapped(command);
      // The unwrapped help has lines longer than 60: there is something to wrap.
      expect(Math.max(...plain.split('\n').map((l) => l.length))).toBeGreaterThan(60);
      for (const width of [60, 80, 100]) {
        const r = help(command, width);
        expect(r.code).toBe(0);
        expect(r.stderr).toBe('');
        const lines = r.stdout.trimEnd().split('\n');
        for (const line of lines) expect(line.length, `${width}: ${line}`).toBeLessThanOrEqual(width);
        expect(words(r.stdout)).toEqual(words(plain));
      }
    });
  }

  it('puts a row\'s continuation lines under its text and keeps each annotation on one line', async () => {
    const lines = help(['what-if'], 60).stdout.split('\n');
    const at = lines.findIndex((l) => l.startsWith('  --model'));
    const column = lines[at]!.indexOf('model:');
    expect(column).toBe('  --spec-variant  '.length);
    // The row continues, indented to the text, until the next option.
    const rest = lines.slice(at + 1, lines.findIndex((l, i) => i > at && l.startsWith('  --')));
    expect(rest.length).toBeGreaterThan(0);
    for (const l of rest) expect(l.slice(0, column).trim()).toBe('');
    expect([lines[at], ...rest].join(' ')).toContain('[default: "lkmm"]');
    expect(lines.join('\n')).not.toMatch(/fil$|exe$|weak$/m);
  });
});

describe('reflowHelp', () => {
  it('wraps a row under its text column, between words', () => {
    const text = '  --engine  eager: every axiom asserted up front (default); lazy: each execution checked  [string] [choices: "eager", "lazy"]';
    expect(reflowHelp(text, 50)).toBe(
      [
        '  --engine  eager: every axiom asserted up front',
        '            (default); lazy: each execution',
        '            checked  [string]',
        '            [choices: "eager", "lazy"]',
      ].join('\n'),
    );
  });

  it('leaves lines that fit as they are, and wraps paragraphs at their indent', () => {
    expect(reflowHelp('Options:\n  --help  Show help  [boolean]', 40)).toBe('Options:\n  --help  Show help  [boolean]');
    expect(reflowHelp('Verdict with barriers dropped, weakened or added', 20)).toBe('Verdict with\nbarriers dropped,\nweakened or added');
  });

  it('moves the text under a first column too wide for it', () => {
    const out = reflowHelp('  memorder barriers <paths..>  Which barriers are necessary, which could be weaker', 40).split('\n');
    expect(out[0]).toBe('  memorder barriers <paths..>');
    for (const l of out.slice(1)) expect(l).toMatch(/^ {6}\S/);
    expect(words(out.join(' '))).toEqual(words('memorder barriers <paths..> Which barriers are necessary, which could be weaker'));
    for (const l of out) expect(l.length).toBeLessThanOrEqual(40);
  });

  it('breaks only a word longer than the room (a long default path), and keeps nested brackets in one annotation', () => {
    const path = '"/a/very/long/path/to/encodings/costs.txt"]';
    const out = reflowHelp(`  --costs  cost table  [string] [default: []] [default: ${path}`, 34).split('\n');
    for (const l of out) expect(l.length).toBeLessThanOrEqual(34);
    expect(out.some((l) => l.includes('[default: []]'))).toBe(true);
    // The path is the only word cut, in pieces that fill the room (34 - 11).
    const pieces = out.slice(-2).map((l) => l.trim());
    expect(pieces.join('')).toBe(path);
    expect(pieces[0]).toHaveLength(23);
  });

  it('takes the width from the terminal, else COLUMNS, else 80, at most 100', () => {
    expect(helpWidth(120, {})).toBe(100);
    expect(helpWidth(70, { COLUMNS: '90' })).toBe(70);
    expect(helpWidth(undefined, { COLUMNS: '60' })).toBe(60);
    expect(helpWidth(undefined, { COLUMNS: 'wide' })).toBe(80);
    expect(helpWidth(undefined, {})).toBe(80);
  });
});
