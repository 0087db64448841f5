// A witness execution as a Graphviz graph: one column per thread with its
// memory accesses in program order, the initial writes the execution reads
// from above them, and the relations that make the outcome happen —
// po, rf, co, fr and the barriers that order accesses — coloured as herd7
// draws them (rf red, fr orange #ffa040, co blue, po black, fences dark
// green). Fences are edges between the accesses they order, not nodes.

import type { Witness, WitnessEvent } from '../engine/result.js';
import { Naming } from '../program/naming.js';

export type EdgeKind = 'po' | 'rf' | 'co' | 'fr' | 'fence';

export interface GraphEdge {
  kind: EdgeKind;
  from: number;
  to: number;
  /** Shown on the edge: the relation, or the barrier's name. */
  label: string;
}

export const EDGE_COLOURS: Record<EdgeKind, string> = {
  po: 'black',
  rf: 'red',
  co: 'blue',
  fr: '#ffa040',
  fence: 'darkgreen',
};

/** Access annotations shown in brackets, in the order a tag list is searched. */
const ANNOTATIONS = ['Acquire', 'Release', 'Mb', 'Noreturn', 'Once'];

/** What orders what: a fence's tag and the access kinds before and after it that it orders. */
const FENCE_ORDERS: Record<string, { name: string; before: 'R' | 'W' | 'M'; after: 'R' | 'W' | 'M' }> = {
  Mb: { name: 'mb', before: 'M', after: 'M' },
  Rmb: { name: 'rmb', before: 'R', after: 'R' },
  Wmb: { name: 'wmb', before: 'W', after: 'W' },
  'Before-atomic': { name: 'before-atomic', before: 'M', after: 'M' },
  'After-atomic': { name: 'after-atomic', before: 'M', after: 'M' },
  'After-spinlock': { name: 'after-spinlock', before: 'M', after: 'M' },
  'After-unlock-lock': { name: 'after-unlock-lock', before: 'M', after: 'M' },
  'After-srcu-read-unlock': { name: 'after-srcu-read-unlock', before: 'M', after: 'M' },
  'Sync-rcu': { name: 'sync-rcu', before: 'M', after: 'M' },
  'Sync-srcu': { name: 'sync-srcu', before: 'M', after: 'M' },
};

const isAccess = (e: WitnessEvent) => e.kind === 'R' || e.kind === 'W';
const matches = (e: WitnessEvent, k: 'R' | 'W' | 'M') => isAccess(e) && (k === 'M' || e.kind === k);

/** The text of an event's node, line by line: `e3: W[once] y=1`, then where it comes from (`line 12`, or `pgtable.ts:34` in a spec). */
export function eventLines(e: WitnessEvent, naming: Naming = Naming.litmus): string[] {
  if (e.thread < 0) return [`init ${e.location}=${e.value}`];
  const annotation = ANNOTATIONS.find((a) => e.tags.includes(a));
  const head = `e${e.id}: ${e.kind}${annotation ? `[${annotation.toLowerCase()}]` : ''} ${e.location}=${e.value}`;
  if (!e.pos) return [head, e.label];
  return [head, `${e.label}, ${naming.at(e.pos)}`];
}

/** Events by thread, in program order (event ids grow along each thread's program order). */
function threads(w: Witness): Map<number, WitnessEvent[]> {
  const by = new Map<number, WitnessEvent[]>();
  for (const e of [...w.events].sort((a, b) => a.id - b.id)) {
    if (e.thread < 0) continue;
    let l = by.get(e.thread);
    if (!l) by.set(e.thread, (l = []));
    l.push(e);
  }
  return new Map([...by].sort(([a], [b]) => a - b));
}

/** The edges drawn for a witness. fr goes to the next write in co only: the rest follow by co. */
export function witnessEdges(w: Witness): GraphEdge[] {
  const byId = new Map(w.events.map((e) => [e.id, e]));
  const edges: GraphEdge[] = [];
  for (const events of threads(w).values()) {
    const accesses = events.filter(isAccess);
    for (let i = 1; i < accesses.length; i++) edges.push({ kind: 'po', from: accesses[i - 1]!.id, to: accesses[i]!.id, label: 'po' });
    events.forEach((f, i) => {
      if (f.kind !== 'F') return;
      for (const [tag, order] of Object.entries(FENCE_ORDERS)) {
        if (!f.tags.includes(tag)) continue;
        const before = events.slice(0, i).reverse().find((e) => matches(e, order.before));
        const after = events.slice(i + 1).find((e) => matches(e, order.after));
        if (before && after) edges.push({ kind: 'fence', from: before.id, to: after.id, label: order.name });
      }
    });
  }
  for (const [write, read] of w.rf) edges.push({ kind: 'rf', from: write, to: read, label: 'rf' });
  for (const order of Object.values(w.co)) {
    const writes = order.filter((id) => (byId.get(id)?.thread ?? -1) >= 0);
    for (let i = 1; i < writes.length; i++) edges.push({ kind: 'co', from: writes[i - 1]!, to: writes[i]!, label: 'co' });
    for (const [write, read] of w.rf) {
      const at = order.indexOf(write);
      if (at >= 0 && at + 1 < order.length) edges.push({ kind: 'fr', from: read, to: order[at + 1]!, label: 'fr' });
    }
  }
  return edges;
}

