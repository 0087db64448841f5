// Witness pictures as Graphviz draws them: the thread clusters come out left
// to right in thread order (P0, P1, ...), whatever the rf and fr edges
// between them, and the initial writes in a row above the threads.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import type { Witness, WitnessEvent } from '../../src/engine/result.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { witnessPicture } from '../../src/report/pictures.js';
import { checkSpecFile } from '../../src/check/spec.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { Naming } from '../../src/program/naming.js';

/** Each cluster's name (`cluster_P0`), its label and the x of its label, in the SVG's order. */
function clusters(svg: string): { name: string; label: string; x: number; top: number }[] {
  const re = /<g id="[^"]*" class="cluster">\s*<title>([^<]*)<\/title>\s*<polygon[^>]*points="([^"]*)"[^>]*\/>\s*<text[^>]*x="([-\d.]+)"[^>]*>([^<]*)<\/text>/g;
  return [...svg.matchAll(re)].map((m) => ({ name: m[1]!, label: m[4]!, x: Number(m[3]), top: Math.min(...m[2]!.split(' ').map((p) => Number(p.split(',')[1]))) }));
}

/** The labels of the thread clusters, left to right. */
function threadOrder(svg: string): string[] {
  return clusters(svg)
    .filter((c) => c.name !== 'cluster_init')
    .sort((a, b) => a.x - b.x)
    .map((c) => c.label);
}

interface Box {
  what: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

/** The event boxes (their rounded outline's extent). */
function boxes(svg: string): Box[] {
  return [...svg.matchAll(/<g id="[^"]*" class="node">\s*<title>([^<]*)<\/title>\s*<path[^>]*d="([^"]*)"/g)].map((m) => {
    const n = m[2]!.match(/-?[\d.]+/g)!.map(Number);
    const xs = n.filter((_, i) => i % 2 === 0);
    const ys = n.filter((_, i) => i % 2 === 1);
    return { what: m[1]!, x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys) };
  });
}

/** The edge labels, each with a generous box (0.6em a character) and whether its edge joins two threads. */
function edgeLabels(svg: string): (Box & { between: boolean })[] {
  const out: (Box & { between: boolean })[] = [];
  for (const g of svg.matchAll(/<g id="([^"]*)" class="edge ([a-z]+)">\s*<title>([^<]*)<\/title>([\s\S]*?)<\/g>/g)) {
    for (const t of g[4]!.matchAll(/<text[^>]*x="([-\d.]+)" y="([-\d.]+)"[^>]*font-size="([\d.]+)"[^>]*>([^<]*)<\/text>/g)) {
      const [x, y, size] = [Number(t[1]), Number(t[2]), Number(t[3])];
      const half = (t[4]!.replace(/&#?\w+;/g, 'x').length * size * 0.6) / 2;
      out.push({ what: `${g[2]} ${g[3]}`, between: !g[3]!.includes(':'), x0: x - half, x1: x + half, y0: y - size, y1: y });
    }
  }
  return out;
}

const overlap = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/** Labels drawn over an event box, and pairs of labels drawn over each other. */
function clashes(svg: string, labels = edgeLabels(svg)): string[] {
  const nodes = boxes(svg);
  const all = edgeLabels(svg);
  const out = labels.flatMap((l) => nodes.filter((n) => overlap(l, n)).map((n) => `${l.what} over ${n.what}`));
  for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) if (overlap(all[i]!, all[j]!)) out.push(`${all[i]!.what} over ${all[j]!.what}`);
  return out;
}

async function witnessOf(text: string, file: string): Promise<Witness> {
  const r = await verifyProgram(parseLitmus(text, file), { model: loadModel('lkmm'), unroll: 4 });
  expect(r.verdict).toBe('Sometimes');
  return r.witness!;
}

/** A message passed along five threads; the last reads x0 too, and misses it. */
const CHAIN5 = `C Chain5
{}
P0(int *x0) { WRITE_ONCE(*x0, 1); }
P1(int *x0, int *x1) { int r0; r0 = READ_ONCE(*x0); WRITE_ONCE(*x1, 1); }
P2(int *x1, int *x2) { int r0; r0 = READ_ONCE(*x1); WRITE_ONCE(*x2, 1); }
P3(int *x2, int *x3) { int r0; r0 = READ_ONCE(*x2); WRITE_ONCE(*x3, 1); }
P4(int *x3, int *x0) { int r0; int r1; r0 = READ_ONCE(*x3); r1 = READ_ONCE(*x0); }
exists (1:r0=1 /\\ 2:r0=1 /\\ 3:r0=1 /\\ 4:r0=1 /\\ 4:r1=0)
`;

const title = (name: string) => ({ name, model: 'lkmm', outcome: 'Sometimes' });

describe('witness pictures drawn by Graphviz', () => {
  afterAll(shutdownZ3);

  for (const [name, file, threads] of [
    ['SB', 'specs/litmus/arch/SB.litmus', 2],
    ['IRIW+rmbs', 'specs/litmus/arch/IRIW+rmbs.litmus', 4],
  ] as const) {
    it(`draws ${name}'s ${threads} threads left to right in thread order, the initial writes above them`, async () => {
      const w = await witnessOf(readFileSync(file, 'utf8'), file);
      const { svg } = await witnessPicture(title(name), w);
      const expected = Array.from({ length: threads }, (_, i) => `P${i}`);
      expect(threadOrder(svg)).toEqual(expected);
      const all = clusters(svg);
      const init = all.find((c) => c.name === 'cluster_init')!;
      // SVG y grows downwards: the initial writes' frame ends above every thread's.
      for (const c of all.filter((x) => x !== init)) expect(init.top).toBeLessThan(c.top);
    });
  }

  it('draws the litmus tests of specs/litmus/arch with no edge label over an event box or another label', async () => {
    const dir = 'specs/litmus/arch';
    let drawn = 0;
    for (const name of readdirSync(dir).filter((f) => f.endsWith('.litmus')).sort()) {
      const file = join(dir, name);
      const r = await verifyProgram(parseLitmus(readFileSync(file, 'utf8'), file), { model: loadModel('lkmm'), unroll: 4 });
      if (!r.witness) continue;
      const { svg } = await witnessPicture(title(r.name), r.witness);
      const threads = new Set(r.witness.events.filter((e) => e.thread >= 0 && (e.kind === 'R' || e.kind === 'W')).map((e) => e.thread)).size;
      expect(threadOrder(svg), name).toEqual(Array.from({ length: threads }, (_, i) => `P${i}`));
      const labels = edgeLabels(svg);
      // Every rf, fr and co edge carries its label.
      for (const kind of ['rf', 'fr', 'co']) expect(labels.filter((l) => l.what.startsWith(`${kind} `)).length, `${name} ${kind}`).toBe((svg.match(new RegExp(`class="edge ${kind}"`, 'g')) ?? []).length);
      expect(clashes(svg), name).toEqual([]);
      drawn++;
    }
    expect(drawn).toBeGreaterThanOrEqual(6);
  });

  it("draws a spec's witness with its threads in order and no edge label over an event box or another label", async () => {
    const spec = await checkSpecFile('specs/mm/gup-fast-vs-ksm.spec.ts', { part: { index: 1, of: 12 } });
    const row = spec.rows[0]!;
    expect(row.witness).toBeDefined();
    const { svg } = await witnessPicture(title(spec.name), row.witness!, new Naming(row.threads, true));
    expect(threadOrder(svg)).toEqual(['gup', 'ksm']);
    const labels = edgeLabels(svg);
    expect(labels.filter((l) => l.between).length).toBeGreaterThan(10);
    expect(labels.filter((l) => !l.between).length).toBeGreaterThan(5);
    expect(clashes(svg)).toEqual([]);
  });

  it('draws a five-thread chain left to right', async () => {
    const w = await witnessOf(CHAIN5, 'chain5.litmus');
    const { svg } = await witnessPicture(title('Chain5'), w);
    expect(threadOrder(svg)).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
  });

  it('keeps thread order when every rf and fr edge runs backwards, from the last thread to the first', async () => {
    // Six threads, thread t writes x_t, thread t-1 reads it (and P5 reads P0's):
    // the edges that made dot put later threads first.
    const events: WitnessEvent[] = [];
    const rf: [number, number][] = [];
    const co: Record<string, number[]> = {};
    const n = 6;
    for (let t = 0; t < n; t++) {
      events.push({ id: 100 + t, thread: -1, kind: 'W', label: 'init', location: `x${t}`, value: 0, tags: ['IW'] });
      events.push({ id: 2 * t, thread: t, kind: 'W', label: 'WRITE_ONCE', location: `x${t}`, value: 1, tags: ['Once'] });
      events.push({ id: 2 * t + 1, thread: t, kind: 'R', label: 'READ_ONCE', location: `x${(t + 1) % n}`, value: t === n - 1 ? 0 : 1, tags: ['Once'] });
      co[`x${t}`] = [100 + t, 2 * t];
    }
    for (let t = 0; t < n; t++) rf.push(t === n - 1 ? [100, 2 * t + 1] : [2 * (t + 1), 2 * t + 1]);
    const { svg } = await witnessPicture(title('Ring6'), { events, rf, co, state: {} });
    expect(threadOrder(svg)).toEqual(['P0', 'P1', 'P2', 'P3', 'P4', 'P5']);
  });
});
