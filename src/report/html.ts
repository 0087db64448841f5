// `memorder report DIR --html`: one self-contained HTML page (no scripts,
// no external files) with the verdict table and every witness picture
// inlined as SVG.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Manifest, PictureEntry } from './pictures.js';

export function escapeHtml(s: string): string {
  return s.replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": '#39' }[c]};`);
}

/** An SVG file's markup for inlining: no XML prolog, ids prefixed so pictures do not clash. */
export function inlineSvg(svg: string, prefix: string): string {
  const start = svg.indexOf('<svg');
  if (start < 0) throw new Error('not an SVG document');
  return svg
    .slice(start)
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\bid="/g, `id="${prefix}`)
    .replace(/url\(#/g, `url(#${prefix}`)
    .replace(/href="#/g, `href="#${prefix}`);
}

const STYLE = `
body { font-family: Helvetica, Arial, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; margin-bottom: 2em; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; font-size: 0.9em; }
th { background: #f2f2f2; }
td.pass { color: #1a7f37; font-weight: bold; } td.fail, td.unknown { color: #cf222e; font-weight: bold; } td.skip { color: #777; }
section { margin: 2em 0; padding-top: 1em; border-top: 1px solid #ddd; }
section svg { max-width: 100%; height: auto; }
.messages { color: #cf222e; }
`;

function row(e: PictureEntry, i: number, showExpected: boolean): string {
  const name = e.svg ? `<a href="#witness-${i}">${escapeHtml(e.name)}</a>` : escapeHtml(e.name);
  const model = escapeHtml(e.variant ? `${e.model}/${e.variant}` : e.model);
  const cells = [name, escapeHtml(e.file), model];
  if (showExpected) cells.push(escapeHtml(e.expected ?? ''));
  cells.push(escapeHtml(e.actual));
  const status = e.status ? `<td class="${e.status}">${e.status}</td>` : '';
  return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}${status}</tr>`;
}

export function toHtml(m: Manifest, dir: string): string {
  const ci = m.entries.some((e) => e.status !== undefined);
  const head = ['test', 'file', 'model', ...(ci ? ['expected'] : []), 'verdict', ...(ci ? ['status'] : [])];
  const counts = ci ? ['pass', 'fail', 'unknown', 'skip'].map((s) => `${m.entries.filter((e) => e.status === s).length} ${s}`).join(', ') : `${m.entries.length} results`;
  const pictures = m.entries.flatMap((e, i) => {
    if (!e.svg) return [];
    const svg = inlineSvg(readFileSync(join(dir, e.svg), 'utf8'), `w${i}-`);
    const messages = e.messages && e.status !== 'pass' && e.messages.length > 0 ? `<p class="messages">${e.messages.map(escapeHtml).join('<br>')}</p>` : '';
    return [`<section id="witness-${i}"><h2>${escapeHtml(e.name)} — ${escapeHtml(e.variant ? `${e.model}/${e.variant}` : e.model)}</h2><p>${escapeHtml(e.file)}: ${escapeHtml(e.actual)}</p>${messages}${svg}</section>`];
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>memorder ${escapeHtml(m.command)} report</title>`,
    `<style>${STYLE}</style></head><body>`,
    `<h1>memorder ${escapeHtml(m.command)} report</h1>`,
    `<p>memorder ${escapeHtml(m.version)}: ${counts}.</p>`,
    `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>`,
    ...m.entries.map((e, i) => row(e, i, ci)),
    '</tbody></table>',
    ...pictures,
    '</body></html>',
    '',
  ].join('\n');
}
