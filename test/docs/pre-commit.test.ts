// The pre-commit hook of docs/ci.md, taken from the page as written and
// installed in a scratch repository: it blocks a commit that breaks an
// expected verdict and lets the others through.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mp } from '../fixtures/litmus.js';

/** The first ```sh block after the heading `## pre-commit hook`. */
function hookFromDocs(): string {
  const page = readFileSync('docs/ci.md', 'utf8');
  const section = page.slice(page.indexOf('## pre-commit hook'));
  const m = /```sh\n([\s\S]*?)```/.exec(section);
  if (!m) throw new Error('no sh block in the pre-commit section of docs/ci.md');
  return m[1]!;
}

describe('the pre-commit hook of docs/ci.md', () => {
  const repo = mkdtempSync(join(tmpdir(), 'memorder-hook-'));
  const git = (...args: string[]) => spawnSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
  git('init', '-q');
  // memorder as the repository's dev dependency, where `npx --no-install` looks.
  mkdirSync(join(repo, 'node_modules/.bin'), { recursive: true });
  symlinkSync(resolve('bin/memorder.js'), join(repo, 'node_modules/.bin/memorder'));
  writeFileSync(join(repo, '.gitignore'), 'node_modules/\n.memorder-cache/\n');
  writeFileSync(join(repo, '.git/hooks/pre-commit'), hookFromDocs());
  chmodSync(join(repo, '.git/hooks/pre-commit'), 0o755);
  mkdirSync(join(repo, 'specs'));

  it('lets a spec with a true expectation through, blocks a false one, and ignores other files', () => {
    writeFileSync(join(repo, 'specs/mp.litmus'), mp('Sometimes'));
    git('add', '.');
    const ok = git('commit', '-q', '-m', 'mp');
    expect(ok.status, ok.stderr + ok.stdout).toBe(0);
    expect(ok.stderr + ok.stdout).toContain('1 passed, 0 failed');

    writeFileSync(join(repo, 'specs/mp.litmus'), mp('Never'));
    git('add', '.');
    const blocked = git('commit', '-q', '-m', 'wrong');
    expect(blocked.status).toBe(1);
    expect(blocked.stderr + blocked.stdout).toContain('expected Never, got Sometimes');
    expect(git('log', '--oneline').stdout.trim().split('\n')).toHaveLength(1);

    git('reset', '-q', '--hard');
    writeFileSync(join(repo, 'notes.txt'), 'unrelated\n');
    git('add', 'notes.txt');
    const other = git('commit', '-q', '-m', 'notes');
    expect(other.status).toBe(0);
    expect(other.stderr + other.stdout).not.toContain('passed');
  });
});
