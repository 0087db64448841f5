import { describe, expect, it } from 'vitest';
import { parseCat } from '../../src/cat/parser.js';
import { InputError } from '../../src/program/errors.js';
import { parsed } from './helpers.js';

function parseError(text: string): string {
  try {
    parseCat(text, 'm.cat');
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return (err as InputError).message;
  }
  throw new Error('expected a parse error');
}

describe('cat precedence', () => {
  it('binds ; tighter than |', () => {
    expect(parsed('a | b ; c')).toBe('(a | (b ; c))');
  });

  it('binds \\ tighter than ; and is left-associative', () => {
    expect(parsed('a ; b \\ c')).toBe('(a ; (b \\ c))');
    expect(parsed('A \\ W \\ F')).toBe('((A \\ W) \\ F)');
  });

  it('binds & tighter than \\, and cartesian * tighter than &', () => {
    expect(parsed('a \\ b & c')).toBe('(a \\ (b & c))');
    expect(parsed('ext & Plain * M')).toBe('(ext & (Plain * M))');
  });

  it('binds prefix ~ tighter than infix *, postfix tighter than ~', () => {
    expect(parsed('~A * B')).toBe('(~A * B)');
    expect(parsed('~r+')).toBe('~r+');
    expect(parsed('r^-1? ; s')).toBe('(r^-1? ; s)');
  });

  it('composes a chain of identities and relations', () => {
    expect(parsed('po ; [UL] ; (co | po) ; [LKW]')).toBe('(((po ; [UL]) ; (co | po)) ; [LKW])');
  });

  it('reads hyphens as part of identifiers', () => {
    expect(parsed('po-loc | w-pre-bounded ; A-cumul(r)')).toBe('(po-loc | (w-pre-bounded ; A-cumul(r)))');
  });
});

describe('postfix or infix *', () => {
  it('is infix before an operand', () => {
    expect(parsed('(Plain * M)')).toBe('(Plain * M)');
    expect(parsed('S * ~T')).toBe('(S * ~T)');
    expect(parsed('(M \\ IW) * Plain')).toBe('((M \\ IW) * Plain)');
    expect(parsed('S * _')).toBe('(S * _)');
  });

  it('is postfix before an operator, a bracket or a keyword', () => {
    expect(parsed('cumul-fence* ; [Marked]')).toBe('(cumul-fence* ; [Marked])');
    expect(parsed('hb* | pb')).toBe('(hb* | pb)');
    expect(parsed('(hb* )')).toBe('hb*');
  });

  it('is postfix at the end of a let followed by another statement', () => {
    const m = parseCat('let xbstar = (hb | pb | rb)*\nlet y = xbstar\n', 'm.cat');
    expect(m.statements).toHaveLength(2);
  });

  it('is postfix before a negated check', () => {
    const m = parseCat('empty r*\n~empty s\n', 'm.cat');
    expect(m.statements.map((s) => s.kind === 'check' && s.negated)).toEqual([false, true]);
  });

  it('is postfix at the end of the file', () => {
    expect(parseCat('acyclic r*', 'm.cat').statements).toHaveLength(1);
  });
});

describe('cat statements', () => {
  it('reads the title, checks, flags and names', () => {
    const m = parseCat(
      '"My model"\nacyclic po as order\nflag ~empty rf\n~irreflexive co as not-irr\n',
      'm.cat',
    );
    expect(m.title).toBe('My model');
    expect(m.statements).toMatchObject([
      { kind: 'check', check: 'acyclic', negated: false, flag: false, name: 'order' },
      { kind: 'check', check: 'empty', negated: true, flag: true, name: undefined },
      { kind: 'check', check: 'irreflexive', negated: true, flag: false, name: 'not-irr' },
    ]);
  });

  it('parses function definitions, let ... and, let rec and includes', () => {
    const m = parseCat(
      'include "lock.cat"\nlet f(a, b) = a | b\nlet g r = r\nlet x = po and y = rf\nlet rec z = po | (z ; po)\n',
      'm.cat',
    );
    expect(m.statements).toMatchObject([
      { kind: 'include', path: 'lock.cat' },
      { kind: 'let', rec: false, bindings: [{ name: 'f', params: ['a', 'b'] }] },
      { kind: 'let', rec: false, bindings: [{ name: 'g', params: ['r'] }] },
      { kind: 'let', rec: false, bindings: [{ name: 'x' }, { name: 'y' }] },
      { kind: 'let', rec: true, bindings: [{ name: 'z' }] },
    ]);
  });

  it('parses let-in, if and try expressions', () => {
    expect(parsed('let y = a in y | b')).toBe('let y = a in (y | b)');
    expect(parsed('if "v" then a else b ; c')).toBe('if "v" then a else (b ; c)');
    expect(parsed('try RL with emptyset')).toBe('try RL with emptyset');
    expect(parsed('0 | {}')).toBe('(0 | {})');
  });

  it('skips comments and show lines, keeps enum and instructions', () => {
    const m = parseCat(
      [
        '// SPDX-License-Identifier: GPL-2.0+',
        '(* outer (* nested *) still comment *)',
        "enum Accesses = 'once (*READ_ONCE*) ||",
        "\t'acquire || 'rcu-lock",
        "instructions R[{'once,'acquire}]",
        'instructions F[Barriers]',
        'show co, rf, fr',
        'show po | rf as com',
        'unshow po',
        'empty po as e',
      ].join('\n'),
      'm.bell',
    );
    expect(m.statements).toMatchObject([
      { kind: 'enum', name: 'Accesses', tags: ['once', 'acquire', 'rcu-lock'] },
      { kind: 'instructions', cls: 'R', args: [{ kind: 'set' }] },
      { kind: 'instructions', cls: 'F', args: [{ kind: 'name', name: 'Barriers' }] },
      { kind: 'check', name: 'e' },
    ]);
  });
});

