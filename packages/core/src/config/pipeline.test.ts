import { describe, expect, it } from 'vitest';
import { parseYamlWithSchema } from './load.js';
import { configSchema } from './schema.js';

const parse = (text: string) => parseYamlWithSchema(text, 'mlci.yml', configSchema, 'mlci.yml');

describe('pipeline sections of mlci.yml', () => {
  it('accepts one path or a list, and fills defaults', () => {
    const c = parse('data:\n  files: data/a.csv\n  schema: s.json\ntrain:\n  command: python train.py\n  inputs: data/a.csv\nevaluate:\n  model: m.onnx\n  data: t.csv\n  target: y\nreport: {}\ngate: { environment: production }\n');
    expect(c.data).toEqual({ files: ['data/a.csv'], schema: 's.json', fail_on: 'error' });
    expect(c.train).toEqual({ command: 'python train.py', inputs: ['data/a.csv'], outputs: [], force: false });
    expect(c.evaluate).toMatchObject({ features: [], slice_by: [], class_labels: [] });
    expect(c.report).toEqual({ name: 'model', comment: true });
    expect(c.gate).toEqual({ environment: 'production' });
  });

  it('leaves every stage out when its section is absent', () => {
    const c = parse('version: 1\n');
    expect([c.data, c.train, c.evaluate, c.report, c.gate]).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });

  it('names the file, line and key of a mistake', () => {
    expect(() => parse('data:\n  files: [a.csv]\n  fail_on: always\n')).toThrow(/^mlci\.yml:3: data\.fail_on: fail_on must be error, warning or never/);
    expect(() => parse('evaluate:\n  model: m.onnx\n  data: t.csv\n  target: y\n  slice: [a]\n')).toThrow(/mlci\.yml:(1|5)/);
    expect(() => parse('train:\n  command: []\n')).toThrow(/train\.command/);
    expect(() => parse('evaluate:\n  model: m.onnx\n  data: t.csv\n')).toThrow(/evaluate\.target/);
    expect(() => parse('trian:\n  command: x\n')).toThrow(/Unrecognized key.*trian|trian/);
  });
});