/** A DOT string literal. */
export function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export interface GraphTitle {
  name: string;
  model: string;
  /** e.g. `Sometimes` or `expected Never, got Sometimes`. */
  outcome: string;
}

/** A node's box in points, as Graphviz sizes it around its label. */
export interface NodeSize {
  width: number;
  height: number;
}

const FONT_SIZE = 11;
const NODE_STYLE = `shape=box, style=rounded, fontname="Helvetica", fontsize=${FONT_SIZE}`;
/** Between the boxes of neighbouring threads: room for the edge labels and the cluster frames. */
const COLUMN_GAP = 80;
/** Between the boxes of consecutive accesses of a thread. */
const ROW_GAP = 42;
/** From the top of a thread's first box to the initial writes' row. */
const INIT_GAP = 90;
const INIT_SPACING = 24;

/** Degrees between an edge along a box's side and the way to its label. */
const SIDE_ANGLE = 60;

/** How far out (Graphviz's labeldistance, tens of points) a label beside a box goes for its text to clear the box: half its width, about 0.3em a character. */
function sideDistance(label: string): number {
  const half = label.length * 9 * 0.3 + 4;
  return Math.max(2, Math.ceil((half / (10 * Math.sin((SIDE_ANGLE * Math.PI) / 180))) * 10) / 10);
}

/** A node's size when Graphviz has not measured it: Helvetica averages about 0.6em a character, plus the box's margins. */
function estimateSize(lines: string[]): NodeSize {
  const longest = Math.max(...lines.map((l) => l.length));
  return { width: Math.max(54, Math.ceil(longest * FONT_SIZE * 0.6) + 18), height: Math.max(36, lines.length * Math.ceil(FONT_SIZE * 1.2) + 10) };
}

/** The events drawn: each thread's accesses in program order, and the initial writes some access reads. */
function drawnEvents(w: Witness): { init: WitnessEvent[]; columns: Map<number, WitnessEvent[]> } {
  const readFrom = new Set(w.rf.map(([write]) => write));
  const init = w.events.filter((e) => e.thread < 0 && readFrom.has(e.id)).sort((a, b) => a.id - b.id);
  const columns = new Map([...threads(w)].map(([t, events]) => [t, events.filter(isAccess)] as const).filter(([, events]) => events.length > 0));
  return { init, columns };
}

const nodeLabel = (e: WitnessEvent, naming: Naming) => dotString(eventLines(e, naming).join('\n'));

/** The nodes alone, for Graphviz to measure (`measured` reads its JSON output back). */
export function measureDot(w: Witness, naming: Naming = Naming.litmus): string {
  const { init, columns } = drawnEvents(w);
  const nodes = [...init, ...[...columns.values()].flat()];
  return [`digraph measure {`, `  node [${NODE_STYLE}];`, ...nodes.map((e) => `  e${e.id} [label=${nodeLabel(e, naming)}];`), '}', ''].join('\n');
}

/** Node sizes in points from Graphviz's JSON output of measureDot. */
export function measured(json: string): Map<number, NodeSize> {
  const parsed = JSON.parse(json) as { objects?: { name: string; width?: string; height?: string }[] };
  const sizes = new Map<number, NodeSize>();
  for (const o of parsed.objects ?? []) {
    const m = /^e(\d+)$/.exec(o.name);
    if (m && o.width && o.height) sizes.set(Number(m[1]), { width: Number(o.width) * 72, height: Number(o.height) * 72 });
  }
  return sizes;
}

const pos = (x: number, y: number) => `pos="${Math.round(x * 100) / 100},${Math.round(y * 100) / 100}!"`;

/**
 * The witness as DOT with every node placed: thread Pi's accesses in column
 * i, left to right in thread order, one row per access in program order, and
 * the initial writes read in a row of their own above. Graphviz only routes
 * the edges (layout=neato with pinned nodes): dot would reorder the columns
 * to shorten rf and fr edges (IRIW came out P2 P3 P0 P1). Edges between
 * accesses of one thread other than po leave the boxes on their sides
 * (barriers on the left, rf/co/fr on the right) so they do not hide po;
 * rf and co are labelled at the read or later write, fr at the read, so the
 * labels of crossing edges do not meet where the edges cross.
 */
