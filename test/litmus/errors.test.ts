import { describe, expect, it } from 'vitest';
import { parseLitmus } from '../../src/litmus/parse.js';
import { InputError } from '../../src/program/errors.js';

/** Parses `text` and returns the InputError message (fails if parsing succeeds or throws something else). */
function errorOf(text: string, file = 'bad.litmus'): string {
  try {
    parseLitmus(text, file);
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as InputError).message;
  }
  throw new Error('expected an InputError');
}

/** A one-thread test with `code` as P0's body (body starts on line 5). */
function withBody(code: string, condition = 'exists (x=1)'): string {
  return `C bad\n{}\nP0(int *x, int *y)\n{\n${code}\n}\n${condition}\n`;
}

describe('parse errors carry file:line:col', () => {
  it('missing semicolon', () => {
    expect(errorOf(withBody('\tWRITE_ONCE(*x, 1)'))).toBe("bad.litmus:6:1: unexpected token '}' (expected ';')");
    expect(errorOf(withBody('\tint r1\n\tr1 = 1;'))).toBe("bad.litmus:6:2: unexpected token 'r1' (expected ';')");
  });

  it('missing semicolon in the init block', () => {
    expect(errorOf('C bad\n{ int x = 1 int y; }\nP0(int *x) {}\nexists (x=1)\n')).toBe(
      "bad.litmus:2:13: unexpected token 'int' (expected ';')",
    );
  });

  it('unknown primitive, e.g. kfree', () => {
    expect(errorOf(withBody('\tr1 = READ_ONCE(*x);\n\tkfree(x);'))).toBe("bad.litmus:6:2: unknown primitive 'kfree'");
    expect(errorOf(withBody('\tr1 = foo(*x) + 1;'))).toBe("bad.litmus:5:7: unknown primitive 'foo'");
  });

  it('unterminated comments', () => {
    expect(errorOf('C bad\n(* Result: Never\n{}\nP0(int *x) {}\nexists (x=1)\n')).toBe(
      "bad.litmus:2:1: unterminated comment (missing '*)')",
    );
    expect(errorOf(withBody('\tWRITE_ONCE(*x, 1); /* oops'))).toBe("bad.litmus:5:21: unterminated comment (missing '*/')");
    expect(errorOf(withBody('\tWRITE_ONCE(*x, 1);', 'exists (x=1) (* bad outcome'))).toBe(
      "bad.litmus:7:14: unterminated comment (missing '*)')",
    );
  });

  it('bad conditions', () => {
    expect(errorOf(withBody('', 'exists (0:r1=)'))).toBe(
      "bad.litmus:7:14: unexpected token ')' (expected a value (an integer, a location or 'N:reg'))",
    );
    expect(errorOf(withBody('', 'exists (x=1 /\\ )'))).toBe(
      "bad.litmus:7:16: unexpected token ')' (expected a condition (e.g. '0:r1=1' or 'x=2'))",
    );
    expect(errorOf(withBody('', 'exists (x=1'))).toBe("bad.litmus:8:1: unexpected end of file (expected ')')");
    expect(errorOf(withBody('', 'exists (0:r1 1)'))).toBe("bad.litmus:7:14: unexpected token '1' (expected '=' or '!=')");
    expect(errorOf(withBody('', 'exists (3:r1=1)'))).toBe('bad.litmus:7:9: no thread P3 in this test');
    expect(errorOf(withBody('', 'exist (x=1)'))).toBe(
      "bad.litmus:7:1: unexpected token 'exist' (expected 'exists', '~exists', 'forall', 'locations' or 'filter')",
    );
    expect(errorOf(withBody('', 'exists (x=1) x=2'))).toBe("bad.litmus:7:14: unexpected token 'x' (expected end of file)");
  });

  it('unsupported constructs and misuse of primitives', () => {
    expect(errorOf(withBody('\tswitch (r) { }'))).toBe("bad.litmus:5:2: unsupported construct 'switch'");
    expect(errorOf(withBody('\tgoto out;'))).toBe("bad.litmus:5:2: 'goto out': no such label");
    expect(errorOf(withBody('\tif (r) { in: r = 1; }\n\tgoto in;'))).toBe(
      "bad.litmus:6:2: 'goto in': no label 'in' after it in this or an enclosing block",
    );
    expect(errorOf(withBody('\tagain: r = 1;\n\twhile (r) { goto again; }'))).toBe(
      "bad.litmus:6:14: unsupported construct: 'goto again' back out of a loop",
    );
    expect(errorOf(withBody('\tcontinue;'))).toBe("bad.litmus:5:2: 'continue' outside a loop");
    expect(errorOf(withBody('\tr = smp_mb();'))).toBe("bad.litmus:5:6: 'smp_mb' does not return a value");
    expect(errorOf(withBody('\tr = atomic_inc(x) + 1;'))).toBe("bad.litmus:5:6: 'atomic_inc' does not return a value");
    expect(errorOf(withBody('\tWRITE_ONCE(*x);'))).toBe("bad.litmus:5:2: 'WRITE_ONCE' expects 2 arguments, got 1");
    expect(errorOf(withBody('\tr = READ_ONCE(x);'))).toBe("bad.litmus:5:16: 'READ_ONCE' expects an argument of the form '*p'");
    expect(errorOf(withBody('\tx = 1;'))).toBe(
      "bad.litmus:5:2: cannot assign to parameter 'x' (write '*x = ...' to store to it)",
    );
    expect(errorOf(withBody('\tint x;'))).toBe(
      "bad.litmus:5:6: local variable 'x' shadows the parameter of the same name",
    );
    expect(errorOf(withBody('\tbreak;'))).toBe("bad.litmus:5:2: 'break' outside a loop");
    expect(errorOf(withBody('\tr = a ? 1 : 2;'))).toBe("bad.litmus:5:8: unsupported construct '?:'");
    expect(errorOf(withBody('\tr = x->next;'))).toBe("bad.litmus:5:7: unsupported construct '->'");
  });

  it('bad header, init block and threads', () => {
    expect(errorOf('X86 bad\n{}\n')).toBe(
      "bad.litmus:1:1: expected a 'C <name>' header line, found 'X86' (only C litmus tests are supported)",
    );
    expect(errorOf('C bad\nP0(int *x) {}\n')).toBe("bad.litmus:2:1: unexpected token 'P0' (expected '{' (the initial state))");
    expect(errorOf('C bad\n{}\nexists (x=1)\n')).toBe("bad.litmus:3:1: unexpected token 'exists' (expected a thread 'P0(...)')");
    expect(errorOf('C bad\n{}\nP1(int *x) {}\nexists (x=1)\n')).toBe('bad.litmus:3:1: expected thread P0, found \'P1\'');
    expect(errorOf('C bad\n{}\nP0(int x) {}\nexists (x=1)\n')).toBe(
      "bad.litmus:3:8: thread parameter 'x' must be a pointer to a shared location (e.g. 'int *x')",
    );
    expect(errorOf('C bad\n{ int x; int x = 1; }\nP0(int *x) {}\nexists (x=1)\n')).toBe(
      "bad.litmus:2:14: location 'x' is initialised twice",
    );
    expect(errorOf('C bad\n{ 2:r1 = 1; }\nP0(int *x) {}\nexists (x=1)\n')).toBe(
      'bad.litmus:2:3: initial value for 2:r1, but there is no thread P2',
    );
    expect(errorOf('C bad\n{ struct foo f; }\nP0(int *x) {}\nexists (x=1)\n')).toBe(
      "bad.litmus:2:3: unsupported type 'struct foo'",
    );
    expect(errorOf('C bad\n{ int x = @; }\nP0(int *x) {}\nexists (x=1)\n')).toBe("bad.litmus:2:11: unexpected character '@'");
  });
});
