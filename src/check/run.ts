// Running verify over files: parse, verify, and turn bad input into an
// error result instead of an exception.

import { readTextFile } from '../program/text-file.js';
import { parseLitmus } from '../litmus/parse.js';
import type { MacroTable } from '../litmus/def.js';
import { InputError } from '../program/errors.js';
import type { Program } from '../program/ir.js';
import type { TestResult } from '../engine/result.js';
import { verifyProgram, type VerifyOptions } from './verify.js';

/** Parses a litmus file, with herd's kernel-primitive macros when given (a model's .def). */
export function readProgram(file: string, macros?: MacroTable): Program {
  return parseLitmus(readTextFile(file), file, { macros });
}

/**
 * The program a barrier question is about: a litmus test, or one variant of
 * a scenario spec (`fixed` unless `variant` names another).
 */
export async function readQuestionProgram(file: string, variant?: string): Promise<Program> {
  const { SPEC_SUFFIX, specPrograms } = await import('./spec.js');
  if (!file.endsWith(SPEC_SUFFIX)) {
    if (variant) throw new InputError({ file: '<command line>', line: 1, col: 1 }, `--spec-variant applies to ${SPEC_SUFFIX} files only`);
    return readProgram(file);
  }
  const programs = await specPrograms(file);
  const name = variant ?? 'fixed';
  const p = programs.get(name);
  if (!p) throw new InputError({ file, line: 1, col: 1 }, `no variant '${name}' (variants: ${[...programs.keys()].join(', ')})`);
  return p;
}

/** Files a barrier question may take: litmus tests and scenario specs. */
export const QUESTION_SUFFIXES = ['.litmus', '.spec.ts'];

export async function verifyFile(file: string, opts: VerifyOptions): Promise<TestResult> {
  return verifyProgram(readProgram(file, opts.model.herd?.macros), opts);
}

export { InputError };
