// `memorder verify --herd` in place of herd7 under the kernel's
// tools/memory-model/scripts: judgelitmus.sh judges a test by grepping its
// output for the `Observation` line (the verdict named in the test's
// `Result:` comment must appear in it; no Observation line is a
// verification error) and for `^Flag data-race$`. The same greps, run over
// memorder's output for ../shared/litmus/kernel and over herd7's (the
// .expected files), must give the same judgements; and the blocks must be
// herd7's, line for line, but for Time/Hash and the witness counts (herd7
// counts executions, memorder final states).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { HAVE_SHARED, SHARED_LITMUS } from '../shared-litmus.js';

const KERNEL = join(SHARED_LITMUS, 'kernel');

/** The judgement of judgelitmus.sh, by its greps: the `Result:` outcome against the Observation line, and the data-race flag. */
const JUDGE = `
litmus=$1; out=$2
outcome=$(grep -m 1 '^[( ]\\* Result: ' "$litmus" | awk '{ print $3 }')
race=no
if grep -q '^Flag data-race$' "$out"; then race=yes; fi
if ! grep -q '^Observation' "$out"; then echo "verification-error race=$race"
elif grep '^Observation' "$out" | grep -q "$outcome"; then echo "ok $outcome race=$race"
else echo "unexpected-non-$outcome race=$race"; fi
`;

function judge(litmus: string, out: string): string {
  const r = spawnSync('sh', ['-c', JUDGE, 'judge', litmus, out], { encoding: 'utf8' });
  return r.stdout.trim();
}

/** herd7's lines of a block without those that differ by design (Time, Hash) and with the witness counts blanked. */
const comparable = (block: string) =>
  block
    .split('\n')
    .filter((l) => l !== '' && !/^(Time |Hash=)/.test(l))
    .map((l) => l.replace(/^Positive: \d+ Negative: \d+$/, 'Positive: P Negative: N').replace(/^(Observation \S+ \S+) \d+ \d+$/, '$1 P N'));

describe.skipIf(!HAVE_SHARED)('memorder verify --herd under the kernel scripts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'memorder-herd-'));
  const tests = HAVE_SHARED ? readdirSync(KERNEL).filter((f) => f.endsWith('.litmus')).sort() : [];
  const blocks = new Map<string, string>();
  let stderr = '';
  let code: number | null = null;

  beforeAll(() => {
    const r = spawnSync(process.execPath, ['bin/memorder.js', 'verify', '--herd', KERNEL], { encoding: 'utf8', timeout: 600_000 });
    code = r.status;
    stderr = r.stderr;
    // One block per test, from its Test line to the blank line closing it.
    for (const block of r.stdout.split(/\n\n/).filter((b) => b.trim() !== '')) blocks.set(/^Test (\S+)/.exec(block)![1]!, `${block}\n`);
  }, 600_000);

  it('prints one herd7 block per test and nothing else', () => {
    expect([code, stderr]).toEqual([0, '']);
    expect(blocks.size).toBe(tests.length);
    expect(tests.length).toBeGreaterThan(30);
  });

  it("gives judgelitmus.sh's greps the judgements herd7's output gives", () => {
    const differ: string[] = [];
    for (const t of tests) {
      const name = readFileSync(join(KERNEL, t), 'utf8').split('\n')[0]!.split(/\s+/)[1]!;
      const out = join(dir, `${t}.out`);
      writeFileSync(out, blocks.get(name) ?? '');
      const ours = judge(join(KERNEL, t), out);
      const herds = judge(join(KERNEL, t), join(KERNEL, `${t}.expected`));
      if (ours !== herds) differ.push(`${t}: memorder ${ours}, herd7 ${herds}`);
    }
    expect(differ).toEqual([]);
  });

  it("prints herd7's lines: Test, States, each state, Ok/No, Witnesses, Flag, Condition, Observation", () => {
    const differ: string[] = [];
    for (const t of tests) {
      const expected = readFileSync(join(KERNEL, `${t}.expected`), 'utf8');
      const name = /^Test (\S+)/.exec(expected)![1]!;
      const ours = comparable(blocks.get(name) ?? '');
      if (JSON.stringify(ours) !== JSON.stringify(comparable(expected))) differ.push(`${t}:\n${ours.join('\n')}\n--- herd7:\n${comparable(expected).join('\n')}`);
    }
    expect(differ).toEqual([]);
  });
});
