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
 * Incremental printer: remembers which names the solver already knows, so a
 * later batch only declares and defines what is new.
 */
export class SmtlibPrinter {
  private readonly known = new Set<number>();
  private readonly declared = new Set<string>();

  /** Text that asserts every root (Bool terms). */
  assertAll(roots: readonly Term[]): string {
    const out: string[] = [];
    const exprs = this.prepare(roots, out);
    for (const r of roots) out.push(`(assert ${exprs(r)})`);
    return out.join('\n');
  }

  /** Declarations/definitions needed for `roots`, then a function printing each root. */
  private prepare(roots: readonly Term[], out: string[]): (t: Term) => string {
    // Count references among the terms not yet known to the solver.
    const refs = new Map<number, number>();
    const order: Term[] = [];
    const stack: [Term, boolean][] = roots.map((r) => [r, false]);
    const visited = new Set<number>();
    while (stack.length > 0) {
      const [t, expanded] = stack.pop()!;
      if (expanded) {
        order.push(t);
        continue;
      }
      refs.set(t.id, (refs.get(t.id) ?? 0) + 1);
      if (visited.has(t.id) || this.known.has(t.id)) continue;
      visited.add(t.id);
      stack.push([t, true]);
      for (const a of t.args) stack.push([a, false]);
    }
    const inline = new Map<number, string>();
    const text = (t: Term): string => {
      if (this.known.has(t.id)) return nameOf(t);
      const s = inline.get(t.id);
      if (s === undefined) throw new Error(`smtlib: term ${t.id} printed before its arguments`);
      return s;
    };
    for (const t of order) {
      if (t.op === 'bvar' || t.op === 'ivar') {
        if (!this.declared.has(t.name!)) {
          this.declared.add(t.name!);
          out.push(`(declare-const ${t.name} ${t.sort === 'bool' ? 'Bool' : 'Int'})`);
        }
        this.known.add(t.id);
        continue;
      }
      const body = this.render(t, text);
      const isLeaf = t.op === 'true' || t.op === 'false' || t.op === 'const';
      if (!isLeaf && (refs.get(t.id) ?? 0) > 1) {
        out.push(`(define-fun ${nameOf(t)} () ${t.sort === 'bool' ? 'Bool' : 'Int'} ${body})`);
        this.known.add(t.id);
      } else {
        inline.set(t.id, body);
      }
    }
    return text;
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

function nameOf(t: Term): string {
  if (t.op === 'bvar' || t.op === 'ivar') return t.name!;
  return `t${t.id}`;
}