describe('herd library constructs', () => {
  it('parses ++ between | and ;, right-associative', () => {
    expect(parsed('a | b ++ c ; d')).toBe('(a | (b ++ (c ; d)))');
    expect(parsed('a ++ b ++ 0')).toBe('(a ++ (b ++ 0))');
  });

  it('parses application by juxtaposition, curried and with tuples', () => {
    expect(parsed('map f (S)')).toBe('(map(f))(S)');
    expect(parsed('f e ++ do_map S')).toBe('(f(e) ++ do_map(S))');
    expect(parsed('f(a, b) | g [S]')).toBe('(f(a, b) | g([S]))');
    expect(parsed('call_rec (do_cross (k, o | ys, oss), os)')).toBe('call_rec(do_cross(k, (o | ys), oss), os)');
    expect(parsed('f (a) (b, c)')).toBe('(f(a))((b, c,))');
    expect(parsed('f x+')).toBe('f(x)+');
    // Only functions apply: a set or a literal followed by another is an error.
    expect(parseError('let x = 0 (b)')).toBe("m.cat:1:11: expected a statement, found '('");
  });

  it('parses fun, tuples, explicit sets and tags', () => {
    expect(parsed('fun oss -> do_cross ({}, 0, oss)')).toBe('fun (oss) -> do_cross({}, 0, oss)');
    expect(parsed('fun (a, _) -> a')).toBe('fun (a, _) -> a');
    expect(parsed('(LKW * {e}) & loc')).toBe("((LKW * {e}) & loc)");
    expect(parsed("{'a, 'b}")).toBe("{'a, 'b}");
    expect(parsed('()')).toBe('(,)');
  });

  it('parses match on sets and on tags', () => {
    expect(parsed('match S with || {} -> {} || e ++ S -> f e ++ do_map S end')).toBe(
      'match S with {} -> {} || e ++ S -> (f(e) ++ do_map(S)) end',
    );
    expect(parsed('match S with x ++ xs -> x || {} -> 0 end')).toBe('match S with {} -> 0 || x ++ xs -> x end');
    expect(parsed("match t with 'a -> A || 'b -> B || _ -> 0 end")).toBe("match t with 'a -> A || 'b -> B || _ -> 0 end");
    expect(parseError('let x = match S with a | b ++ c -> a || {} -> 0 end')).toBe(
      "m.cat:1:24: unsupported cat construct 'match clause xs1 | x ++ xs2'",
    );
  });

  it('parses with ... from, let rec of functions and header options', () => {
    const m = parseCat('"Generate co\'s" withoutco\nlet rec f x = g x and g y = f y\nwith co from cross(S)\n', 'cos.cat');
    expect(m.title).toBe("Generate co's");
    expect(m.options).toEqual(['withoutco']);
    expect(m.statements).toMatchObject([
      { kind: 'let', rec: true, bindings: [{ name: 'f', params: ['x'] }, { name: 'g', params: ['y'] }] },
      { kind: 'with', name: 'co', expr: { kind: 'call', callee: 'cross' } },
    ]);
    expect(parseCat('Cross\nlet x = 0', 'cross.cat').statements).toHaveLength(1);
  });
});

describe('cat syntax errors', () => {
  it('reports file, line and column', () => {
    expect(parseError('let x = po\nlet y = po ; ;\n')).toBe("m.cat:2:14: expected an expression, found ';'");
    expect(parseError('let x = (po | rf\n')).toBe("m.cat:2:1: expected ')', found end of file");
    expect(parseError('let x = po ^ 2')).toBe("m.cat:1:12: expected '^-1'");
    expect(parseError('(* never closed')).toBe('m.cat:1:1: unterminated comment');
  });

  it('names unsupported constructs', () => {
    expect(parseError('procedure p() = acyclic po end')).toBe("m.cat:1:1: unsupported cat construct 'procedure'");
    expect(parseError('forall x in S do acyclic po end')).toBe("m.cat:1:1: unsupported cat construct 'forall'");
    expect(parseError('default R[once]')).toBe("m.cat:1:1: unsupported cat construct 'default'");
    expect(parseError('let x = from')).toBe("m.cat:1:9: unsupported cat construct 'from'");
  });
});
