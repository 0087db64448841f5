// Lowering an event graph to an architecture: each kernel operation becomes
// the events the kernel's implementation executes on that architecture
// (encodings/mapping.txt): accesses get the architecture's tags (LDAR's A,
// STLR's L, a LOCK'ed instruction's X), fences become DMB or MFENCE events,
// or nothing at all for compiler barriers, and fully ordered RMWs may gain
// fences around them.
//
// Event ids do not change (read-value variables are named after them): a
// fence that disappears stays in the array with a FALSE guard, new fences
// are appended, and program order follows the renumbered poIndex.

import { readFileSync } from 'node:fs';
import { and, FALSE, not, or, TRUE, type BoolTerm } from '../logic/term.js';
import { InputError } from '../program/errors.js';
import type { SourcePos } from '../program/ir.js';
import { programOrder } from './build.js';
import type { Edge, EventGraph, EventKind, MemEvent } from './graph.js';

/** One event of a template: the operation's read or write, or a fence the architecture adds. */
export interface TemplateEvent {
  kind: EventKind;
  tags: string[];
}

/** What one operation becomes: `success`, and `failure` for a conditional RMW that does not write. */
export interface Template {
  success: TemplateEvent[];
  failure?: TemplateEvent[];
}

export interface ArchMapping {
  /** Column name in the mapping table: `x86`, `armv8`. */
  arch: string;
  /** The architecture's event tags (the `tags` row): each names a set in its model. */
  tags: string[];
  /** Operation class -> template, or `unsupported` (`?` in the table). */
  rows: Map<string, Template | 'unsupported'>;
}

/** Parses `R[A] W[L] F[DMB.ISH]` (or `-`) into template events. */
function parseSequence(text: string, pos: SourcePos): TemplateEvent[] {
  if (text === '-') return [];
  const out: TemplateEvent[] = [];
  for (const token of text.split(/\s+/).filter((t) => t.length > 0)) {
    const m = /^([RWF])(?:\[([A-Za-z0-9_.\-,]*)\])?$/.exec(token);
    if (!m) throw new InputError(pos, `bad event '${token}' (expected R, W or F, optionally with [tags])`);
    out.push({ kind: m[1] as EventKind, tags: (m[2] ?? '').split(',').filter((t) => t.length > 0) });
  }
  return out;
}

/** Reads the column `arch` of a mapping table (see encodings/mapping.txt for the format). */
export function parseMapping(text: string, file: string, arch: string): ArchMapping {
  const rows = new Map<string, Template | 'unsupported'>();
  let tags: string[] | undefined;
  let column = -1;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/#.*/, '').trim();
    if (line.length === 0) return;
    const pos = { file, line: i + 1, col: 1 };
    const cells = line.split('|').map((c) => c.trim());
    if (column < 0) {
      column = cells.indexOf(arch);
      if (cells[0] !== 'op' || column < 1) throw new InputError(pos, `the header row names no column '${arch}'`);
      return;
    }
    const [op, cell] = [cells[0]!, cells[column]];
    if (cell === undefined || cell.length === 0) throw new InputError(pos, `no '${arch}' entry for '${op}'`);
    if (rows.has(op) || (op === 'tags' && tags)) throw new InputError(pos, `'${op}' appears twice`);
    if (op === 'tags') {
      tags = cell.split(/\s+/).filter((t) => t.length > 0);
      return;
    }
    if (!tags) throw new InputError(pos, "the 'tags' row must come before the operations");
    if (cell === '?') {
      rows.set(op, 'unsupported');
      return;
    }
    const [success, failure, extra] = cell.split('/').map((s) => parseSequence(s.trim(), pos));
    if (extra) throw new InputError(pos, `more than one '/' in '${cell}'`);
    const accesses = (seq: TemplateEvent[]) => seq.filter((e) => e.kind !== 'F').map((e) => e.kind).join('');
    if (!['', 'R', 'W', 'RW'].includes(accesses(success!))) throw new InputError(pos, `'${cell}': at most one R, then one W`);
    if (failure && (accesses(success!) !== 'RW' || accesses(failure) !== 'R')) {
      throw new InputError(pos, `'${cell}': a failure sequence belongs to an R W operation and has its R only`);
    }
    const unknown = [...success!, ...(failure ?? [])].flatMap((e) => e.tags).find((t) => !tags!.includes(t));
    if (unknown) throw new InputError(pos, `tag '${unknown}' is not in the '${arch}' tags row`);
    rows.set(op, failure ? { success: success!, failure } : { success: success! });
  });
  if (column < 0 || !tags) throw new InputError({ file, line: 1, col: 1 }, 'no header row or no tags row');
  return { arch, tags, rows };
}

export function loadMapping(file: string, arch: string): ArchMapping {
  return parseMapping(readFileSync(file, 'utf8'), file, arch);
}

/** A lowered graph, and the operations it uses that the architecture level does not model. */
export interface Lowering {
  graph: EventGraph;
  unsupported: { op: string; label: string; pos?: SourcePos }[];
}

/** The events of one operation in one thread, in program order. */
interface OperationEvents {
  kind: string;
  events: MemEvent[];
}

