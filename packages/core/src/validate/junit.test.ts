import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Table } from '../readers/types.js';
import { parseTableSchema } from '../schema/parse.js';
import { validateTable } from './engine.js';
import { escapeXml, renderJUnit } from './junit.js';
import type { ValidationResult } from './types.js';

function table(header: string[], rows: string[][]): Table {
  async function* batches() {
    yield { rows, lines: rows.map((_r, i) => i + 2), issues: [] };
  }
  return { path: 'm.csv', format: 'csv', header, headerIssues: [], batches: batches(), bytesRead: () => 0 };
}

async function result(): Promise<ValidationResult> {
  const schema = parseTableSchema(
    JSON.stringify({ fields: [{ name: 'a<&>"', type: 'integer', constraints: { minimum: 0 } }, { name: 'b', type: 'string' }] }),
    's.json',
  );
  const rows = [['1', 'ok'], ...Array.from({ length: 30 }, () => ['-1', 'x']), ['x\u0001', 'y']];
  const file = await validateTable(table(['a<&>"', 'b'], rows), schema, { displayPath: 'data/<file>.csv' });
  return { valid: false, errorCount: file.errorCount, warningCount: 0, skippedCount: 0, files: [file, { ...file, checks: [], errors: [], skipped: 'parquet files cannot be read', path: 'x.parquet' }], profile: { resources: [] } };
}

describe('renderJUnit', () => {
  it('escapes XML specials and drops characters XML cannot carry', () => {
    expect(escapeXml(`<a href="x">&'\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;\uFFFD');
  });

  it('has a testcase per check per field, failures listing capped findings with lines', async () => {
    const xml = renderJUnit(await result(), { maxFindingsPerCase: 5 });
    expect(xml).toContain('<testcase classname="data/&lt;file&gt;.csv" name="a&lt;&amp;&gt;&quot; minimum">');
    expect(xml).toContain('<failure message="30 findings" type="minimum">data/&lt;file&gt;.csv:3: a&lt;&amp;&gt;&quot;: &apos;-1&apos; is less than the minimum 0');
    expect(xml).toContain('… and 25 more; all findings in validation.json');
    expect(xml).toContain('<testcase classname="data/&lt;file&gt;.csv" name="b type"/>');
    expect(xml).toContain('<skipped message="parquet files cannot be read"/>');
    expect(xml).not.toContain('\u0001');
  });

  it('is well-formed XML with consistent counts (checked by Python xml.etree)', async (ctx) => {
    const py = spawnSync('/usr/bin/python3', ['-c', 'print(1)']);
    if (py.status !== 0) ctx.skip('no /usr/bin/python3 to parse the XML independently');
    const xml = renderJUnit(await result());
    const code = `
import sys, json, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
suites = root.findall('testsuite')
print(json.dumps({'tests': int(root.get('tests')), 'failures': int(root.get('failures')), 'skipped': int(root.get('skipped')),
  'cases': sum(len(s.findall('testcase')) for s in suites), 'failed': sum(len(s.findall('testcase/failure')) for s in suites),
  'suiteTests': [int(s.get('tests')) for s in suites]}))`;
    const r = spawnSync('/usr/bin/python3', ['-c', code], { input: xml, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const parsed = JSON.parse(r.stdout);
    expect(parsed.tests).toBe(parsed.cases);
    expect(parsed.failures).toBe(parsed.failed);
    // Checks on the first file: missing-field, extra-field, row-length, encoding, format, a type, a minimum, b type.
    expect(parsed.suiteTests).toEqual([8, 1]);
    expect(parsed.failures).toBe(2);
    expect(parsed.skipped).toBe(1);
  });
});
