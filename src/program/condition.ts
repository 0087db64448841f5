// A test's final condition as herd7 writes it in its `Condition` line:
// `exists (0:r0=0 /\ 1:r0=0)`, memory as `[x]`, `not (...)`, /\ binding
// tighter than \/, => loosest; a test without one reads `forall (true)`.

import type { CondValue, Observable, Program, Prop, Quantifier } from './ir.js';

const QUANTIFIER: Record<Quantifier, string> = { exists: 'exists', 'not-exists': '~exists', forall: 'forall' };

function observable(o: Observable): string {
  return o.kind === 'reg' ? `${o.thread}:${o.reg}` : `[${o.name}]`;
}

function value(v: CondValue | Observable): string {
  if (v.kind === 'const') return String(v.value);
  if (v.kind === 'addr') return v.name;
  return observable(v);
}

/** Binding strength: an operand looser than its operator is bracketed. */
const STRENGTH = { implies: 1, or: 2, and: 3 } as const;

function prop(p: Prop, outer: number): string {
  const bracket = (text: string, strength: number) => (strength < outer ? `(${text})` : text);
  switch (p.kind) {
    case 'true':
    case 'false':
      return p.kind;
    case 'eq':
      return `${observable(p.left)}=${value(p.right)}`;
    case 'not':
      return `not (${prop(p.arg, 0)})`;
    case 'and':
      return bracket(p.args.map((a) => prop(a, STRENGTH.and + 1)).join(' /\\ '), STRENGTH.and);
    case 'or':
      return bracket(p.args.map((a) => prop(a, STRENGTH.or + 1)).join(' \\/ '), STRENGTH.or);
    case 'implies':
      return bracket(`${prop(p.left, STRENGTH.implies + 1)} => ${prop(p.right, STRENGTH.implies + 1)}`, STRENGTH.implies);
  }
}

export function formatCondition(program: Pick<Program, 'condition'>): string {
  const c = program.condition;
  if (!c) return 'forall (true)';
  return `${QUANTIFIER[c.quantifier]} (${prop(c.prop, 0)})`;
}
