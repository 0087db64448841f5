// The self-contained HTML report.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeHtml, inlineSvg, toHtml } from '../../src/report/html.js';
import type { Manifest } from '../../src/report/pictures.js';

const SVG = '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<!-- made by graphviz -->\n<svg xmlns="http://www.w3.org/2000/svg"><g id="graph0"><g id="e1" class="node"><text>e1: W x=1</text></g></g></svg>\n';

describe('HTML report', () => {
  it('inlines an SVG without its prolog, with ids prefixed', () => {
    expect(inlineSvg(SVG, 'w3-')).toBe('<svg xmlns="http://www.w3.org/2000/svg"><g id="w3-graph0"><g id="w3-e1" class="node"><text>e1: W x=1</text></g></g></svg>\n');
  });

  it('has the verdict table and each picture, linked, and nothing external', () => {
    const dir = mkdtempSync(join(tmpdir(), 'memorder-html-'));
    writeFileSync(join(dir, 'A.lkmm.svg'), SVG);
    const m: Manifest = {
      tool: 'memorder',
      version: '0.1.0',
      command: 'ci',
      entries: [
        { file: 'specs/a.litmus', name: 'A<1>', model: 'lkmm', variant: '', actual: 'Sometimes', expected: 'Never', status: 'fail', messages: ['expected Never, got Sometimes'], states: 4, flags: [], svg: 'A.lkmm.svg', dot: 'A.lkmm.dot' },
        { file: 'specs/b.litmus', name: 'B', model: 'lkmm', variant: 'no-mb', actual: 'Never', expected: 'Never', status: 'pass', messages: [], states: 3, flags: [] },
      ],
    };
    const html = toHtml(m, dir);
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('1 pass, 1 fail, 0 unknown, 0 skip');
    expect(html).toContain('<tr><td><a href="#witness-0">A&lt;1&gt;</a></td><td>specs/a.litmus</td><td>lkmm</td><td>Never</td><td>Sometimes</td><td class="fail">fail</td></tr>');
    expect(html).toContain('<tr><td>B</td><td>specs/b.litmus</td><td>lkmm/no-mb</td><td>Never</td><td>Never</td><td class="pass">pass</td></tr>');
    expect(html).toContain('<section id="witness-0">');
    expect(html).toContain('<g id="w0-e1" class="node"><text>e1: W x=1</text>');
    expect(html).toContain('<p class="messages">expected Never, got Sometimes</p>');
    expect(html).not.toMatch(/<script|<link|src="http/);
  });

  it('escapes markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});
