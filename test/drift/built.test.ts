/** The built `mlci` binary as CI runs it: profile, merge, drift with a failing gate. Needs `npm run build`. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { repoRoot, runBuiltCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { readCsv, seattleWeatherPath } from '../profile/helpers.js';

const built = existsSync(`${repoRoot}packages/cli/dist/bin.js`);

test.skipIf(!built)('mlci profile → profile merge → drift --fail on the built binary', () => {
  const { header, rows } = readCsv(seattleWeatherPath);
  const csv = (part: string[][]) => [header, ...part].map((r) => r.join(',')).join('\n') + '\n';
  // Reference: dry months; current: wet months — precipitation and weather drift.
  const wet = rows.filter((r) => ['11', '12', '01'].includes(r[0]!.slice(5, 7)));
  const dry = rows.filter((r) => ['06', '07', '08'].includes(r[0]!.slice(5, 7)));
  const half = Math.floor(dry.length / 2);
  const dir = testdir({ 'dry-a.csv': csv(dry.slice(0, half)), 'dry-b.csv': csv(dry.slice(half)), 'wet.csv': csv(wet) });
  expect(runBuiltCli(['profile', 'dry-a.csv', '--out', 'a'], { cwd: dir }).code).toBe(0);
  expect(runBuiltCli(['profile', 'dry-b.csv', '--out', 'b'], { cwd: dir }).code).toBe(0);
  expect(runBuiltCli(['profile', 'merge', 'a/profile.json', 'b/profile.json', '--out', 'main.json'], { cwd: dir }).code).toBe(0);
  const r = runBuiltCli(['drift', '--reference', 'main.json', '--current', 'wet.csv', '--fail', '--out', 'out'], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(1);
  const result = JSON.parse(readFileSync(join(dir, 'out/drift.json'), 'utf8'));
  expect(result.drifted).toBe(true);
  expect(result.columns.temp_max.drifted).toBe(true);
  expect(result.columns.weather.test).toBe('chisquare');
  expect(r.stdout).toMatch(/^DRIFT /m);
});
