// Running verify over files: parse, verify, and turn bad input into an
// error result instead of an exception.

import { readFileSync } from 'node:fs';
import { parseLitmus } from '../litmus/parse.js';
import type { MacroTable } from '../litmus/def.js';
import { InputError } from '../program/errors.js';
import type { Program } from '../program/ir.js';
import type { TestResult } from './result.js';
import { verifyProgram, type VerifyOptions } from './verify.js';

/** Parses a litmus file, with herd's kernel-primitive macros when given (a model's .def). */
export function readProgram(file: string, macros?: MacroTable): Program {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError({ file, line: 1, col: 1 }, 'cannot read file');
  }
  return parseLitmus(text, file, { macros });
}

export async function verifyFile(file: string, opts: VerifyOptions): Promise<TestResult> {
  return verifyProgram(readProgram(file, opts.model.herd?.macros), opts);
}

export { InputError };
