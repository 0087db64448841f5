// The `pairs-with` check: what a scenario's annotations declare
// (`// @barrier gup.pin pairs-with rmap.share`) against what the proof of
// its forbidden outcome uses. For every path to the outcome, `explain`
// finds the minimal sets of barriers that rule it out; barriers of one such
// set on different threads pair with each other. Reported: declared pairs
// the proof never needs, pairs the proof uses that nobody declared, and
// barriers of the scenario that pair with nothing at all.

import type { Explanation, PairingReport } from './explanation.js';

function pair(a: string, b: string): [string, string] {
  return a < b ? [a, b] : [b, a];
}

const key = (p: [string, string]) => `${p[0]}\u0000${p[1]}`;

/**
 * Compares declared partners with the proof. `barriers` are the program's
 * barrier ids with their threads; `partners` the annotation's `pairs-with`
 * of each id.
 */
export function checkPairs(
  explanation: Explanation,
  barriers: { id: string; thread: number }[],
  partners: ReadonlyMap<string, readonly string[]>,
): PairingReport {
  const threadOf = new Map(barriers.map((b) => [b.id, b.thread]));
  const declared = new Map<string, [string, string]>();
  for (const [id, others] of partners) {
    if (!threadOf.has(id)) continue;
    for (const other of others) if (threadOf.has(other)) declared.set(key(pair(id, other)), pair(id, other));
  }
  const used = new Map<string, [string, string]>();
  const inSomeSet = new Set<string>();
  for (const path of explanation.paths) {
    for (const set of path.minimalSets) {
      for (const id of set) inSomeSet.add(id);
      for (const a of set) for (const b of set) if (a < b && threadOf.get(a) !== threadOf.get(b)) used.set(key(pair(a, b)), pair(a, b));
    }
  }
  const sorted = (m: Map<string, [string, string]>) => [...m.values()].sort((x, y) => key(x).localeCompare(key(y)));
  return {
    declared: sorted(declared),
    used: sorted(used),
    unneeded: sorted(new Map([...declared].filter(([k]) => !used.has(k)))),
    undeclared: sorted(new Map([...used].filter(([k]) => !declared.has(k)))),
    unpaired: barriers.map((b) => b.id).filter((id) => !inSomeSet.has(id)),
  };
}
