// Prints terms as SMT-LIB 2 text. Building Z3 terms one API call at a time
// costs far more than Z3's parser does (DESIGN.md: 150-290 ms per query for
// large formulas), so assertions go to the solver as text. Shared subterms
// are bound by `let`; every constant declared here stays visible to later
// text given to the same solver.
//
// Integer terms are printed in one of two ways (ValueSort): as SMT-LIB Ints,
// or, for programs that use bitwise operators, as 32-bit bit-vectors (C's
// int) throughout: converting between Int and bit-vectors (int2bv/bv2int)
// made Z3 take seconds on programs of a few dozen events.

import type { Term } from '../logic/term.js';

/** How integer-sorted terms are printed: unbounded Ints, or 32-bit two's-complement bit-vectors. */
export type ValueSort = 'int' | 'bv32';

/** The integer operators that need bit-vectors. */
export const BITWISE_OPS: ReadonlySet<string> = new Set(['band', 'bor', 'bxor', 'bnot', 'shl', 'shr']);

function intLiteral(v: number): string {
  return v < 0 ? `(- ${-v})` : String(v);
}

function bvLiteral(v: number): string {
  return `(_ bv${v >>> 0} 32)`;
}

/** C division truncates toward zero; SMT-LIB's div does not for negative operands. */
function cDiv(a: string, b: string): string {
  return `(ite (= (>= ${a} 0) (>= ${b} 0)) (div (abs ${a}) (abs ${b})) (- (div (abs ${a}) (abs ${b}))))`;
}

export class SmtlibPrinter {
  private readonly declared = new Set<string>();

  constructor(private readonly values: ValueSort = 'int') {}

  /** Text that asserts every root (Bool terms). */
  assertAll(roots: readonly Term[]): string {
    if (roots.length === 0) return '';
    const out: string[] = [];
    // Post-order traversal with reference counts (a term is visited when first counted).
    const refs = new Map<number, number>();
    const order: Term[] = [];
    const stack: Term[] = [];
    const expanded: boolean[] = [];
    for (const r of roots) {
      stack.push(r);
      expanded.push(false);
    }
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (expanded.pop()) {
        order.push(t);
        continue;
      }
      const seen = refs.get(t.id);
      refs.set(t.id, (seen ?? 0) + 1);
      if (seen !== undefined) continue;
      stack.push(t);
      expanded.push(true);
      for (const a of t.args) {
        stack.push(a);
        expanded.push(false);
      }
    }
    const text = new Map<number, string>();
    const height = new Map<number, number>();
    const levels: [string, string][][] = [];
    const deepest = (t: Term): number => {
      let h = 0;
      for (const a of t.args) h = Math.max(h, height.get(a.id)!);
      return h;
    };
    for (const t of order) {
      if (t.op === 'bvar' || t.op === 'ivar' || t.op === 'rank') {
        if (!this.declared.has(t.name!)) {
          this.declared.add(t.name!);
          const sort = t.sort === 'bool' ? 'Bool' : t.op === 'rank' || this.values === 'int' ? 'Int' : '(_ BitVec 32)';
          out.push(`(declare-const ${t.name} ${sort})`);
        }
        text.set(t.id, t.name!);
        height.set(t.id, 0);
        continue;
      }
      const body = this.render(t, (a) => text.get(a.id)!);
      const isLeaf = t.op === 'true' || t.op === 'false' || t.op === 'const';
      if (!isLeaf && refs.get(t.id)! > 1) {
        const name = `t${t.id}`;
        const h = 1 + deepest(t);
        (levels[h] ??= []).push([name, body]);
        text.set(t.id, name);
        height.set(t.id, h);
      } else {
        text.set(t.id, body);
        // An inlined term sits at the height of its deepest bound argument.
        height.set(t.id, deepest(t));
      }
    }
    let formula = roots.length === 1 ? text.get(roots[0]!.id)! : `(and ${roots.map((r) => text.get(r.id)!).join(' ')})`;
    for (let h = levels.length - 1; h >= 1; h--) {
      const bindings = levels[h];
      if (bindings && bindings.length > 0) formula = `(let (${bindings.map(([n, b]) => `(${n} ${b})`).join(' ')}) ${formula})`;
    }
    out.push(`(assert ${formula})`);
    return out.join('\n');
  }

  private render(t: Term, text: (t: Term) => string): string {
    const a = t.args.map(text);
    switch (t.op) {
      case 'true':
        return 'true';
      case 'false':
        return 'false';
      case 'not':
        return `(not ${a[0]})`;
      case 'and':
        return `(and ${a.join(' ')})`;
      case 'or':
        return `(or ${a.join(' ')})`;
      case 'eq':
        return `(= ${a[0]} ${a[1]})`;
      case 'ite':
        return `(ite ${a[0]} ${a[1]} ${a[2]})`;
      case 'before':
        return `(< ${a[0]} ${a[1]})`;
      default:
        return this.values === 'bv32' ? renderBv(t, a) : renderInt(t, a);
    }
  }
}

function renderInt(t: Term, a: string[]): string {
  switch (t.op) {
    case 'lt':
      return `(< ${a[0]} ${a[1]})`;
    case 'le':
      return `(<= ${a[0]} ${a[1]})`;
    case 'const':
      return intLiteral(t.sort === 'int' ? t.value! : 0);
    case 'add':
      return `(+ ${a[0]} ${a[1]})`;
    case 'sub':
      return `(- ${a[0]} ${a[1]})`;
    case 'mul':
      return `(* ${a[0]} ${a[1]})`;
    case 'div':
      return cDiv(a[0]!, a[1]!);
    case 'mod':
      return `(- ${a[0]} (* ${a[1]} ${cDiv(a[0]!, a[1]!)}))`;
    case 'neg':
      return `(- ${a[0]})`;
    case 'b2i':
      return `(ite ${a[0]} 1 0)`;
    default:
      // Bitwise operators are printed in bit-vector mode only (ProgramEncoding chooses it).
      throw new Error(`smtlib: cannot print ${t.op} over Ints`);
  }
}

/** C's int: 32-bit two's complement, signed comparisons, division truncating toward zero. */
function renderBv(t: Term, a: string[]): string {
  const ops: Record<string, string> = {
    lt: 'bvslt',
    le: 'bvsle',
    add: 'bvadd',
    sub: 'bvsub',
    mul: 'bvmul',
    div: 'bvsdiv',
    mod: 'bvsrem',
    band: 'bvand',
    bor: 'bvor',
    bxor: 'bvxor',
    shl: 'bvshl',
    shr: 'bvashr',
    neg: 'bvneg',
    bnot: 'bvnot',
  };
  if (t.op === 'const') return bvLiteral(t.value!);
  if (t.op === 'b2i') return `(ite ${a[0]} ${bvLiteral(1)} ${bvLiteral(0)})`;
  const op = ops[t.op];
  if (!op) throw new Error(`smtlib: cannot print ${t.op}`);
  return `(${op} ${a.join(' ')})`;
}
