import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { configSchema } from '@mlci/core';
import { parse } from 'yaml';
import { repoRoot } from '../helpers/cli.js';

describe('schemas/mlci.schema.json (JSON Schema of mlci.yml for editors)', () => {
  const committed = JSON.parse(readFileSync(`${repoRoot}schemas/mlci.schema.json`, 'utf8'));

  it('is current: regenerate with `npm run build && node scripts/config-schema.mjs`', () => {
    const fresh = JSON.parse(JSON.stringify({ title: 'mlci.yml', ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) }));
    expect(committed).toEqual(fresh);
  });

  it('accepts a valid metrics section and rejects what the loader rejects', () => {
    const validate = new Ajv2020({ strict: false }).compile(committed);
    expect(validate(parse('metrics:\n  accuracy: { min: 0.8, direction: higher }\n  "latency_*": { max_regression_pct: 10 }\ncompare:\n  artifact: m\n'))).toBe(true);
    expect(validate(parse('metrics:\n  accuracy: { direction: up }\n'))).toBe(false);
    expect(validate(parse('metrics:\n  accuracy: { max_regresion: 1 }\n'))).toBe(false);
    expect(validate(parse('comapre: {}\n'))).toBe(false);
  });
});
