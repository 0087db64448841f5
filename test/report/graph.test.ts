// Witness graphs: which edges are drawn, and the DOT text.
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '../../src/engine/models.js';
import { verifyProgram } from '../../src/check/verify.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { shutdownZ3 } from '../../src/smt/z3.js';
import { MP } from '../fixtures/litmus.js';
import type { Witness, WitnessEvent } from '../../src/engine/result.js';
import { dotString, eventLines, witnessDot, witnessEdges } from '../../src/report/graph.js';

const pos = (line: number) => ({ file: 't.litmus', line, col: 2 });
const ev = (id: number, thread: number, kind: 'R' | 'W' | 'F', location: string | undefined, value: number | undefined, label: string, tags: string[]): WitnessEvent => ({
  id,
  thread,
  kind,
  label,
  tags,
  ...(location !== undefined ? { location } : {}),
  ...(value !== undefined ? { value } : {}),
  ...(thread >= 0 ? { pos: pos(10 + id) } : {}),
});

// Message passing with smp_wmb() between the writes and a stray read before it.
const witness: Witness = {
  events: [
    ev(0, -1, 'W', 'x', 0, 'init', ['IW']),
    ev(1, -1, 'W', 'y', 0, 'init', ['IW']),
    ev(2, 0, 'W', 'x', 1, 'WRITE_ONCE', ['Once']),
    ev(3, 0, 'R', 'y', 0, 'READ_ONCE', ['Once']),
    ev(4, 0, 'F', undefined, undefined, 'smp_wmb', ['Wmb']),
    ev(5, 0, 'W', 'y', 1, 'smp_store_release', ['Release']),
    ev(6, 1, 'R', 'y', 1, 'smp_load_acquire', ['Acquire']),
    ev(7, 1, 'R', 'x', 0, 'READ_ONCE', ['Once']),
    ev(8, 1, 'W', 'x', 2, 'WRITE_ONCE', ['Once']),
  ],
  rf: [
    [1, 3],
    [5, 6],
    [0, 7],
  ],
  co: { x: [0, 2, 8], y: [1, 5] },
  state: { '1:r0': 1, '1:r1': 0 },
};

