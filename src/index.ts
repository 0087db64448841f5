// The `memorder` package's programmatic API (`import ... from 'memorder'`);
// the kernel-primitive library for reference implementations is
// `memorder/kernel`.

export { checkSpecFile, compileSpec, specPrograms, type SpecOptions, type SpecResult, type SpecRow } from './check/spec.js';
export { verifyFile, readProgram } from './check/run.js';
export { verifyProgram, type VerifyOptions } from './check/verify.js';
export { loadModel, builtinModels } from './engine/models.js';
export type { TestResult, Verdict, Witness, WitnessEvent } from './engine/result.js';
export type { Program, SourcePos } from './program/ir.js';
export { InputError } from './program/errors.js';
export { applyEdits, barrierOf, dropBarrier, setBarrierKind, weakenBarrier, type ProgramEdit } from './program/edit.js';
export { barriersOf, type Barrier } from './program/barriers.js';
