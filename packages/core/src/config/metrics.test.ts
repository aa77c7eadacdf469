import { describe, expect, it } from 'vitest';
import { parseYamlWithSchema } from './load.js';
import { configSchema } from './schema.js';

describe('mlci.yml metrics and compare sections', () => {
  it('accepts rules by exact name and glob, and fills compare defaults', () => {
    const config = parseYamlWithSchema(
      'metrics:\n  accuracy: { min: 0.8, max_regression: 0.01, required: true }\n  "latency_ms_*": { direction: lower, max_regression_pct: 10 }\n',
      'mlci.yml',
      configSchema,
    );
    expect(config.metrics).toEqual({ accuracy: { min: 0.8, max_regression: 0.01, required: true }, 'latency_ms_*': { direction: 'lower', max_regression_pct: 10 } });
    expect(config.compare).toEqual({ artifact: 'mlci-metrics', require_baseline: false, alpha: 0.05, fail_on_significant_regression: false });
  });

  it('names the file, line and key path of a bad rule', () => {
    const text = 'metrics:\n  accuracy:\n    min: 0.8\n    direction: up\n';
    expect(() => parseYamlWithSchema(text, 'mlci.yml', configSchema)).toThrow(/^mlci\.yml:4: metrics\.accuracy\.direction: direction must be "higher" or "lower"/);
    expect(() => parseYamlWithSchema('metrics:\n  f1:\n    max_regresion: 1\n', 'mlci.yml', configSchema)).toThrow(/mlci\.yml:2: metrics\.f1: Unrecognized key: "max_regresion"/);
    expect(() => parseYamlWithSchema('compare:\n  alpha: 2\n', 'mlci.yml', configSchema)).toThrow(/mlci\.yml:2: compare\.alpha: must be between 0 and 1/);
  });
});
