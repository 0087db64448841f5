import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCat } from '../../src/cat/parser.js';
import { declaredAnnotations, HERD_LIBRARY_DIR, herdDialect, loadModel, readHerdConfig } from '../../src/engine/models.js';
import { parseLitmus } from '../../src/litmus/parse.js';
import { InputError } from '../../src/program/errors.js';

const FIXTURES = join(import.meta.dirname, '../fixtures/herd');

describe("herd's model files", () => {
  it('reads a .cfg: model, bell, macros and variants relative to it; ignores display lines', () => {
    expect(readHerdConfig(join(FIXTURES, 'mini.cfg'))).toEqual({
      cat: join(FIXTURES, 'sc.cat'),
      bell: join(FIXTURES, 'mini.bell'),
      def: join(FIXTURES, 'mini.def'),
      variants: ['v1', 'v2'],
    });
    const dir = mkdtempSync(join(tmpdir(), 'memorder-'));
    writeFileSync(join(dir, 'bad.cfg'), 'bell x.bell\n');
    expect(() => readHerdConfig(join(dir, 'bad.cfg'))).toThrow(InputError);
    expect(() => readHerdConfig(join(dir, 'none.cfg'))).toThrow(/cannot read the configuration file/);
  });

  it('loads the herd flavour: stdlib and bell before the cat, annotations from the bell', () => {
    const m = loadModel(readHerdConfig(join(FIXTURES, 'mini.cfg')), ['extra']);
    expect(m.name).toBe('sc.cat');
    expect(m.prelude.map((p) => p.file)).toEqual([join(HERD_LIBRARY_DIR, 'stdlib.cat'), join(FIXTURES, 'mini.bell')]);
    expect([...m.variants].sort()).toEqual(['extra', 'v1', 'v2']);
    expect([...m.herd!.annotations].sort()).toEqual(['acquire', 'before-atomic', 'mb', 'noreturn', 'once', 'release', 'srcu-lock', 'sync-srcu', 'wmb']);
    expect(m.herd!.withco).toBe(false);
    // Without a .def: memorder's flavour, the bell still runs first.
    const plain = loadModel({ cat: join(FIXTURES, 'sc-memorder.cat'), bell: join(FIXTURES, 'mini.bell') });
    expect(plain.herd).toBeUndefined();
    expect(plain.prelude).toHaveLength(1);
  });

  it('collects annotations from enums, tags and sets of tags', () => {
    const bell = parseCat("enum A = 'a || 'b\ninstructions R[A]\ninstructions W[{'c} | 'd]\nenum B = 'e\n", 'b.bell');
    expect(declaredAnnotations(bell).sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(() => declaredAnnotations(parseCat('instructions R[Nope]', 'b.bell'))).toThrow("b.bell:1:16: 'Nope' is not an enum");
  });

  it("derives herd's dialect for a program: annotation sets and observed locations", () => {
    const m = loadModel(readHerdConfig(join(FIXTURES, 'mini.cfg')));
    const p = parseLitmus('C t\n{}\nP0(int *x, int *y) { int r0; r0 = READ_ONCE(*x); }\nlocations [y]\nexists (0:r0=1 /\\ x=1)\n', 't.litmus', {
      macros: m.herd!.macros,
    });
    const env = herdDialect(m, p)!;
    expect(env.observed.sort()).toEqual(['x', 'y']);
    expect(env.annotationSets).toContain('Before-atomic');
    expect(env.annotationSets).toContain('Srcu-lock');
    expect(herdDialect(loadModel('lkmm'), p)).toBeUndefined();
  });
});
