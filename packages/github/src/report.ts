import * as core from '@actions/core';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { renderReport, truncateMarkdown, UsageError, type Comparison } from '@mlci/core';
import { PullRequestCommentSink, reportMarker } from './comments.js';
import { commitUrl, readRunContext, runUrl, type RunContext } from './context.js';
import { apiFailure, createApiClient } from './octokit.js';
import { boolInput, choiceInput, input, workspacePath, type StepOutcome } from './runtime.js';

/** Input and output names, as in actions/report/action.yml. */
export const ReportInputs = {
  comparison: 'comparison',
  validation: 'validation',
  drift: 'drift',
  evaluation: 'evaluation',
  name: 'name',
  title: 'title',
  comment: 'comment',
  summary: 'summary',
  out: 'out',
  token: 'github-token',
  failOn: 'fail-on',
  artifact: 'artifact-name',
} as const;

export const ReportOutputs = {
  status: 'status',
  verdict: 'verdict',
  posted: 'posted',
  commentId: 'comment-id',
  commentUrl: 'comment-url',
  truncated: 'truncated',
  report: 'report',
} as const;

export const COMMENT_MODES = ['auto', 'always', 'never'] as const;
export const REPORT_FAIL_ON = ['never', 'violation'] as const;

export interface ReportSettings {
  comparison: string | undefined;
  validation: string | undefined;
  drift: string | undefined;
  evaluation: string | undefined;
  /** Report name: with the workflow, identifies the one comment to update. */
  name: string;
  title: string | undefined;
  comment: (typeof COMMENT_MODES)[number];
  summary: boolean;
  out: string;
  token: string;
  failOn: (typeof REPORT_FAIL_ON)[number];
  /** Artifact that keeps the full report.md when the comment had to be cut; '' turns it off. */
  artifactName: string;
  workspace: string;
}

export function readReportSettings(): ReportSettings {
  const token = input(ReportInputs.token);
  if (token) core.setSecret(token);
  const settings: ReportSettings = {
    comparison: input(ReportInputs.comparison) || undefined,
    validation: input(ReportInputs.validation) || undefined,
    drift: input(ReportInputs.drift) || undefined,
    evaluation: input(ReportInputs.evaluation) || undefined,
    name: input(ReportInputs.name) || 'model',
    title: input(ReportInputs.title) || undefined,
    comment: choiceInput(ReportInputs.comment, COMMENT_MODES, 'auto'),
    summary: boolInput(ReportInputs.summary, true),
    out: input(ReportInputs.out) || '.mlci/report',
    token,
    failOn: choiceInput(ReportInputs.failOn, REPORT_FAIL_ON, 'never'),
    artifactName: input(ReportInputs.artifact),
    // Relative '.' (not process.cwd()): ncc would otherwise bundle files it finds under the build directory.
    workspace: resolve(process.env.GITHUB_WORKSPACE || '.'),
  };
  core.debug(`report settings: ${JSON.stringify({ ...settings, token: settings.token ? '***' : '' })}`);
  return settings;
}

