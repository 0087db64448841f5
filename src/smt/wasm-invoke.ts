// C++ exception trampolines for z3-solver's WebAssembly build, in
// WebAssembly.
//
// The build implements C++ exceptions in JavaScript (Emscripten without
// native Wasm exceptions): every call that may throw leaves the module for a
// JS import `invoke_<sig>(index, ...args)`, which calls the table entry
// `index` back inside a try/catch. Z3 makes such calls all the time, and the
// two crossings (Wasm to JS, JS to Wasm through V8's generic wrapper) took
// about a fifth of the CPU of a verify run over ../shared/litmus, though no
// exception was ever thrown.
//
// This module builds the same trampolines as a small Wasm module, so the
// calls stay inside WebAssembly:
//
//     sp = stackSave()
//     try { return table[index](...args) }
//     catch_all {
//       stackRestore(sp)
//       if (!cxxExceptionPending()) rethrow   // not a C++ exception
//       setThrew(1, 0); return 0
//     }
//
// which is what Emscripten's JS trampolines do. A JS exception carries no
// payload a Wasm `catch_all` can look at, so the imports that throw C++
// exceptions (`__cxa_throw` and friends) are wrapped to note that the
// exception in flight is one; any other error (an abort, a JS bug) is
// rethrown untouched, as before.
//
// The trampolines need the module's function table, which exists only once
// the module is instantiated, and they must be imports of that very
// instantiation. So the helper owns a table of its own, filled with the main
// table's entries right after instantiation and kept equal to it (`set` and
// `grow` through JS are mirrored; Emscripten changes the table only through
// them). The stack and setThrew functions, exports of the main module, sit
// in a second table of three slots.
//
// Everything here is an optimisation: if the import object or the module's
// exports do not look as expected, the original imports are used.

type WasmImports = Record<string, Record<string, unknown>>;

/** Imports that throw C++ exceptions (as CppException objects). */
const THROWING_IMPORTS = ['__cxa_throw', '__cxa_rethrow', '__resumeException'];
/** Exports of the main module the trampolines call. */
const RUNTIME_EXPORTS = ['emscripten_stack_get_current', '_emscripten_stack_restore', 'setThrew'] as const;

const VALUE_TYPES: Record<string, number> = { i: 0x7f, j: 0x7e, f: 0x7d, d: 0x7c };

/** An installed set of trampolines, to be connected to the main instance. */
export interface WasmTrampolines {
  /** The import object to instantiate the main module with. */
  imports: WasmImports;
  /**
   * Connects the trampolines to the instantiated main module; returns false
   * (and the instance must not be used) if it lacks what they need.
   */
  connect(instance: WebAssembly.Instance): boolean;
}

/**
 * Wasm trampolines replacing the `invoke_*` imports of `imports.env`;
 * undefined when there are none or a signature is not one of Emscripten's.
 */
export function wasmTrampolines(imports: WasmImports): WasmTrampolines | undefined {
  const env = imports['env'];
  if (!env) return undefined;
  const sigs = Object.keys(env)
    .filter((k) => k.startsWith('invoke_') && typeof env[k] === 'function')
    .map((k) => k.slice('invoke_'.length));
  if (sigs.length === 0) return undefined;
  if (!sigs.every((s) => /^[vijfd][ijfd]*$/.test(s))) return undefined;
  if (!THROWING_IMPORTS.every((k) => typeof env[k] === 'function')) return undefined;

  let pending = false;
  const cxxExceptionPending = (): number => {
    const was = pending;
    pending = false;
    return was ? 1 : 0;
  };
  let helper: WebAssembly.Instance;
  try {
    helper = new WebAssembly.Instance(new WebAssembly.Module(trampolineModule(sigs)), { env: { cxxExceptionPending } });
  } catch {
    return undefined; // e.g. a runtime without Wasm exception handling
  }
  const newEnv: Record<string, unknown> = { ...env };
  for (const s of sigs) newEnv[`invoke_${s}`] = helper.exports[`invoke_${s}`];
  for (const k of THROWING_IMPORTS) {
    const original = env[k] as (...args: unknown[]) => unknown;
    newEnv[k] = (...args: unknown[]) => {
      try {
        return original(...args);
      } catch (e) {
        pending = typeof e === 'object' && e !== null && 'excPtr' in e;
        throw e;
      }
    };
  }

  return {
    imports: { ...imports, env: newEnv },
    connect(instance) {
      const mainTable = instance.exports['__indirect_function_table'];
      if (!(mainTable instanceof WebAssembly.Table)) return false;
      const runtime = RUNTIME_EXPORTS.map((k) => instance.exports[k]);
      if (!runtime.every((f) => typeof f === 'function')) return false;
      const table = helper.exports['table'] as WebAssembly.Table;
      const rt = helper.exports['runtime'] as WebAssembly.Table;
      runtime.forEach((f, i) => rt.set(i, f));
      mirrorTable(mainTable, table);
      return true;
    },
  };
}

