// What a litmus test is expected to do, in the two forms kernel trees use:
//
// - a `Result:` line in the test's leading comment, as in the kernel's
//   tools/memory-model litmus tests: `Never`, `Sometimes`, `Always`, or
//   `DEADLOCK` (no allowed execution at all), optionally with `DATARACE`
//   (the data-race flag is raised); without DATARACE the flag must not be;
// - a sibling `NAME.litmus.expected` file holding herd7's output: its
//   verdict, its flags and its exact set of final states.
//
// Both are LKMM verdicts. When a test has both, every claim of each is checked.

import { existsSync, readFileSync } from 'node:fs';
import { parseHerdOutput } from './herd-output.js';
import { InputError } from '../program/errors.js';
import type { SourcePos } from '../program/ir.js';
import type { Claim, Expectation } from './cases.js';

const VERDICTS = ['Never', 'Sometimes', 'Always'] as const;

/** The model a litmus expectation speaks of. */
export const LITMUS_EXPECTATION_MODEL = 'lkmm';

/**
 * The claims of the first `Result:` line of a litmus file's text, or
 * undefined when it has none. A value memorder does not know is bad input.
 */
export function resultLineClaims(text: string, file: string): Claim[] | undefined {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*\*?\s*)Result:[ \t]*(.*)$/.exec(lines[i]!);
    if (!m) continue;
    const pos: SourcePos = { file, line: i + 1, col: m[1]!.length + 1 };
    const words = m[2]!.trim().split(/\s+/).filter((w) => w.length > 0);
    const first = words[0] ?? '';
    const claims: Claim[] = [];
    if ((VERDICTS as readonly string[]).includes(first)) claims.push({ kind: 'verdict', verdict: first as (typeof VERDICTS)[number], pos });
    else if (first === 'DEADLOCK') claims.push({ kind: 'deadlock', pos });
    else if (first !== 'DATARACE') {
      throw new InputError(pos, `unknown Result: '${first}' (expected Never, Sometimes, Always or DEADLOCK, optionally followed by DATARACE)`);
    }
    claims.push({ kind: 'flag', flag: 'data-race', raised: words.includes('DATARACE'), pos });
    return claims;
  }
  return undefined;
}

/** The claims of herd7's output in `file` (verdict, flags, final states). */
export function herdOutputClaims(file: string): Claim[] {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const lineOf = (prefix: string) => Math.max(1, lines.findIndex((l) => l.startsWith(prefix)) + 1);
  let herd;
  try {
    herd = parseHerdOutput(text);
  } catch (e) {
    throw new InputError({ file, line: 1, col: 1 }, e instanceof Error ? e.message : String(e));
  }
  const verdictPos: SourcePos = { file, line: lineOf('Observation '), col: 1 };
  const claims: Claim[] = [
    { kind: 'verdict', verdict: herd.verdict, pos: verdictPos },
    { kind: 'states', states: herd.states, pos: { file, line: lineOf('States '), col: 1 } },
  ];
  // herd prints a Flag line for each flag raised; data-race is the one the
  // kernel's model defines, so its absence is a claim too.
  const flags = new Set([...herd.flags, 'data-race']);
  for (const flag of flags) claims.push({ kind: 'flag', flag, raised: herd.flags.includes(flag), pos: verdictPos });
  return claims;
}

/** The sibling herd7 output of a litmus file, if there is one. */
export function herdOutputFile(file: string): string | undefined {
  const f = `${file}.expected`;
  return existsSync(f) ? f : undefined;
}

/** Everything a litmus test is expected to do, or undefined when it states nothing. */
export function litmusExpectation(text: string, file: string): Expectation | undefined {
  const fromResult = resultLineClaims(text, file);
  const herdFile = herdOutputFile(file);
  const fromHerd = herdFile ? herdOutputClaims(herdFile) : undefined;
  if (!fromResult && !fromHerd) return undefined;
  const source = [fromResult ? 'Result: line' : '', fromHerd ? 'herd7 output' : ''].filter(Boolean).join(' + ');
  return { source, claims: [...(fromResult ?? []), ...(fromHerd ?? [])] };
}
