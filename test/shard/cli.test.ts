import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBuiltCli, runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { expectSameProfile } from './same-profile.js';

const built = existsSync(join(repoRoot, 'packages/cli/dist/bin.js'));
const schema = readFileSync(join(repoRoot, 'test/fixtures/validate/weather.schema.json'), 'utf8');
const feed = readFileSync(join(repoRoot, 'examples/weather/data/seattle-weather-feed.csv'), 'utf8');

const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8');

describe('mlci validate --shard / mlci validate merge', () => {
  it('three shard jobs and a merge write what one run writes, with its exit code', async () => {
    const dir = testdir({ 'feed.csv': feed, 'schema.json': schema });
    const whole = await runCli(['validate', 'feed.csv', '--schema', 'schema.json', '--out', 'whole'], { cwd: dir });
    expect(whole.code).toBe(1);
    for (const i of [1, 2, 3]) {
      const shard = await runCli(['validate', 'feed.csv', '--schema', 'schema.json', '--shard', `${i}/3`, '--out', `s${i}`], { cwd: dir });
      expect([shard.code, shard.stderr]).toEqual([0, '']);
      expect(shard.stdout).toMatch(new RegExp(`^shard ${i}/3: \\d+ rows`));
    }
    const merged = await runCli(['validate', 'merge', 's3', 's1', 's2', '--out', 'merged'], { cwd: dir });
    expect(merged.code).toBe(1);
    expect(read(dir, 'merged/validation.json')).toBe(read(dir, 'whole/validation.json'));
    expect(read(dir, 'merged/junit.xml')).toBe(read(dir, 'whole/junit.xml'));
    expect(merged.stdout.replace(/merged\//g, 'whole/')).toBe(whole.stdout);
    // A glob finds the directories that hold a shard.json (download-artifact leaves one per shard).
    const globbed = await runCli(['validate', 'merge', 's*', '--out', 'globbed'], { cwd: dir });
    expect(globbed.code).toBe(1);
    expect(read(dir, 'globbed/validation.json')).toBe(read(dir, 'whole/validation.json'));
  });

  it('bad shard specs and incomplete merges are one-line usage errors (exit 2)', async () => {
    const dir = testdir({ 'feed.csv': feed, 'schema.json': schema });
    const bad = await runCli(['validate', 'feed.csv', '--schema', 'schema.json', '--shard', '4/3'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--shard: '4/3' is not a shard i/n");
    await runCli(['validate', 'feed.csv', '--schema', 'schema.json', '--shard', '1/2', '--out', 's1'], { cwd: dir });
    const partial = await runCli(['validate', 'merge', 's1'], { cwd: dir });
    expect(partial.code).toBe(2);
    expect(partial.stderr).toContain('shard 2/2 missing');
    const none = await runCli(['validate', 'merge', 'nowhere'], { cwd: dir });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no shard.json in nowhere');
  });
});

describe.skipIf(!built)('built mlci: --workers', () => {
  it('2 workers write the same validation.json and junit.xml as 1', () => {
    // Enough rows that both byte ranges hold many batches.
    const rows = feed.trimEnd().split('\n');
    const big = [rows[0], ...Array.from({ length: 40 }, () => rows.slice(1)).flat()].join('\n') + '\n';
    const dir = testdir({ 'big.csv': big, 'schema.json': schema });
    const one = runBuiltCli(['validate', 'big.csv', '--schema', 'schema.json', '--workers', '1', '--out', 'w1'], { cwd: dir });
    const two = runBuiltCli(['validate', 'big.csv', '--schema', 'schema.json', '--workers', '2', '--out', 'w2'], { cwd: dir });
    expect(one.code).toBe(1);
    expect(two.code).toBe(1);
    expect(read(dir, 'w2/validation.json')).toBe(read(dir, 'w1/validation.json'));
    expect(read(dir, 'w2/junit.xml')).toBe(read(dir, 'w1/junit.xml'));
    expect(JSON.parse(read(dir, 'w2/profile.json')).rows).toBe(JSON.parse(read(dir, 'w1/profile.json')).rows);
    // This thread takes the first shard, workers the others: three shards exercise a worker past the second.
    const three = runBuiltCli(['validate', 'big.csv', '--schema', 'schema.json', '--workers', '3', '--out', 'w3'], { cwd: dir });
    expect([three.code, three.stderr]).toEqual([1, '']);
    expect(read(dir, 'w3/validation.json')).toBe(read(dir, 'w1/validation.json'));
    expect(read(dir, 'w3/junit.xml')).toBe(read(dir, 'w1/junit.xml'));
    expectSameProfile(JSON.parse(read(dir, 'w3/profile.json')), JSON.parse(read(dir, 'w1/profile.json')));
    const bad = runBuiltCli(['validate', 'big.csv', '--schema', 'schema.json', '--workers', 'many'], { cwd: dir });
    expect(bad.code).toBe(2);
  });
});
