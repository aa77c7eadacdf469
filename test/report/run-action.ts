import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBundledAction as runAsRunner, type ActionRun } from '../helpers/action.js';

export { parseOutputs, type ActionRun } from '../helpers/action.js';

export function pullRequestEvent(number: number, options: { owner?: string; repo?: string; headRepo?: string; baseRef?: string } = {}): unknown {
  const full = `${options.owner ?? 'acme'}/${options.repo ?? 'model'}`;
  return {
    action: 'synchronize',
    number,
    pull_request: {
      number,
      base: { ref: options.baseRef ?? 'main', sha: 'b'.repeat(40), repo: { full_name: full } },
      head: { ref: 'feature', sha: 'c'.repeat(40), repo: { full_name: options.headRepo ?? full } },
    },
    repository: { full_name: full, default_branch: 'main' },
  };
}

/**
 * Runs a bundled action as the runner does (test/helpers/action.ts) inside a pull request's GitHub context:
 * GITHUB_* variables for acme/model, the event file, and GITHUB_API_URL pointing at the fake API.
 */
export async function runBundledAction(
  name: string,
  options: { inputs?: Record<string, string>; env?: Record<string, string>; event?: unknown; eventName?: string; apiUrl: string; workspace: string },
): Promise<ActionRun> {
  const event = join(mkdtempSync(join(tmpdir(), `mlci-event-${name}-`)), 'event.json');
  writeFileSync(event, JSON.stringify(options.event ?? {}));
  return runAsRunner(
    name,
    options.inputs ?? {},
    {
      HOME: process.env.HOME ?? tmpdir(),
      GITHUB_ACTIONS: 'true',
      GITHUB_API_URL: options.apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/model',
      GITHUB_REPOSITORY_OWNER: 'acme',
      GITHUB_WORKFLOW: 'CI',
      GITHUB_WORKFLOW_REF: 'acme/model/.github/workflows/ci.yml@refs/pull/7/merge',
      GITHUB_RUN_ID: '9000',
      GITHUB_RUN_ATTEMPT: '1',
      GITHUB_SHA: 'c'.repeat(40),
      GITHUB_REF: 'refs/pull/7/merge',
      GITHUB_EVENT_NAME: options.eventName ?? 'pull_request',
      GITHUB_EVENT_PATH: event,
      ...options.env,
    },
    options.workspace,
  );
}