describe('witness graphs', () => {
  const edges = witnessEdges(witness);
  const of = (kind: string) => edges.filter((e) => e.kind === kind).map((e) => `${e.from}->${e.to}`);

  it('draws po between consecutive accesses of a thread, skipping fences', () => {
    expect(of('po')).toEqual(['2->3', '3->5', '6->7', '7->8']);
  });

  it('draws rf from each write to the reads that read it, and co between non-initial writes', () => {
    expect(of('rf')).toEqual(['1->3', '5->6', '0->7']);
    expect(of('co')).toEqual(['2->8']);
  });

  it('draws fr from a read to the next write in co after the one it read', () => {
    expect(of('fr')).toEqual(['7->2', '3->5']);
  });

  it('draws a barrier edge between the accesses it orders: smp_wmb from write to write, not from the read', () => {
    expect(edges.filter((e) => e.kind === 'fence')).toEqual([{ kind: 'fence', from: 2, to: 5, label: 'wmb' }]);
  });

  it('labels events herd-style with their primitive and line', () => {
    expect(eventLines(witness.events[5]!)).toEqual(['e5: W[release] y=1', 'smp_store_release, line 15']);
    expect(eventLines(witness.events[0]!)).toEqual(['init x=0']);
  });

  it('puts each thread in its own column, initial writes that are read above, colours like herd7', () => {
    const dot = witnessDot({ name: 'MP+wmb', model: 'lkmm', outcome: 'Sometimes' }, witness);
    expect(dot).toMatch(/subgraph cluster_P0 \{[^}]*e2 \[[^}]*e3 \[[^}]*e5 \[/);
    expect(dot).toMatch(/subgraph cluster_P1 \{[^}]*e6 \[[^}]*e7 \[[^}]*e8 \[/);
    expect(dot).toMatch(/subgraph cluster_init \{[^}]*e1 \[[^}]*e0 \[/);
    expect(dot).not.toMatch(/e4 \[/);
    expect(dot).toContain('e5 -> e6 [id="rf-e5-e6", class="rf", headlabel="rf", color="red"');
    expect(dot).toContain('e7 -> e2 [id="fr-e7-e2", class="fr", taillabel="fr", color="#ffa040"');
    expect(dot).toContain('e2 -> e8 [id="co-e2-e8", class="co", headlabel="co", color="blue"');
    expect(dot).toContain('e2 -> e5 [id="fence-e2-e5", class="fence", headlabel="wmb", color="darkgreen"');
    expect(dot).toContain('final state: 1:r0=1; 1:r1=0;');
  });

  it('places every node itself: threads in columns left to right, accesses in rows, initial writes above', () => {
    const dot = witnessDot({ name: 'MP+wmb', model: 'lkmm', outcome: 'Sometimes' }, witness);
    expect(dot).toContain('layout=neato');
    const at = new Map([...dot.matchAll(/^ {4}(e\d+) \[.*pos="([-\d.]+),([-\d.]+)!"/gm)].map((m) => [m[1], [Number(m[2]), Number(m[3])] as const]));
    const x = (id: string) => at.get(id)![0];
    const y = (id: string) => at.get(id)![1];
    expect([...at.keys()].sort()).toEqual(['e0', 'e1', 'e2', 'e3', 'e5', 'e6', 'e7', 'e8']);
    // P0 one column, P1 the next one to the right.
    expect(new Set(['e2', 'e3', 'e5'].map(x)).size).toBe(1);
    expect(new Set(['e6', 'e7', 'e8'].map(x)).size).toBe(1);
    expect(x('e6')).toBeGreaterThan(x('e2'));
    // Program order downwards, the same row for the same position in each thread.
    expect(y('e2')).toBeGreaterThan(y('e3'));
    expect(y('e3')).toBeGreaterThan(y('e5'));
    expect([y('e6'), y('e7'), y('e8')]).toEqual([y('e2'), y('e3'), y('e5')]);
    // The initial writes in a row above, each over the thread that reads it:
    // y=0 (e1) is read by P0, x=0 (e0) by P1.
    expect(y('e0')).toBe(y('e1'));
    expect(y('e0')).toBeGreaterThan(y('e2'));
    expect(x('e1')).toBeLessThan(x('e0'));
    expect(x('e1')).toBeLessThanOrEqual(x('e2'));
    expect(x('e0')).toBeGreaterThanOrEqual(x('e6'));
  });

  it('takes the edges between accesses of one thread other than po out of the way of po', () => {
    const dot = witnessDot({ name: 'MP+wmb', model: 'lkmm', outcome: 'Sometimes' }, witness);
    // Barriers on the left, labelled above-left of the later access; the
    // fr within P0 on the right, labelled below-right of the read.
    expect(dot).toMatch(/e2 -> e5 \[id="fence-e2-e5", class="fence", headlabel="wmb".*labelangle=60, tailport=w, headport=w\]/);
    expect(dot).toMatch(/e3 -> e5 \[id="fr-e3-e5", class="fr", taillabel="fr".*labelangle=60, tailport=e, headport=e\]/);
    expect(dot).not.toMatch(/e7 -> e2 \[id="fr-e7-e2".*tailport/);
    expect(dot).not.toMatch(/id="po-[^\]]*tailport/);
  });

  it('quotes DOT strings', () => {
    expect(dotString('a "b"\\c\nd')).toBe('"a \\"b\\"\\\\c\\nd"');
  });
});

describe('witness graphs of real executions', () => {
  afterAll(shutdownZ3);

  it('draws smp_wmb as a wmb edge between the two writes it orders', async () => {
    const text = MP.replace('WRITE_ONCE(*x, 1);', 'WRITE_ONCE(*x, 1);\n\tsmp_wmb();');
    const r = await verifyProgram(parseLitmus(text, 'mp-wmb.litmus'), { model: loadModel('lkmm'), unroll: 4 });
    expect(r.verdict).toBe('Sometimes');
    const w = r.witness!;
    const write = (loc: string) => w.events.find((e) => e.thread === 0 && e.kind === 'W' && e.location === loc)!.id;
    expect(witnessEdges(w).filter((e) => e.kind === 'fence')).toEqual([{ kind: 'fence', from: write('x'), to: write('y'), label: 'wmb' }]);
  });
});