export function witnessDot(title: GraphTitle, w: Witness, naming: Naming = Naming.litmus, sizes: Map<number, NodeSize> = new Map()): string {
  const edges = witnessEdges(w);
  const { init, columns } = drawnEvents(w);
  const size = (e: WitnessEvent) => sizes.get(e.id) ?? estimateSize(eventLines(e, naming));
  const state = naming.state(w.state);
  const out: string[] = [];
  out.push(`digraph ${dotString(title.name)} {`);
  out.push(`  graph [label=${dotString(`${title.name} under ${title.model}: ${title.outcome}\nfinal state: ${state}`)}, labelloc=t, fontname="Helvetica", layout=neato, inputscale=72, splines=true, overlap=true];`);
  out.push(`  node [${NODE_STYLE}, pin=true];`);
  out.push('  edge [fontname="Helvetica", fontsize=9, labelfontsize=9, labeldistance=3, labelangle=0];');

  // Columns: each as wide as its widest box (or its name), in thread order.
  const rowHeight = Math.max(36, ...[...columns.values()].flat().map((e) => size(e).height));
  const pitch = rowHeight + ROW_GAP;
  const xs = new Map<number, number>();
  let right = 0;
  for (const [t, events] of columns) {
    const width = Math.max(estimateSize([naming.thread(t)]).width, ...events.map((e) => size(e).width));
    const x = xs.size === 0 ? width / 2 : right + COLUMN_GAP + width / 2;
    xs.set(t, x);
    right = x + width / 2;
  }
  const threadOf = new Map<number, number>();
  for (const [t, events] of columns) {
    const x = xs.get(t)!;
    out.push(`  subgraph cluster_P${t} {`, `    label=${dotString(naming.thread(t))}; style=solid; color=grey; fontname="Helvetica";`);
    // Room above the first access for the cluster's label.
    out.push(`    head_P${t} [label="", style=invis, shape=point, width=0.01, height=0.01, ${pos(x, rowHeight / 2 + 20)}];`);
    events.forEach((e, row) => {
      threadOf.set(e.id, t);
      out.push(`    e${e.id} [id="e${e.id}", label=${nodeLabel(e, naming)}, ${pos(x, -row * pitch)}];`);
    });
    out.push('  }');
  }
  if (init.length > 0) {
    // Each initial write as close as it fits above the threads that read it.
    const readers = (e: WitnessEvent) => w.rf.filter(([write]) => write === e.id).flatMap(([, read]) => (threadOf.has(read) ? [xs.get(threadOf.get(read)!)!] : []));
    const row = init.map((e) => {
      const under = readers(e);
      return { e, want: under.length > 0 ? under.reduce((a, b) => a + b, 0) / under.length : right / 2, width: size(e).width, x: 0 };
    });
    row.sort((a, b) => a.want - b.want || a.e.id - b.e.id);
    let end = -INIT_SPACING;
    for (const r of row) {
      r.x = Math.max(r.want, end + INIT_SPACING + r.width / 2);
      end = r.x + r.width / 2;
    }
    // A row wider than the threads spills over on both sides, not only the right.
    const spill = Math.min(Math.max(0, end - right) / 2, row[0]!.x - row[0]!.width / 2);
    for (const r of row) r.x -= spill;
    const height = Math.max(...init.map((e) => size(e).height));
    const y = rowHeight / 2 + INIT_GAP + height / 2;
    out.push('  subgraph cluster_init {', '    label="initial writes"; style=dashed; color=grey; fontname="Helvetica";');
    out.push(`    head_init [label="", style=invis, shape=point, width=0.01, height=0.01, ${pos((row[0]!.x - row[0]!.width / 2 + end - spill) / 2, y + height / 2 + 20)}];`);
    for (const r of row) out.push(`    e${r.e.id} [id="e${r.e.id}", label=${nodeLabel(r.e, naming)}, ${pos(r.x, y)}];`);
    out.push('  }');
  }
  for (const e of edges) {
    const colour = EDGE_COLOURS[e.kind];
    const sameThread = threadOf.has(e.from) && threadOf.get(e.from) === threadOf.get(e.to);
    const side = e.kind === 'fence' ? 'w' : sameThread && e.kind !== 'po' ? 'e' : undefined;
    // The label: halfway along po; elsewhere at the read (rf's head, fr's
    // tail) or the later write (co's head), where crossing edges do not
    // meet. Along a box's side, just outside it: above the port at the
    // head, below it at the tail, so an rf in and an fr out of one read
    // keep apart.
    const at = e.kind === 'fr' ? 'tail' : 'head';
    const label = e.kind === 'po' ? `label=${dotString(e.label)}` : `${at}label=${dotString(e.label)}`;
    const placement = side
      ? `labeldistance=${sideDistance(e.label)}, labelangle=${(side === 'e') === (at === 'head') ? -SIDE_ANGLE : SIDE_ANGLE}`
      : // fr leaves the read that an rf enters: its label further out.
        e.kind === 'fr'
        ? 'labeldistance=6.5'
        : '';
    const attrs = [
      `id="${e.kind}-e${e.from}-e${e.to}"`,
      `class="${e.kind}"`,
      label,
      `color="${colour}"`,
      `fontcolor="${colour}"`,
      e.kind === 'po' ? '' : `labelfontcolor="${colour}"`,
      e.kind === 'fence' ? 'penwidth=2' : '',
      placement,
      side ? `tailport=${side}, headport=${side}` : '',
    ].filter(Boolean);
    out.push(`  e${e.from} -> e${e.to} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
