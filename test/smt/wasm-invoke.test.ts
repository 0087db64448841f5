// z3-solver's C++ exception trampolines as WebAssembly (src/smt/wasm-invoke.ts):
// the helper module is valid for every Emscripten signature, Z3 runs on it,
// and a C++ exception inside Z3 (its SMT-LIB parser reports errors by
// throwing) is caught where Z3 catches it, leaving the solver usable.
import { afterAll, describe, expect, it } from 'vitest';
import { boolVar, not } from '../../src/logic/term.js';
import { SmtSession } from '../../src/smt/session.js';
import { trampolineModule, wasmTrampolines } from '../../src/smt/wasm-invoke.js';
import { shutdownZ3, z3 } from '../../src/smt/z3.js';

describe('wasm trampolines', () => {
  afterAll(shutdownZ3);

  it('build a valid module for void, i32, i64, f32 and f64 signatures', () => {
    const sigs = ['v', 'vi', 'iii', 'jiij', 'viji', 'fii', 'diid', 'viifiiii'];
    const bytes = trampolineModule(sigs);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const names = WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => e.name);
    expect(names).toEqual([...sigs.map((s) => `invoke_${s}`), 'table', 'runtime']);
  });

  it('leave imports without invoke_ functions alone, and refuse an instance without a function table', () => {
    expect(wasmTrampolines({ env: { f: () => 0 } })).toBeUndefined();
    const thrower = () => {};
    const t = wasmTrampolines({ env: { invoke_vi: () => {}, __cxa_throw: thrower, __cxa_rethrow: thrower, __resumeException: thrower } });
    expect(t).toBeDefined();
    expect(typeof t!.imports['env']!['invoke_vi']).toBe('function');
    expect(t!.imports['env']!['invoke_vi']).not.toBe(thrower);
    const empty = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0])));
    expect(t!.connect(empty)).toBe(false);
  });

  it('carry Z3, and a C++ exception thrown and caught inside Z3 leaves the solver usable', async () => {
    expect((await z3()).wasmTrampolines).toBe(true);
    const session = await SmtSession.create();
    const a = boolVar('a');
    session.add([a]);
    // The SMT-LIB parser throws (C++) on an unknown symbol and reports it as Z3's error.
    expect(() => session.add([boolVar('1bad name')])).toThrow(/z3 cannot read the encoding/);
    expect(await session.check()).toBe('sat');
    expect(session.model().bool('a')).toBe(true);
    session.dispose();
    const next = await SmtSession.create();
    next.add([boolVar('b'), not(boolVar('b'))]);
    expect(await next.check()).toBe('unsat');
    next.dispose();
  });
});
