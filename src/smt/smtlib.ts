// Prints terms as SMT-LIB 2 text. Building Z3 terms one API call at a time
// costs far more than Z3's parser does (DESIGN.md: 150-290 ms per query for
// large formulas), so assertions go to the solver as text. Shared subterms
// become `define-fun` macros; every name declared or defined here stays
// visible to later text given to the same solver.

import type { Term } from '../logic/term.js';

const INT32 = 4294967296;

function intLiteral(v: number): string {
  return v < 0 ? `(- ${-v})` : String(v);
}

/** Signed 32-bit view of a bit-vector result, matching JavaScript's `& | ^ << >>`. */
function bitwise(op: string, a: string, b: string): string {
  const bv = (x: string) => `((_ int2bv 32) ${x})`;
  const u = `(bv2int (${op} ${bv(a)} ${bv(b)}))`;
  return `(let ((u ${u})) (ite (>= u 2147483648) (- u ${INT32}) u))`;
}

/** C division truncates toward zero; SMT-LIB's div does not for negative operands. */
function cDiv(a: string, b: string): string {
  return `(ite (= (>= ${a} 0) (>= ${b} 0)) (div (abs ${a}) (abs ${b})) (- (div (abs ${a}) (abs ${b}))))`;
}

/**
 * Prints batches of assertions. Constants are declared once per solver and
 * stay known; compound subterms shared inside a batch are bound by `let`
 * (grouped by height, since the bindings of one `let` are parallel), so Z3
 * keeps the sharing without storing a macro per node (`define-fun`s slow
 * down every later model extraction of the context).
 */
export class SmtlibPrinter {
  private readonly declared = new Set<string>();

  /** Text that asserts every root (Bool terms). */
  assertAll(roots: readonly Term[]): string {
    if (roots.length === 0) return '';
    const out: string[] = [];
    // Post-order traversal with reference counts.
    const refs = new Map<number, number>();
    const order: Term[] = [];
    const visited = new Set<number>();
    const stack: [Term, boolean][] = roots.map((r) => [r, false]);
    while (stack.length > 0) {
      const [t, expanded] = stack.pop()!;
      if (expanded) {
        order.push(t);
        continue;
      }
      refs.set(t.id, (refs.get(t.id) ?? 0) + 1);
      if (visited.has(t.id)) continue;
      visited.add(t.id);
      stack.push([t, true]);
      for (const a of t.args) stack.push([a, false]);
    }
    const text = new Map<number, string>();
    const height = new Map<number, number>();
    const levels: [string, string][][] = [];
    for (const t of order) {
      if (t.op === 'bvar' || t.op === 'ivar') {
        if (!this.declared.has(t.name!)) {
          this.declared.add(t.name!);
          out.push(`(declare-const ${t.name} ${t.sort === 'bool' ? 'Bool' : 'Int'})`);
        }
        text.set(t.id, t.name!);
        height.set(t.id, 0);
        continue;
      }
      const body = this.render(t, (a) => text.get(a.id)!);
      const h = 1 + Math.max(0, ...t.args.map((a) => height.get(a.id)!));
      const isLeaf = t.op === 'true' || t.op === 'false' || t.op === 'const';
      if (!isLeaf && (refs.get(t.id) ?? 0) > 1) {
        const name = `t${t.id}`;
        (levels[h] ??= []).push([name, body]);
        text.set(t.id, name);
        height.set(t.id, h);
      } else {
        text.set(t.id, body);
        // An inlined term sits at the height of its deepest bound argument.
        height.set(t.id, Math.max(0, ...t.args.map((a) => height.get(a.id)!)));
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
      case 'band':
        return bitwise('bvand', a[0]!, a[1]!);
      case 'bor':
        return bitwise('bvor', a[0]!, a[1]!);
      case 'bxor':
        return bitwise('bvxor', a[0]!, a[1]!);
      case 'shl':
        return bitwise('bvshl', a[0]!, a[1]!);
      case 'shr':
        return bitwise('bvashr', a[0]!, a[1]!);
      case 'neg':
        return `(- ${a[0]})`;
      case 'bnot':
        return `(- (- ${a[0]}) 1)`;
      case 'ite':
        return `(ite ${a[0]} ${a[1]} ${a[2]})`;
      case 'b2i':
        return `(ite ${a[0]} 1 0)`;
      default:
        throw new Error(`smtlib: cannot print ${t.op}`);
    }
  }
}

