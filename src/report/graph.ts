// A witness execution as a Graphviz graph: one column per thread with its
// memory accesses in program order, the initial writes the execution reads
// from above them, and the relations that make the outcome happen —
// po, rf, co, fr and the barriers that order accesses — coloured as herd7
// draws them (rf red, fr orange #ffa040, co blue, po black, fences dark
// green). Fences are edges between the accesses they order, not nodes.

import type { Witness, WitnessEvent } from '../engine/result.js';

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

/** The text of an event's node, line by line: `e3: W[once] y=1`, then where it comes from. */
export function eventLines(e: WitnessEvent): string[] {
  if (e.thread < 0) return [`init ${e.location}=${e.value}`];
  const annotation = ANNOTATIONS.find((a) => e.tags.includes(a));
  const head = `e${e.id}: ${e.kind}${annotation ? `[${annotation.toLowerCase()}]` : ''} ${e.location}=${e.value}`;
  return [head, e.pos ? `${e.label}, line ${e.pos.line}` : e.label];
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

export function witnessDot(title: GraphTitle, w: Witness): string {
  const edges = witnessEdges(w);
  const drawnInit = new Set(edges.filter((e) => e.kind === 'rf').map((e) => e.from).filter((id) => w.events.find((x) => x.id === id)?.thread === -1));
  const state = Object.entries(w.state)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const out: string[] = [];
  out.push(`digraph ${dotString(title.name)} {`);
  out.push(`  graph [label=${dotString(`${title.name} under ${title.model}: ${title.outcome}\nfinal state: ${state}`)}, labelloc=t, fontname="Helvetica", newrank=true, nodesep=0.6, ranksep=0.5];`);
  out.push('  node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];');
  out.push('  edge [fontname="Helvetica", fontsize=10];');
  const node = (e: WitnessEvent) => `    e${e.id} [id="e${e.id}", label=${dotString(eventLines(e).join('\n'))}];`;
  if (drawnInit.size > 0) {
    out.push('  subgraph cluster_init {', '    label="initial writes"; style=dashed; color=grey;');
    for (const e of w.events) if (drawnInit.has(e.id)) out.push(node(e));
    out.push('  }');
  }
  const columns = threads(w);
  for (const [t, events] of columns) {
    out.push(`  subgraph cluster_P${t} {`, `    label="P${t}"; style=solid; color=grey;`);
    for (const e of events) if (isAccess(e)) out.push(node(e));
    out.push('  }');
  }
  // Initial writes above every thread's first access.
  for (const id of drawnInit) {
    for (const events of columns.values()) {
      const first = events.find(isAccess);
      if (first) out.push(`  e${id} -> e${first.id} [style=invis];`);
    }
  }
  for (const e of edges) {
    const colour = EDGE_COLOURS[e.kind];
    const attrs = [
      `id="${e.kind}-e${e.from}-e${e.to}"`,
      `class="${e.kind}"`,
      `label=${dotString(e.label)}`,
      `color="${colour}"`,
      `fontcolor="${colour}"`,
      e.kind === 'po' ? 'weight=10' : 'constraint=false',
      e.kind === 'fence' ? 'penwidth=2' : '',
    ].filter(Boolean);
    out.push(`  e${e.from} -> e${e.to} [${attrs.join(', ')}];`);
  }
  out.push('}');
  return out.join('\n') + '\n';
}
