#!/usr/bin/env node
// Regenerates the input tables in gitlab/README.md from the templates' spec:inputs, between
// `<!-- inputs: NAME -->` and `<!-- /inputs -->`. `--check` exits 1 when the README is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));

export function inputsTable(name) {
  const [header] = parseAllDocuments(readFileSync(`${root}templates/${name}.yml`, 'utf8')).map((d) => d.toJS());
  const cell = (text) => String(text).replace(/\|/g, '\\|');
  const lines = ['| Input | Type | Default | Description |', '| --- | --- | --- | --- |'];
  for (const [key, spec] of Object.entries(header.spec.inputs)) {
    const def =
      spec.default === undefined ? '*required*' : spec.default === '' ? '`""`' : `\`${Array.isArray(spec.default) ? JSON.stringify(spec.default) : spec.default}\``;
    let description = spec.description ?? '';
    if (spec.options) description += ` One of: ${spec.options.map((o) => `\`${o}\``).join(', ')}.`;
    if (spec.regex) description += ` Must match \`${spec.regex}\`.`;
    lines.push(`| \`${key}\` | ${spec.type ?? 'string'} | ${cell(def)} | ${cell(description)} |`);
  }
  return lines.join('\n');
}

export function renderReadme(text) {
  return text.replace(/<!-- inputs: ([a-z-]+) -->\n[\s\S]*?<!-- \/inputs -->/g, (_, name) => `<!-- inputs: ${name} -->\n${inputsTable(name)}\n<!-- /inputs -->`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = `${root}README.md`;
  const current = readFileSync(path, 'utf8');
  const next = renderReadme(current);
  if (process.argv.includes('--check')) {
    if (next !== current) {
      console.error('gitlab/README.md: input tables are out of date. Run node gitlab/scripts/readme-inputs.mjs');
      process.exit(1);
    }
  } else {
    writeFileSync(path, next);
  }
}
