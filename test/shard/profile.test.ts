import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TableProfile } from '@mlci/core';
import { repoRoot, runCli } from '../helpers/cli.js';
import { testdir } from '../helpers/tmp.js';
import { expectSameProfile } from './same-profile.js';


describe('mlci profile --shard i/n, then mlci profile merge', () => {
  it('gives the profile of the whole file (inferred schema, byte ranges) and of several files (by file)', async () => {
    const csv = readFileSync(join(repoRoot, 'examples/weather/data/seattle-weather.csv'), 'utf8');
    const dir = testdir({ 'w.csv': csv, 'a.csv': csv, 'b.csv': csv.split('\n').slice(0, 300).join('\n') + '\n' });
    for (const [data, n] of [[['w.csv'], 4], [['w.csv', 'a.csv', 'b.csv'], 2]] as const) {
      const whole = await runCli(['profile', ...data, '--out', 'whole'], { cwd: dir });
      expect(whole.code).toBe(0);
      const parts: string[] = [];
      for (let i = 1; i <= n; i++) {
        const r = await runCli(['profile', ...data, '--shard', `${i}/${n}`, '--out', `p${i}`], { cwd: dir });
        expect([r.code, r.stderr]).toEqual([0, '']);
        parts.push(`p${i}/profile.json`);
      }
      const merged = await runCli(['profile', 'merge', ...parts, '--out', 'merged.json'], { cwd: dir });
      expect(merged.code).toBe(0);
      const read = (p: string) => JSON.parse(readFileSync(join(dir, p), 'utf8')) as TableProfile;
      expectSameProfile(read('merged.json'), read('whole/profile.json'));
    }
  });
});
