// Structuring gotos: kernel retry loops are written with labels and gotos
// (`retry: ... if (changed) goto retry;`). A backward goto becomes a bounded
// loop the unroller understands:
//
//     retry: S1 ... Sk            retry: while (1) { S1 ... Sk; break; }
//   (gotos to retry in S1..Sk)           (those gotos become `continue`)
//
// Forward gotos (`goto out;` to a label further on, in the same or an
// enclosing block) stay as they are: the event builder carries the paths
// that take them to the label. Anything else (a goto into a block, a
// backward goto from inside an inner loop) is rejected with its position.

import { InputError } from './errors.js';
import type { Stmt } from './ir.js';

type Visit = (s: Stmt, insideLoop: boolean) => void;

/** Visits every statement nested in `stmts` (not `stmts` themselves' siblings' order concerns). */
function walk(stmts: Stmt[], visit: Visit, insideLoop = false): void {
  for (const s of stmts) {
    visit(s, insideLoop);
    if (s.kind === 'if') {
      walk(s.then, visit, insideLoop);
      walk(s.else, visit, insideLoop);
    } else if (s.kind === 'loop') {
      walk(s.body, visit, true);
      if (s.step) walk(s.step, visit, true);
    }
  }
}

function gotosTo(stmts: Stmt[], label: string): { pos: Stmt['pos']; insideLoop: boolean }[] {
  const out: { pos: Stmt['pos']; insideLoop: boolean }[] = [];
  walk(stmts, (s, insideLoop) => {
    if (s.kind === 'goto' && s.label === label) out.push({ pos: s.pos, insideLoop });
  });
  return out;
}

/** `break`/`continue` statements that would bind to a loop around `stmts`. */
function looseJumps(stmts: Stmt[]): Stmt[] {
  const out: Stmt[] = [];
  walk(stmts, (s, insideLoop) => {
    if (!insideLoop && (s.kind === 'break' || s.kind === 'continue')) out.push(s);
  });
  return out;
}

function gotoToContinue(stmts: Stmt[], label: string): Stmt[] {
  return stmts.map((s): Stmt => {
    if (s.kind === 'goto' && s.label === label) return { kind: 'continue', pos: s.pos };
    if (s.kind === 'if') return { ...s, then: gotoToContinue(s.then, label), else: gotoToContinue(s.else, label) };
    return s;
  });
}

function structureBlock(stmts: Stmt[]): Stmt[] {
  let out = stmts.map((s): Stmt => {
    if (s.kind === 'if') return { ...s, then: structureBlock(s.then), else: structureBlock(s.else) };
    if (s.kind === 'loop') return { ...s, body: structureBlock(s.body), ...(s.step ? { step: structureBlock(s.step) } : {}) };
    return s;
  });
  for (let i = 0; i < out.length; i++) {
    const label = out[i]!;
    if (label.kind !== 'label') continue;
    let last = -1;
    for (let j = i + 1; j < out.length; j++) {
      const found = gotosTo([out[j]!], label.name);
      const fromLoop = found.find((g) => g.insideLoop);
      if (fromLoop) throw new InputError(fromLoop.pos, `unsupported construct: 'goto ${label.name}' back out of a loop`);
      if (found.length > 0) last = j;
    }
    if (last < 0) continue;
    const body = out.slice(i + 1, last + 1);
    const loose = looseJumps(body)[0];
    if (loose) throw new InputError(loose.pos, `unsupported construct: '${loose.kind}' inside the retry loop of label '${label.name}'`);
    const loop: Stmt = {
      kind: 'loop',
      cond: { kind: 'const', value: 1, pos: label.pos },
      body: [...gotoToContinue(body, label.name), { kind: 'break', pos: label.pos }],
      doWhile: false,
      pos: label.pos,
    };
    out = [...out.slice(0, i + 1), loop, ...out.slice(last + 1)];
  }
  return out;
}

/** Checks that every remaining goto jumps forward to a label of its own or an enclosing block. */
function checkForward(stmts: Stmt[], ahead: ReadonlySet<string>): void {
  stmts.forEach((s, i) => {
    const visible = new Set(ahead);
    for (const t of stmts.slice(i + 1)) if (t.kind === 'label') visible.add(t.name);
    if (s.kind === 'goto' && !visible.has(s.label)) {
      throw new InputError(s.pos, `'goto ${s.label}': no label '${s.label}' after it in this or an enclosing block`);
    }
    if (s.kind === 'if') {
      checkForward(s.then, visible);
      checkForward(s.else, visible);
    } else if (s.kind === 'loop') {
      checkForward(s.body, visible);
      if (s.step) checkForward(s.step, visible);
    }
  });
}

/** Turns backward gotos into loops and checks the forward ones (see above). */
export function structureGotos(body: Stmt[]): Stmt[] {
  const labels = new Map<string, Stmt['pos']>();
  walk(body, (s) => {
    if (s.kind !== 'label') return;
    if (labels.has(s.name)) throw new InputError(s.pos, `label '${s.name}' defined twice`);
    labels.set(s.name, s.pos);
  });
  walk(body, (s) => {
    if (s.kind === 'goto' && !labels.has(s.label)) throw new InputError(s.pos, `'goto ${s.label}': no such label`);
  });
  const out = structureBlock(body);
  checkForward(out, new Set());
  return out;
}