function groupByOperation(thread: MemEvent[]): (OperationEvents | MemEvent)[] {
  const out: (OperationEvents | MemEvent)[] = [];
  for (const e of thread) {
    const last = out[out.length - 1];
    if (e.op && last && 'events' in last && last.events[0]!.op!.instance === e.op.instance) last.events.push(e);
    else out.push(e.op ? { kind: e.op.kind, events: [e] } : e);
  }
  return out;
}

export function lowerToArchitecture(g: EventGraph, mapping: ArchMapping, tableFile: string): Lowering {
  const events: MemEvent[] = g.events.map((e) => ({ ...e }));
  const tags = new Map<string, Map<number, BoolTerm>>();
  const tag = (name: string, id: number, cond: BoolTerm) => {
    let m = tags.get(name);
    if (!m) tags.set(name, (m = new Map()));
    m.set(id, or(m.get(id) ?? FALSE, cond));
  };
  const unsupported: Lowering['unsupported'] = [];
  const dropped = new Set<number>();
  // Every tag of the architecture names a set, empty or not.
  for (const name of mapping.tags) if (!tags.has(name)) tags.set(name, new Map());

  // Access events keep their LKMM tags (locks, RMW and IW stay meaningful);
  // fence events are replaced by the architecture's.
  for (const [name, members] of g.tags) {
    for (const [id, c] of members) if (g.events[id]!.kind !== 'F') tag(name, id, c);
  }

  const byThread = new Map<number, MemEvent[]>();
  for (const e of events) {
    if (e.thread < 0) continue;
    let l = byThread.get(e.thread);
    if (!l) byThread.set(e.thread, (l = []));
    l.push(e);
  }

  const newFence = (t: TemplateEvent, guard: BoolTerm, of: MemEvent): MemEvent | undefined => {
    if (guard === FALSE) return undefined;
    const e: MemEvent = { id: events.length, thread: of.thread, kind: 'F', guard, poIndex: 0, label: `${t.tags.join(',')} (${of.label})`, pos: of.pos };
    events.push(e);
    for (const name of t.tags) tag(name, e.id, guard);
    return e;
  };

  for (const thread of byThread.values()) {
    const sequence: MemEvent[] = [];
    for (const item of groupByOperation(thread)) {
      if (!('events' in item)) {
        sequence.push(item);
        continue;
      }
      const first = item.events[0]!;
      const read = item.events.find((e) => e.kind === 'R');
      const write = item.events.find((e) => e.kind === 'W');
      const fence = item.events.find((e) => e.kind === 'F');
      // When the operation happens; a fence of the program gives way to the
      // architecture's events for it.
      const happens = first.guard;
      if (fence) {
        fence.guard = FALSE;
        dropped.add(fence.id);
      }
      // Fences go before the read, between read and write, or after the write.
      const before: MemEvent[] = [];
      const between: MemEvent[] = [];
      const after: MemEvent[] = [];
      const alternatives = first.op!.alternatives ?? [{ kind: first.op!.kind, when: TRUE }];
      for (const alt of alternatives) {
        const template = mapping.rows.get(alt.kind);
        const where = { file: tableFile, line: 1, col: 1 };
        if (template === undefined) throw new InputError(where, `no row for operation '${alt.kind}' (${first.label})`);
        if (template === 'unsupported') {
          unsupported.push({ op: alt.kind, label: first.label, pos: first.pos });
          continue;
        }
        const has = (k: EventKind) => template.success.some((t) => t.kind === k);
        if ((read && !has('R')) || (write && !has('W'))) {
          throw new InputError(where, `the ${mapping.arch} row for '${alt.kind}' must give the operation's ${read && !has('R') ? 'read' : 'write'}`);
        }
        // When this alternative's success and failure sequences apply.
        const succeeds = and(alt.when, template.failure ? (write?.guard ?? FALSE) : happens);
        const fails = template.failure && read ? and(alt.when, read.guard, not(write?.guard ?? FALSE)) : FALSE;
        const place = (seq: TemplateEvent[], when: BoolTerm) => {
          let slot = before;
          for (const t of seq) {
            if (t.kind === 'R') {
              if (read) for (const name of t.tags) tag(name, read.id, when);
              slot = between;
            } else if (t.kind === 'W') {
              if (write) for (const name of t.tags) tag(name, write.id, and(when, write.guard));
              slot = after;
            } else {
              // Fences after the write happen only with it.
              const e = newFence(t, slot === after && write ? and(when, write.guard) : when, first);
              if (e) slot.push(e);
            }
          }
        };
        place(template.success, succeeds);
        if (template.failure) place(template.failure, fails);
      }
      sequence.push(...before, ...(read ? [read] : []), ...between, ...(write ? [write] : []), ...after);
    }
    sequence.forEach((e, i) => (e.poIndex = i));
  }

  const kept = (edges: Edge[]) => edges.filter(([a, b]) => !dropped.has(a) && !dropped.has(b));
  const graph: EventGraph = {
    ...g,
    events,
    tags,
    po: programOrder(events),
    addr: kept(g.addr),
    data: kept(g.data),
    ctrl: kept(g.ctrl),
  };
  return { graph, unsupported };
}
