// SARIF 2.1.0 for `memorder ci --sarif FILE`, the format code-scanning
// services read: each case that did not pass is a result located at the
// barrier or the condition it concerns, with the witness execution's events
// (and the expectation's own line) as related locations. Files that could
// not be read are results too.

import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { caseLabel, type CheckCase } from '../batch/cases.js';
import type { CiRun } from '../batch/ci.js';
import type { SourcePos } from '../program/ir.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

const RULES = [
  { id: 'memorder/mismatch', name: 'ExpectationMismatch', text: 'The verdict or flags differ from the expected ones.' },
  { id: 'memorder/unknown', name: 'Undecided', text: 'memorder could not decide the verdict (timeout, loop bound, unsupported construct).' },
  { id: 'memorder/input', name: 'InputError', text: 'The file could not be read or parsed.' },
] as const;

type RuleId = (typeof RULES)[number]['id'];

/** A path segment as a URI path segment: spaces and the like escaped, `+` kept. */
const encodeSegment = (s: string) => encodeURI(s).replace(/[?#]/g, encodeURIComponent);

/** A path as a SARIF artifact location: relative to the working directory when inside it. */
function artifact(file: string, root: string): { uri: string; uriBaseId?: string } {
  const abs = resolve(file);
  const rel = relative(root, abs);
  if (rel && !rel.startsWith('..') && !isAbsolute(rel)) {
    return { uri: rel.split(sep).map(encodeSegment).join('/'), uriBaseId: 'SRCROOT' };
  }
  return { uri: pathToFileURL(abs).href };
}

function physical(pos: SourcePos, root: string) {
  return { artifactLocation: artifact(pos.file, root), region: { startLine: Math.max(1, pos.line), startColumn: Math.max(1, pos.col) } };
}

function result(ruleId: RuleId, text: string, pos: SourcePos, root: string, related: { pos: SourcePos; message: string }[] = []) {
  const r: Record<string, unknown> = {
    ruleId,
    ruleIndex: RULES.findIndex((x) => x.id === ruleId),
    level: 'error',
    message: { text },
    locations: [{ physicalLocation: physical(pos, root) }],
  };
  if (related.length > 0) {
    r.relatedLocations = related.map((x, id) => ({ id, physicalLocation: physical(x.pos, root), message: { text: x.message } }));
  }
  return r;
}

/** The position of a `file:line:col: message` line. */
export function parseErrorLine(line: string): { pos: SourcePos; message: string } {
  const m = /^(.*?):(\d+):(\d+): (.*)$/s.exec(line);
  if (!m) return { pos: { file: '<unknown>', line: 1, col: 1 }, message: line };
  return { pos: { file: m[1]!, line: Number(m[2]), col: Number(m[3]) }, message: m[4]! };
}

function caseMessage(c: CheckCase): string {
  return `${c.name} (${caseLabel(c)}): ${c.messages.join('; ')}`;
}

export function toSarif(run: CiRun, version: string, root = process.cwd()): object {
  const results: object[] = [];
  for (const line of run.errors) {
    const { pos, message } = parseErrorLine(line);
    results.push(result('memorder/input', message, pos, root));
  }
  for (const c of run.cases) {
    if (c.status === 'fail') results.push(result('memorder/mismatch', caseMessage(c), c.location, root, c.related));
    else if (c.status === 'unknown') results.push(result('memorder/unknown', caseMessage(c), c.location, root, c.related));
  }
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'memorder',
            version,
            rules: RULES.map((r) => ({ id: r.id, name: r.name, shortDescription: { text: r.text }, defaultConfiguration: { level: 'error' } })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: pathToFileURL(root + sep).href } },
        results,
      },
    ],
  };
}
