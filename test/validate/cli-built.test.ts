import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runBuiltCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';

const built = existsSync(join(repoRoot, 'packages/cli/dist/bin.js'));

// The same contract through a real process: exit status, stdout/stderr, files (npm test builds first).
describe.skipIf(!built)('built mlci binary: validate exit codes', () => {
  const schema = readFileSync(join(repoRoot, 'test/fixtures/validate/weather.schema.json'), 'utf8');
  const feed = readFileSync(join(repoRoot, 'examples/weather/data/seattle-weather-feed.csv'), 'utf8');
  const clean = readFileSync(join(repoRoot, 'examples/weather/data/seattle-weather.csv'), 'utf8');

  it('0 valid, 1 invalid, 2 bad input, with one-line errors', () => {
    const dir = testdir({ 'clean.csv': clean, 'feed.csv': feed, 'schema.json': schema, 'bad.json': '{"fields": [{"name": "a", "type": "numbr"}]}' });
    const ok = runBuiltCli(['validate', 'clean.csv', '--schema', 'schema.json'], { cwd: dir });
    expect([ok.code, ok.stderr]).toEqual([0, '']);
    const fail = runBuiltCli(['validate', 'feed.csv', '--schema', 'schema.json', '--out', 'o'], { cwd: dir });
    expect(fail.code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'o/validation.json'), 'utf8')).errorCount).toBe(7);
    const bad = runBuiltCli(['validate', 'clean.csv', '--schema', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(
      'mlci: error: bad.json:1: fields[0].type: "numbr" is not a Table Schema type; use one of string, number, integer, boolean, date, datetime, time, year, any. Correct fields[0].type in the Table Schema\n',
    );
    const missing = runBuiltCli(['validate', 'nope.csv', '--schema', 'schema.json'], { cwd: dir });
    expect(missing.code).toBe(2);
    expect(missing.stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});
