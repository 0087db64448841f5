// JUnit XML for `memorder ci --junit FILE`: one <testsuite> per file, one
// <testcase> per file × model × variant. A mismatch is a <failure>, an
// undecided case (Unknown) or a file that could not be read an <error>, a
// case with no expectation <skipped/>.

import { dirname } from 'node:path';
import { caseLabel, type CheckCase } from '../batch/cases.js';
import type { CiRun } from '../batch/ci.js';

export function escapeXml(s: string): string {
  // Characters XML 1.0 forbids are dropped; the five special ones escaped.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[<>&"']/g, (c) => `&${{ '<': 'lt', '>': 'gt', '&': 'amp', '"': 'quot', "'": 'apos' }[c]};`);
}

const attrs = (a: Record<string, string | number>) =>
  Object.entries(a)
    .map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
    .join('');

const seconds = (ms: number) => (ms / 1000).toFixed(3);

function testcase(c: CheckCase): string {
  const head = `    <testcase${attrs({ classname: dirname(c.file), name: `${c.name} [${caseLabel(c)}]`, file: c.file, line: c.location.line, time: seconds(c.timeMs) })}`;
  const detail = escapeXml([...c.messages, `expected: ${c.expected || '(none)'}`, `actual: ${c.actual || '(not run)'}`].join('\n'));
  switch (c.status) {
    case 'pass':
      return `${head}/>`;
    case 'skip':
      return `${head}>\n      <skipped${attrs({ message: c.messages.join('; ') })}/>\n    </testcase>`;
    case 'fail':
      return `${head}>\n      <failure${attrs({ message: c.messages[0] ?? 'mismatch', type: 'mismatch' })}>${detail}</failure>\n    </testcase>`;
    case 'unknown':
      return `${head}>\n      <error${attrs({ message: c.messages[0] ?? 'Unknown', type: 'Unknown' })}>${detail}</error>\n    </testcase>`;
  }
}

export function toJUnit(run: CiRun): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  let skipped = 0;
  for (const f of run.files) {
    if ('error' in f) {
      tests++;
      errors++;
      suites.push(
        `  <testsuite${attrs({ name: f.file, tests: 1, failures: 0, errors: 1, skipped: 0, time: '0.000' })}>\n` +
          `    <testcase${attrs({ classname: dirname(f.file), name: 'input', file: f.file })}>\n      <error${attrs({ message: f.error, type: 'InputError' })}>${escapeXml(f.error)}</error>\n    </testcase>\n  </testsuite>`,
      );
      continue;
    }
    const n = (s: CheckCase['status']) => f.cases.filter((c) => c.status === s).length;
    tests += f.cases.length;
    failures += n('fail');
    errors += n('unknown');
    skipped += n('skip');
    const time = seconds(f.cases.reduce((t, c) => t + c.timeMs, 0));
    suites.push(
      `  <testsuite${attrs({ name: f.file, tests: f.cases.length, failures: n('fail'), errors: n('unknown'), skipped: n('skip'), time })}>\n` +
        f.cases.map(testcase).join('\n') +
        '\n  </testsuite>',
    );
  }
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites${attrs({ name: 'memorder ci', tests, failures, errors, skipped, time: seconds(run.wallMs) })}>\n` +
    suites.join('\n') +
    '\n</testsuites>\n'
  );
}
