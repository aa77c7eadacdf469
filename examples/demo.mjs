#!/usr/bin/env node
// `npm run demo`: mlci's whole story on the shipped examples, printed as a user sees it.
//   1. Data: infer a schema, validate a clean file and a feed with defects, look at the profile (Seattle weather).
//   2. The pipeline (`mlci run`, driven by examples/penguins/mlci.yml) as the main branch: validate, train, evaluate,
//      gate; its artifact is the baseline. Batch scoring with the trained model. A re-run skips unchanged training.
//   3. The same pipeline on a change that degrades the model: compared with main, the report a reviewer reads on the
//      pull request, and the gate's decision.
// Works in copies under .mlci/demo (git-ignored, inside the repo so the example's imports resolve).
// Needs `npm run build` (the npm script does it).
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/dist/bin.js');
const work = join(root, '.mlci/demo');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });
const copy = (example, name) => {
  const dest = join(work, name);
  cpSync(join(root, 'examples', example), dest, { recursive: true, filter: (src) => !/[/\\](model|eval|\.mlci)$/.test(src) });
  return dest;
};

const tty = process.stdout.isTTY;
const bold = (s) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const dim = (s) => (tty ? `\x1b[2m${s}\x1b[0m` : s);
const started = Date.now();
const checks = [];

function step(title, explanation) {
  console.log(`\n${bold(`━━ ${title}`)}`);
  if (explanation) console.log(dim(explanation));
}

/** Runs `mlci …` in `cwd`, echoes the command and (unless told otherwise) its output, and records the expected exit code. */
function mlci(cwd, args, { expect = 0, show = true } = {}) {
  console.log(bold(`$ mlci ${args.join(' ')}`));
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  if (show) process.stdout.write(r.stdout + r.stderr);
  console.log(dim(`(exit ${r.status})`));
  checks.push({ what: `mlci ${args.slice(0, 2).join(' ')}`, ok: r.status === expect, got: r.status, expect });
  return r;
}

// ── 1. Data ──────────────────────────────────────────────────────────────────────────────────────────────────────
const weather = copy('weather', 'weather');
step('1. Infer a starting schema from real data', 'Seattle weather (NOAA, 1,461 days), from the vega-datasets package.');
const inferred = mlci(weather, ['schema', 'infer', 'data/seattle-weather.csv'], { show: false });
console.log(inferred.stdout.split('\n').slice(0, 16).join('\n') + dim('\n  … (the whole schema is printed on stdout)'));

step('2. Validate the clean file against the hand-written schema', 'schema.json adds ranges, an enum, a primary key and row/missing-share rules.');
mlci(weather, ['validate', 'data/seattle-weather.csv', '--schema', 'schema.json', '--out', '.mlci/clean']);

step('3. Validate a feed with real-looking defects', 'Each finding points at the physical line of the file; exit code 1 fails the CI job.');
mlci(weather, ['validate', 'data/seattle-weather-feed.csv', '--schema', 'schema.json', '--out', '.mlci/feed'], { expect: 1 });

step('4. The profile (profile.json) that drift detection compares', 'Per column: count, missing, distinct, range, quantiles, histogram, top values; mergeable across shards.');
const profile = JSON.parse(readFileSync(join(weather, '.mlci/clean/profile.json'), 'utf8'));
const fmt = (v) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(2)) : (v ?? '—'));
for (const c of profile.columns) {
  const stats =
    c.min !== undefined
      ? `min ${fmt(c.min)}  median ${fmt(c.quantiles?.['0.5'])}  max ${fmt(c.max)}  mean ${fmt(c.mean)}`
      : `top ${(c.top ?? []).slice(0, 3).map((t) => `${t.value}×${t.count}`).join(' ')}`;
  console.log(`  ${c.name.padEnd(14)} ${c.kind.padEnd(12)} count ${c.count}  missing ${c.missing}  distinct ${c.distinct}  ${stats}`);
}

// ── 2. The pipeline on main ──────────────────────────────────────────────────────────────────────────────────────
const main = copy('penguins', 'main');
step('5. The pipeline on main: `mlci run` (examples/penguins/mlci.yml)', 'Palmer penguins: validate both splits, train a logistic regression in plain JS (exported to ONNX), evaluate, gate. Its .mlci/artifact is the baseline for pull requests.');
mlci(main, ['run', '--quiet']);

step('6. Batch scoring with the trained model', 'Predictions with class probabilities next to each id.');
mlci(main, ['score', '--model', 'model/model.onnx', '--data', 'data/test.csv', '--id', 'id', '--features', 'beak_depth_mm,flipper_length_mm,body_mass_g', '--out', '.mlci/predictions.csv']);
console.log(readFileSync(join(main, '.mlci/predictions.csv'), 'utf8').split('\n').slice(0, 4).join('\n'));

step('7. Run it again: nothing changed, so training is skipped', 'Inputs, parameters and command are hashed in run.json.');
const again = mlci(main, ['run', '--quiet', '--stage', 'train'], { show: false });
console.log(again.stdout.split('\n').filter((l) => /train|skip/i.test(l)).join('\n'));

// ── 3. A pull request that degrades the model ───────────────────────────────────────────────────────────────────
const pr = copy('penguins', 'pull-request');
const params = join(pr, 'params.yaml');
writeFileSync(params, readFileSync(params, 'utf8').replace(/epochs: \d+/, 'epochs: 3').replace(/learning_rate: [\d.]+/, 'learning_rate: 0.05'));
step('8. A pull request that cuts training short (epochs 800 → 3)', 'Compared with main\'s artifact: the report below is the PR comment a reviewer reads, then the gate decides.');
const run = mlci(pr, ['run', '--baseline', '../main/.mlci/artifact'], { expect: 1 });
const gate = JSON.parse(readFileSync(join(pr, '.mlci/gate/gate.json'), 'utf8'));
console.log(bold(`\nGate for ${gate.environment}: ${gate.decision.toUpperCase()}`));
for (const r of gate.reasons) console.log(`  - ${r.code}: ${r.message}`);

const failed = checks.filter((c) => !c.ok);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
if (failed.length) {
  console.log(`\n${bold('Demo finished with unexpected exit codes:')} ${failed.map((c) => `${c.what} exited ${c.got}, expected ${c.expect}`).join('; ')}`);
  process.exitCode = 1;
} else {
  console.log(`\n${bold('Demo finished')} in ${seconds} s: every step exited as expected. Files are in ${work}`);
}
void run;
