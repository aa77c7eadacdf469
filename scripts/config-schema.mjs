#!/usr/bin/env node
// Writes schemas/mlci.schema.json, the JSON Schema of mlci.yml for editors (VS Code YAML: `# yaml-language-server:
// $schema=…`), generated from the zod config schema in packages/core (built: run `npm run build` first).
// `--check` fails when the committed file differs, naming the fix.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { z } from 'zod';
import { configSchema } from '../packages/core/dist/index.js';

const root = new URL('..', import.meta.url).pathname;
const target = `${root}schemas/mlci.schema.json`;
// io: 'input' describes what users write (defaults optional), which is what an editor should check.
const schema = { title: 'mlci.yml', ...z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) };
const text = JSON.stringify(schema, null, 2) + '\n';
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {}
  if (committed !== text) {
    console.error("config-schema: schemas/mlci.schema.json is out of date. Run 'npm run build && node scripts/config-schema.mjs' and commit it.");
    process.exit(1);
  }
  console.log('config-schema: schemas/mlci.schema.json is current.');
} else {
  mkdirSync(`${root}schemas`, { recursive: true });
  writeFileSync(target, text);
  console.log(`wrote ${target}`);
}
