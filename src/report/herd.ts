// `verify --herd`: each litmus test's result in herd7's own output format,
// line for line, so that scripts written for herd7 (the kernel's
// tools/memory-model/scripts: judgelitmus.sh greps the `Observation` and
// `Flag` lines) run on memorder's output:
//
//   Test NAME Allowed|Forbidden|Required     (exists, ~exists, forall)
//   States N / one line per final state
//   Ok|No                                    (whether the condition holds)
//   Witnesses / Positive: P Negative: N      (states for and against the condition)
//   Flag NAME                                (one per flag raised)
//   Condition QUANTIFIER (PROP)
//   Observation NAME Always|Sometimes|Never P N   (states with and without PROP)
//   Time NAME SECONDS
//   Hash=HEX
//
// Differences from herd7: Positive/Negative count final states, where
// herd7 counts executions (the same in most tests; herd7's counts are the
// larger where several executions end in one state); Hash is the MD5 of the
// file's text, not of herd7's normal form. An Unknown verdict has no
// herd7 form: its block has no Ok/No and no Observation line (the kernel
// scripts then report a verification error) but a line `Unknown REASON`.

import type { TestResult } from '../engine/result.js';
import { formatState } from './text.js';

const KIND: Record<string, string> = { exists: 'Allowed', '~exists': 'Forbidden', forall: 'Required' };

export function formatHerd(r: TestResult, hash: string): string {
  const quantifier = r.condition.split(' ')[0]!;
  const lines = [`Test ${r.name} ${KIND[quantifier] ?? 'Allowed'}`, `States ${r.states.length}`, ...r.states.map((s) => `${formatState(s)}`)];
  if (r.verdict === 'Unknown') {
    lines.push(`Unknown ${r.reason ?? ''}`.trimEnd());
  } else {
    // The condition's own witnesses: ~exists P holds in the states where P does not.
    const [pro, con] = quantifier === '~exists' ? [r.negative, r.positive] : [r.positive, r.negative];
    const holds = quantifier === 'exists' ? r.positive > 0 : quantifier === '~exists' ? r.positive === 0 : r.negative === 0;
    lines.push(holds ? 'Ok' : 'No', 'Witnesses', `Positive: ${pro} Negative: ${con}`);
    lines.push(...r.flags.map((f) => `Flag ${f}`));
    lines.push(`Condition ${r.condition}`, `Observation ${r.name} ${r.verdict} ${r.positive} ${r.negative}`);
  }
  lines.push(`Time ${r.name} ${(r.timeMs / 1000).toFixed(2)}`, `Hash=${hash}`, '');
  return lines.join('\n');
}
