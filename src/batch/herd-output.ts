// Reads herd7's output for a test (the `NAME.litmus.expected` files beside
// litmus tests): the reachable final states and the observation verdict.

import { canonicalSymbols, type FinalState } from '../engine/result.js';

export interface HerdOutput {
  name: string;
  states: FinalState[];
  verdict: 'Never' | 'Sometimes' | 'Always';
  positive: number;
  negative: number;
  flags: string[];
}

/** Parses one state line: `0:r1=0; 1:r1=x; [x]=1;`. */
export function parseHerdState(line: string): FinalState {
  const state: FinalState = {};
  for (const part of line.split(';')) {
    const t = part.trim();
    if (!t) continue;
    const eq = t.indexOf('=');
    let key = t.slice(0, eq).trim();
    const raw = t.slice(eq + 1).trim();
    if (key.startsWith('[') && key.endsWith(']')) key = key.slice(1, -1);
    state[key] = /^-?\d+$/.test(raw) ? Number(raw) : raw;
  }
  // herd numbers symbols by its own variables (S8, S23): compared up to renaming.
  return canonicalSymbols(state);
}

export function parseHerdOutput(text: string): HerdOutput {
  const lines = text.split('\n');
  const name = /^Test (\S+)/m.exec(text)?.[1] ?? '';
  const states: FinalState[] = [];
  const at = lines.findIndex((l) => l.startsWith('States '));
  if (at >= 0) {
    const count = Number(lines[at]!.slice(7));
    for (let i = 1; i <= count; i++) states.push(parseHerdState(lines[at + i]!));
  }
  const obs = /^Observation \S+ (Never|Sometimes|Always) (\d+) (\d+)/m.exec(text);
  if (!obs) throw new Error('no Observation line in herd output');
  const flags = [...text.matchAll(/^Flag (\S+)/gm)].map((m) => m[1]!);
  return {
    name,
    states,
    verdict: obs[1] as HerdOutput['verdict'],
    positive: Number(obs[2]),
    negative: Number(obs[3]),
    flags,
  };
}
