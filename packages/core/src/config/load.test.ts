import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseYamlWithSchema } from './load.js';
import { UsageError } from '../errors.js';

const schema = z.strictObject({
  metrics: z.array(z.strictObject({ name: z.string(), direction: z.enum(['higher', 'lower']) })),
});

function error(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error('expected a UsageError');
}

describe('parseYamlWithSchema', () => {
  it('returns typed data for valid YAML', () => {
    expect(parseYamlWithSchema('metrics:\n  - name: accuracy\n    direction: higher\n', 'mlci.yml', schema)).toEqual({
      metrics: [{ name: 'accuracy', direction: 'higher' }],
    });
  });

  it('names the file, line and key path of an invalid value and what is allowed', () => {
    const e = error(() => parseYamlWithSchema('metrics:\n  - name: accuracy\n    direction: up\n', 'mlci.yml', schema));
    expect(e.where).toBe('mlci.yml:3');
    expect(e.message).toMatch(/^mlci\.yml:3: metrics\[0\]\.direction: .*"higher".*"lower"/);
    expect(e.message).not.toContain('\n');
  });

  it('reports unknown keys and syntax errors with their line', () => {
    expect(error(() => parseYamlWithSchema('metrics: []\nmetrix: 1\n', 'c.yml', schema)).message).toMatch(/^c\.yml: .*metrix/);
    const syntax = error(() => parseYamlWithSchema('metrics: []\nother: [\n', 'c.yml', schema));
    expect(syntax.code).toBe('config-syntax');
    expect(syntax.where).toBe('c.yml:3');
    expect(syntax.message).not.toMatch(/at line \d+, column/);
  });
});
