// `verify --graph DIR` then `report DIR --html`, as a user runs them.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mp } from '../fixtures/litmus.js';

function memorder(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/memorder.js', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'memorder-report-'));

describe('memorder verify --graph and memorder report', () => {
  it('writes DOT and SVG per witness, then one HTML page with the table and the pictures', () => {
    const test = join(dir, 'mp.litmus');
    writeFileSync(test, mp(undefined, 'MP'));
    const out = join(dir, 'graphs');
    const v = memorder('verify', '--graph', out, test, 'specs/litmus/fences/MP+wmb+rmb.litmus');
    expect(v.code).toBe(0);
    expect(readFileSync(join(out, 'MP.lkmm.dot'), 'utf8')).toContain('class="rf"');
    expect(readFileSync(join(out, 'MP.lkmm.svg'), 'utf8')).toContain('<svg');
    expect(existsSync(join(out, 'MP+wmb+rmb.lkmm.svg'))).toBe(false); // Never: no witness

    const text = memorder('report', out);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('MP  lkmm  Sometimes');
    expect(text.stdout).toContain('MP+wmb+rmb  lkmm  Never');

    const r = memorder('report', out, '--html');
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(join(out, 'index.html'));
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    expect(html).toContain('<a href="#witness-0">MP</a>');
    expect(html).toContain('<section id="witness-0">');
    expect(html).toContain('e5: R[once] x=0');
  });

  it('rejects a directory without results with one line and exit 2', () => {
    const r = memorder('report', dir, '--html');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([`${join(dir, 'results.json')}:1:1: no results here: write them with \`memorder verify --graph DIR\` or \`memorder ci --graph DIR\``]);
  });
});