/** Fills `copy` with `main`'s entries and keeps it so through `set` and `grow`. */
function mirrorTable(main: WebAssembly.Table, copy: WebAssembly.Table): void {
  const { get, set, grow } = WebAssembly.Table.prototype;
  if (copy.length < main.length) copy.grow(main.length - copy.length);
  copyTable(main, copy);
  Object.defineProperty(main, 'set', {
    configurable: true,
    value: (i: number, f: unknown) => {
      set.call(main, i, f);
      set.call(copy, i, get.call(main, i));
    },
  });
  Object.defineProperty(main, 'grow', {
    configurable: true,
    value: (n: number, f?: unknown) => {
      const old = f === undefined ? grow.call(main, n) : grow.call(main, n, f);
      grow.call(copy, main.length - copy.length);
      for (let i = old; i < main.length; i++) set.call(copy, i, get.call(main, i));
      return old;
    },
  });
}

/**
 * Copies every entry of `from` into `to` (as long) with WebAssembly's
 * table.copy: reading the entries through JS would make a JS function
 * object for each of Z3's 23,781 (≈50 ms).
 */
function copyTable(from: WebAssembly.Table, to: WebAssembly.Table): void {
  const tableImport = (name: string) => [...str('t'), ...str(name), IMPORT_TABLE, FUNCREF, NO_MAX, 0];
  // copy(n): to[0..n) = from[0..n), i.e. table.copy to(1) from(0).
  const code = [...vec([]), OP.i32Const, 0, OP.i32Const, 0, OP.localGet, 0, ...OP.tableCopy, 1, 0, OP.end];
  const bytes = new Uint8Array([
    ...MAGIC_VERSION,
    ...section(1, vec([funcType('i', 'v')])),
    ...section(2, vec([tableImport('from'), tableImport('to')])),
    ...section(3, vec([uleb(0)])),
    ...section(7, vec([[...str('copy'), EXPORT_FUNC, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ]);
  const copier = new WebAssembly.Instance(new WebAssembly.Module(bytes), { t: { from, to } });
  (copier.exports['copy'] as (n: number) => void)(from.length);
}

// --- Binary encoding of the small modules above ---------------------------

const MAGIC_VERSION = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const FUNCREF = 0x70;
const NO_MAX = 0x00;
const IMPORT_FUNC = 0x00;
const IMPORT_TABLE = 0x01;
const EXPORT_FUNC = 0x00;
const EXPORT_TABLE = 0x01;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

/** A function type from Emscripten signature letters: `params` (i, j, f, d), `result` (those or v). */
function funcType(params: string, result: string): number[] {
  const types = (letters: string) => vec([...letters].map((c) => [VALUE_TYPES[c]!]));
  return [0x60, ...types(params), ...types(result === 'v' ? '' : result)];
}

function str(s: string): number[] {
  const bytes = [...Buffer.from(s, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

const OP = {
  call: 0x10,
  callIndirect: 0x11,
  try: 0x06,
  catchAll: 0x19,
  rethrow: 0x09,
  if: 0x04,
  end: 0x0b,
  localGet: 0x20,
  localSet: 0x21,
  i32Eqz: 0x45,
  i32Const: 0x41,
  i64Const: 0x42,
  f32Const: 0x43,
  f64Const: 0x44,
  emptyBlock: 0x40,
  tableCopy: [0xfc, 14],
} as const;

const ZERO: Record<string, number[]> = {
  i: [OP.i32Const, 0],
  j: [OP.i64Const, 0],
  f: [OP.f32Const, 0, 0, 0, 0],
  d: [OP.f64Const, 0, 0, 0, 0, 0, 0, 0, 0],
};

/**
 * The helper module: imports `env.cxxExceptionPending`, exports
 * `invoke_<sig>` for every signature, the table `table` (the main table's
 * mirror) and the table `runtime` (stackSave, stackRestore, setThrew).
 */
export function trampolineModule(sigs: readonly string[]): Uint8Array<ArrayBuffer> {
  const types: number[][] = [];
  const typeIndex = new Map<string, number>();
  const type = (params: string, result: string): number => {
    const key = `${params}:${result}`;
    let i = typeIndex.get(key);
    if (i === undefined) {
      i = types.length;
      typeIndex.set(key, i);
      types.push(funcType(params, result));
    }
    return i;
  };
  const pendingType = type('', 'i');
  const stackSaveType = pendingType;
  const stackRestoreType = type('i', 'v');
  const setThrewType = type('ii', 'v');
  const TABLE = 0;
  const RUNTIME = 1;

  const functions: number[] = [];
  const bodies: number[][] = [];
  for (const sig of sigs) {
    const result = sig[0]!;
    const params = sig.slice(1);
    functions.push(type(`i${params}`, result));
    const callee = type(params, result);
    const sp = params.length + 1;
    const code: number[] = [
      OP.i32Const, 0, OP.callIndirect, ...uleb(stackSaveType), RUNTIME,
      OP.localSet, ...uleb(sp),
      OP.try, result === 'v' ? OP.emptyBlock : VALUE_TYPES[result]!,
      ...[...params].flatMap((_, i) => [OP.localGet, ...uleb(i + 1)]),
      OP.localGet, 0,
      OP.callIndirect, ...uleb(callee), TABLE,
      OP.catchAll,
      OP.localGet, ...uleb(sp), OP.i32Const, 1, OP.callIndirect, ...uleb(stackRestoreType), RUNTIME,
      OP.call, 0, OP.i32Eqz, OP.if, OP.emptyBlock, OP.rethrow, 1, OP.end,
      OP.i32Const, 1, OP.i32Const, 0, OP.i32Const, 2, OP.callIndirect, ...uleb(setThrewType), RUNTIME,
      ...(result === 'v' ? [] : ZERO[result]!),
      OP.end,
      OP.end,
    ];
    const locals = vec([[1, VALUE_TYPES['i']!]]);
    const body = [...locals, ...code];
    bodies.push([...uleb(body.length), ...body]);
  }

  return new Uint8Array([
    ...MAGIC_VERSION,
    ...section(1, vec(types)),
    ...section(2, vec([[...str('env'), ...str('cxxExceptionPending'), IMPORT_FUNC, ...uleb(pendingType)]])),
    ...section(3, vec(functions.map((t) => uleb(t)))),
    ...section(4, vec([[FUNCREF, NO_MAX, 0], [FUNCREF, NO_MAX, RUNTIME_EXPORTS.length]])),
    ...section(
      7,
      vec([
        ...sigs.map((s, i) => [...str(`invoke_${s}`), EXPORT_FUNC, ...uleb(i + 1)]),
        [...str('table'), EXPORT_TABLE, TABLE],
        [...str('runtime'), EXPORT_TABLE, RUNTIME],
      ]),
    ),
    ...section(10, vec(bodies)),
  ]);
}
