// The MP witness as a person sees it: the SVG that `--graph` writes, and the
// HTML report around it, opened in headless Chromium. Every event's label
// must be drawn, and the cycle's rf and fr edges must be there, between the
// right events, in herd7's colours.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import type { TestResult } from '../../src/engine/result.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { EDGE_COLOURS, eventLines } from '../../src/report/graph.js';
import { toHtml } from '../../src/report/html.js';
import { fromResult, writePictures } from '../../src/report/pictures.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { mp } from '../fixtures/litmus.js';
import { HAVE_CHROMIUM, launchChromium } from './browser.js';

interface DrawnText {
  text: string;
  width: number;
  height: number;
  inside: boolean;
}

/** Every text element's content and drawn box, and whether the box lies inside the SVG. */
async function drawnTexts(page: Page, scope: string): Promise<DrawnText[]> {
  return page.evaluate((sel) => {
    const svg = document.querySelector(sel) as SVGSVGElement;
    const outer = svg.getBoundingClientRect();
    return [...svg.querySelectorAll('g.node text')].map((t) => {
      const r = t.getBoundingClientRect();
      return { text: t.textContent ?? '', width: r.width, height: r.height, inside: r.left >= outer.left - 1 && r.right <= outer.right + 1 && r.top >= outer.top - 1 && r.bottom <= outer.bottom + 1 };
    });
  }, scope);
}

async function drawnEdges(page: Page, scope: string) {
  return page.evaluate((sel) => {
    const svg = document.querySelector(sel) as SVGSVGElement;
    return [...svg.querySelectorAll('g.edge')].map((g) => {
      const path = g.querySelector('path')!;
      const box = path.getBoundingClientRect();
      return { cls: g.getAttribute('class'), title: g.querySelector('title')?.textContent, stroke: path.getAttribute('stroke'), length: path.getTotalLength(), width: box.width + box.height, label: g.querySelector('text')?.textContent };
    });
  }, scope);
}

describe.skipIf(!HAVE_CHROMIUM)('the MP witness in headless Chromium', () => {
  let browser: Browser;
  let mpResult: TestResult;
  let dir: string;
  let svgFile: string;

  beforeAll(async () => {
    mpResult = await verifyProgram(parseLitmus(mp(undefined, 'MP'), 'mp.litmus'), { model: loadModel('lkmm'), unroll: 4 });
    dir = mkdtempSync(join(tmpdir(), 'memorder-browser-'));
    const m = await writePictures(dir, 'verify', [fromResult(mpResult)]);
    svgFile = join(dir, m.entries[0]!.svg!);
    writeFileSync(join(dir, 'index.html'), toHtml(m, dir));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await shutdownZ3();
  });

  const byText = (id: number) => eventLines(mpResult.witness!.events.find((e) => e.id === id)!);

  /** The MP cycle: W x=1 -po-> W y=1 -rf-> R y=1 -po-> R x=0 -fr-> W x=1. */
  function cycle() {
    const w = mpResult.witness!;
    const find = (thread: number, kind: string, loc: string) => w.events.find((e) => e.thread === thread && e.kind === kind && e.location === loc)!;
    return { wx: find(0, 'W', 'x'), wy: find(0, 'W', 'y'), ry: find(1, 'R', 'y'), rx: find(1, 'R', 'x') };
  }

  it('the witness is the MP cycle', () => {
    const { ry, rx } = cycle();
    expect(mpResult.verdict).toBe('Sometimes');
    expect([ry.value, rx.value]).toEqual([1, 0]);
  });

  for (const [what, open] of [
    ['the SVG file', (page: Page) => page.goto(pathToFileURL(svgFile).href).then(() => 'svg')],
    ['the HTML report', (page: Page) => page.goto(pathToFileURL(join(dir, 'index.html')).href).then(() => 'section svg')],
  ] as const) {
    it(`${what} renders and shows every event label inside the picture`, async () => {
      const page = await browser.newPage();
      const scope = await open(page);
      const texts = await drawnTexts(page, scope);
      const shown = new Map(texts.map((t) => [t.text, t]));
      const events = mpResult.witness!.events.filter((e) => e.thread >= 0 || mpResult.witness!.rf.some(([w]) => w === e.id));
      expect(events.length).toBe(5); // four accesses and the initial write of x they read
      for (const e of events) {
        for (const line of eventLines(e)) {
          const t = shown.get(line);
          expect(t, `label '${line}'`).toBeDefined();
          expect(t!.width).toBeGreaterThan(10);
          expect(t!.height).toBeGreaterThan(5);
          expect(t!.inside).toBe(true);
        }
      }
      await page.close();
    });

    it(`${what} draws the cycle's rf and fr edges between the right events, in herd7's colours`, async () => {
      const page = await browser.newPage();
      const scope = await open(page);
      const edges = await drawnEdges(page, scope);
      const { wx, wy, ry, rx } = cycle();
      const rf = edges.find((e) => e.cls === 'edge rf' && e.title === `e${wy.id}->e${ry.id}`);
      const fr = edges.find((e) => e.cls === 'edge fr' && e.title === `e${rx.id}->e${wx.id}`);
      expect(rf, 'rf edge W y=1 -> R y=1').toMatchObject({ stroke: EDGE_COLOURS.rf, label: 'rf' });
      expect(fr, 'fr edge R x=0 -> W x=1').toMatchObject({ stroke: EDGE_COLOURS.fr, label: 'fr' });
      for (const e of [rf!, fr!]) {
        expect(e.length).toBeGreaterThan(20);
        expect(e.width).toBeGreaterThan(5);
      }
      expect(edges.filter((e) => e.cls === 'edge po').map((e) => e.title).sort()).toEqual([`e${wx.id}->e${wy.id}`, `e${ry.id}->e${rx.id}`].sort());
      expect(byText(wx.id)[0]).toBe(`e${wx.id}: W[once] x=1`);
      await page.close();
    });
  }
});
