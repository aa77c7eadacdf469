import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fileAtRef } from '@mlci/github';
import { testdir } from '../helpers/tmp.js';

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' } }).trim();

describe('baseline from a file at the base ref (git)', () => {
  it('reads it from a shallow single-branch clone by fetching the base ref from origin', async () => {
    const root = testdir({ 'work/metrics/metrics.json': '{"accuracy": 0.81}\n' });
    const work = join(root, 'work');
    git(work, 'init', '-q', '-b', 'main');
    git(work, 'add', '.');
    git(work, 'commit', '-q', '-m', 'main metrics');
    const mainSha = git(work, 'rev-parse', 'HEAD');
    git(work, 'checkout', '-q', '-b', 'feature');
    git(work, 'commit', '-q', '--allow-empty', '-m', 'feature');
    git(root, 'clone', '-q', '--bare', work, 'origin.git');
    // What actions/checkout does for a PR: depth 1, one ref, so origin/main is not there.
    git(root, 'clone', '-q', '--depth=1', '--single-branch', '--branch', 'feature', `file://${join(root, 'origin.git')}`, 'checkout');
    const checkout = join(root, 'checkout');
    expect(git(checkout, 'rev-parse', '--is-shallow-repository')).toBe('true');
    expect(() => git(checkout, 'rev-parse', '--verify', '-q', 'origin/main')).toThrow();
    const logs: string[] = [];
    const found = await fileAtRef(checkout, 'main', 'metrics/metrics.json', join(root, 'dest'), (m) => logs.push(m));
    expect(found).toEqual({ path: join(root, 'dest', 'metrics.json'), commit: mainSha });
    expect(readFileSync(found!.path, 'utf8')).toBe('{"accuracy": 0.81}\n');
    expect(logs.join('\n')).toContain('fetching main from origin');
  });

  it('returns undefined when the file is not at the ref', async () => {
    const root = testdir({ 'a.txt': 'x' });
    git(root, 'init', '-q', '-b', 'main');
    git(root, 'add', '.');
    git(root, 'commit', '-q', '-m', 'x');
    expect(await fileAtRef(root, 'main', 'metrics.json', join(root, 'dest'))).toBeUndefined();
  });
});