async function readJson(path: string | undefined, name: string, workspace: string): Promise<unknown> {
  if (!path) return undefined;
  const full = resolve(workspace, path);
  let text: string;
  try {
    text = await readFile(full, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { where: `with.${name}`, fix: 'Check the path (relative to the workspace) and that the earlier step wrote it' });
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${path} is not valid JSON: ${(err as Error).message.split('\n')[0]}`, { where: `with.${name}`, fix: 'Pass the JSON file the mlci step wrote' });
  }
}

/** GitHub limits the job summary to 1 MiB per step. */
const SUMMARY_LIMIT = 1024 * 1024 - 1024;

/** The report step: render, always write the job summary and report.md, comment on the PR when possible. */
export async function runReport(settings: ReportSettings = readReportSettings(), env: Readonly<Record<string, string | undefined>> = process.env): Promise<StepOutcome> {
  const ctx: RunContext = readRunContext(env);
  const comparisonJson = await readJson(settings.comparison, ReportInputs.comparison, settings.workspace);
  if (comparisonJson !== undefined) {
    const c = comparisonJson as Partial<Comparison>;
    if (typeof c.passed !== 'boolean' || !Array.isArray(c.rows) || typeof c.baseline !== 'object') {
      throw new UsageError('not a comparison.json (needs passed, baseline and rows)', { where: `with.${ReportInputs.comparison}`, fix: 'Pass the comparison.json written by the compare step' });
    }
  }
  const driftIsMarkdown = settings.drift?.toLowerCase().endsWith('.md') ?? false;
  const rendered = renderReport({
    title: settings.title ?? settings.name,
    comparison: comparisonJson as Comparison | undefined,
    validation: await readJson(settings.validation, ReportInputs.validation, settings.workspace),
    evaluation: await readJson(settings.evaluation, ReportInputs.evaluation, settings.workspace),
    drift: driftIsMarkdown ? undefined : await readJson(settings.drift, ReportInputs.drift, settings.workspace),
    driftMarkdown: driftIsMarkdown && settings.drift ? await readFile(resolve(settings.workspace, settings.drift), 'utf8') : undefined,
    links: { run: runUrl(ctx), commit: commitUrl(ctx) },
    generator: 'mlci',
  });

  const reportPath = resolve(settings.workspace, settings.out, 'report.md');
  await mkdir(dirname(reportPath), { recursive: true });
  await writeFile(reportPath, rendered.markdown);
  core.setOutput(ReportOutputs.report, workspacePath(reportPath, settings.workspace));
  core.setOutput(ReportOutputs.status, rendered.status);
  core.setOutput(ReportOutputs.verdict, rendered.verdict);
  core.info(rendered.verdict);

  const notices: string[] = [];
  let posted = false;
  let truncated = false;
  const pr = ctx.pullRequest;
  const wantComment = settings.comment === 'always' || (settings.comment === 'auto' && pr !== undefined);
  if (wantComment && !pr) {
    throw new UsageError(`comment is 'always' but the ${ctx.eventName || 'current'} event has no pull request`, { where: `with.${ReportInputs.comment}`, fix: "Use comment: auto, or run on pull_request / workflow_run events" });
  }
  if (wantComment && pr) {
    if (!settings.token) {
      notices.push(`No github-token: the report was not posted to pull request #${pr.number}. Pass github-token: \${{ github.token }} with permissions: pull-requests: write.`);
    } else {
      const octokit = createApiClient({ token: settings.token, baseUrl: ctx.apiUrl, warn: (m) => core.warning(m), throttleWrites: env.MLCI_GITHUB_THROTTLE !== 'off' });
      const sink = new PullRequestCommentSink({ octokit, owner: ctx.owner, repo: ctx.repo, issueNumber: pr.number, fullReportAt: settings.artifactName && env.ACTIONS_RUNTIME_TOKEN ? `the job summary and in the workflow artifact '${settings.artifactName}'` : 'the job summary' });
      const key = `${ctx.workflow}/${settings.name}`;
      let result: Awaited<ReturnType<PullRequestCommentSink['publish']>>;
      try {
        result = await sink.publish({ key, title: settings.title ?? settings.name, markdown: rendered.markdown });
      } catch (err) {
        // The summary still gets the report before the step fails.
        if (settings.summary) await core.summary.addRaw(rendered.markdown, true).write();
        throw apiFailure(`posting the report on pull request #${pr.number} failed`, err);
      }
      posted = result.posted;
      truncated = result.truncated === true;
      core.debug(`report marker ${reportMarker(key)}; ${octokit.stats.requests} API requests`);
      if (result.posted) {
        core.setOutput(ReportOutputs.commentId, String(result.commentId ?? ''));
        core.setOutput(ReportOutputs.commentUrl, result.url ?? '');
        core.info(`Report ${result.action} on pull request #${pr.number}: ${result.url}`);
        if (truncated) await keepFullReport(settings, reportPath, env);
        if (truncated) core.notice(`The report is longer than a PR comment allows; the comment was cut with a note. The full report is in the job summary and ${workspacePath(reportPath, settings.workspace)}.`);
      } else if (result.notice) {
        notices.push(result.notice);
      }
    }
  }
  for (const n of notices) core.notice(n);
  core.setOutput(ReportOutputs.posted, String(posted));
  core.setOutput(ReportOutputs.truncated, String(truncated));

  if (settings.summary) {
    let body = rendered.markdown;
    if (body.length > SUMMARY_LIMIT) body = truncateMarkdown(body, SUMMARY_LIMIT, (k, t) => `> [!NOTE]\n> The job summary shows ${k} of ${t} characters (GitHub's limit is 1 MiB). The full report is in ${workspacePath(reportPath, settings.workspace)}.`).markdown;
    const prefix = notices.map((n) => `> [!NOTE]\n> ${n.replace(/\n/g, ' ')}\n\n`).join('');
    await core.summary.addRaw(prefix + body, true).write();
  }
  if (settings.failOn === 'violation' && (rendered.status === 'failed')) {
    core.setFailed(`mlci report: ${rendered.verdict}`);
    return 'check-failed';
  }
  return 'ok';
}


/**
 * Uploads report.md as a workflow artifact so a cut comment loses nothing. Only inside a runner (the artifact
 * service needs ACTIONS_RUNTIME_TOKEN); a failed upload is a warning, the job summary still has everything.
 */
async function keepFullReport(settings: ReportSettings, reportPath: string, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  if (!settings.artifactName || !env.ACTIONS_RUNTIME_TOKEN) {
    core.debug('report artifact not uploaded (no artifact-name or not inside a runner)');
    return;
  }
  try {
    const { DefaultArtifactClient } = await import('@actions/artifact');
    const r = await new DefaultArtifactClient().uploadArtifact(settings.artifactName, [reportPath], dirname(reportPath), { retentionDays: 30 });
    core.info(`Full report uploaded as artifact '${settings.artifactName}' (id ${r.id ?? '?'})`);
  } catch (err) {
    core.warning(`Could not upload the full report as an artifact: ${(err as Error).message.split('\n')[0]}. It is in the job summary.`);
  }
}
