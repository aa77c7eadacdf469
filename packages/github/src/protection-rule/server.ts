import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { escapeText as escapeMarkdown, parseGateResult, verifyWebhookSignature, type GateResult } from '@mlci/core';
import { Deployments, type DeploymentRecord } from '../deployments/client.js';
import { serviceError } from '../deployments/octokit.js';
import type { TokenSource } from './app-auth.js';

export interface ProtectionRuleOptions {
  /** Webhook secret of the GitHub App: every request must carry a valid X-Hub-Signature-256. */
  secret: string;
  /** API base URL. Reviews and evidence are always fetched here, never from URLs in the payload. */
  baseUrl: string;
  tokens: TokenSource;
  /** Path the webhook is delivered to. Default '/'. */
  path?: string | undefined;
  /** Largest body accepted (bytes). Default 1 MiB (GitHub caps payloads at 25 MB; ours are small). */
  maxBodyBytes?: number | undefined;
  log?: ((line: string) => void) | undefined;
  /** Retries on API 5xx (default 2). */
  retries?: number | undefined;
  throttle?: boolean | undefined;
}

/** What happened to one delivery, for logs and tests. */
export interface ReviewOutcome {
  status: number;
  state?: 'approved' | 'rejected' | undefined;
  message: string;
}

/** GitHub's limit on a protection-rule review comment is generous; a reviewer reads the first lines. */
const COMMENT_MAX = 4000;

interface ProtectionRuleEvent {
  action?: string;
  environment?: string;
  deployment_callback_url?: string;
  deployment?: { id?: number; sha?: string; environment?: string };
  repository?: { full_name?: string; name?: string; owner?: { login?: string } };
  installation?: { id?: number };
}

function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        resolve('too-large');
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The comment a reviewer sees on the pending deployment: the decision, each reason, and the evidence. */
export function reviewComment(gate: GateResult, approved: boolean, extra: string[] = []): string {
  const e = gate.evidence;
  const lines = [
    approved ? `mlci gate passed for ${gate.environment}.` : `mlci gate refused ${gate.environment}:`,
    ...gate.reasons.map((r) => `- ${r.code}: ${r.message}`),
    ...extra.map((x) => `- ${x}`),
    `Model ${e.model.version ?? 'unversioned'}${e.model.sha256 ? ` sha256 ${e.model.sha256.slice(0, 16)}` : ''}; commit ${e.commit ?? 'unknown'}; decided ${gate.decidedAt}.`,
  ];
  if (approved && gate.checks.length) lines.push(`Checks: ${gate.checks.join('; ')}.`);
  const text = lines.map((l) => (l.startsWith('- ') ? `- ${escapeMarkdown(l.slice(2))}` : escapeMarkdown(l))).join('\n');
  return text.length <= COMMENT_MAX ? text : `${text.slice(0, COMMENT_MAX - 1)}…`;
}

/**
 * Decides one `deployment_protection_rule` delivery. Fail closed: missing or failing evidence rejects; an API failure
 * (evidence unreadable, review not accepted) leaves the deployment waiting — never approves.
 */
export async function handleProtectionRule(event: ProtectionRuleEvent, options: ProtectionRuleOptions): Promise<ReviewOutcome> {
  if (event.action !== 'requested') return { status: 202, message: `ignored action '${event.action}'` };
  const environment = event.environment;
  const runMatch = /\/actions\/runs\/(\d+)\/deployment_protection_rule$/.exec(event.deployment_callback_url ?? '');
  const full = event.repository?.full_name ?? '';
  const [owner, repo] = full.split('/');
  if (!environment || !runMatch || !owner || !repo) {
    return { status: 400, message: 'payload lacks environment, repository or a deployment_callback_url with a run id' };
  }
  const runId = Number(runMatch[1]);
  let token: string;
  try {
    token = await options.tokens(event.installation?.id);
  } catch (err) {
    return { status: 503, message: `no installation token, deployment left waiting: ${(err as Error).message}` };
  }
  const api = new Deployments({ owner, repo, token, baseUrl: options.baseUrl, retries: options.retries, throttle: options.throttle });

  // The evidence: the gate decision this run recorded for this environment (actions/gate or `mlci gate --record`).
  let records: DeploymentRecord[];
  try {
    records = await api.list({ environment, ...(event.deployment?.sha ? { sha: event.deployment.sha } : {}), limit: 30 });
  } catch (err) {
    return { status: 502, message: `cannot read gate evidence, deployment left waiting: ${(err as Error).message}` };
  }
  const fromRun = records.filter((d) => d.payload.gate && d.payload.run?.id === String(runId));
  let state: 'approved' | 'rejected';
  let comment: string;
  if (fromRun.length === 0) {
    state = 'rejected';
    comment = escapeMarkdown(`mlci gate refused ${environment}: no gate decision was recorded for ${environment} in run ${runId}${event.deployment?.sha ? ` at ${event.deployment.sha}` : ''}. Run actions/gate with environment: ${environment} before this job.`);
  } else {
    let gate: GateResult | undefined;
    const problems: string[] = [];
    try {
      gate = parseGateResult(fromRun[0]!.payload.gate);
    } catch (err) {
      problems.push(`evidence-invalid: ${(err as Error).message}`);
    }
    if (gate && gate.environment !== environment) problems.push(`evidence-inconsistent: the gate decided for ${gate.environment}, not ${environment}`);
    if (gate && event.deployment?.sha && gate.evidence.commit && gate.evidence.commit !== event.deployment.sha) {
      problems.push(`evidence-inconsistent: the gate saw commit ${gate.evidence.commit}, the deployment is ${event.deployment.sha}`);
    }
    const approved = !!gate && gate.decision === 'pass' && problems.length === 0;
    state = approved ? 'approved' : 'rejected';
    comment = gate ? reviewComment(gate, approved, problems) : escapeMarkdown(`mlci gate refused ${environment}: ${problems.join('; ')}`);
  }

  const route = 'POST /repos/{owner}/{repo}/actions/runs/{run_id}/deployment_protection_rule';
  try {
    await api.octokit.request(route, { owner, repo, run_id: runId, environment_name: environment, state, comment });
  } catch (err) {
    return { status: 502, message: `review not accepted, deployment left waiting: ${serviceError('cannot review the deployment', route, err).message}` };
  }
  return { status: 200, state, message: `${state} ${environment} for ${owner}/${repo} run ${runId}` };
}

/** The webhook server: verifies X-Hub-Signature-256 on the raw body before anything else. */
export function createProtectionRuleServer(options: ProtectionRuleOptions): Server {
  const path = options.path ?? '/';
  const log = options.log ?? (() => {});
  const reply = (res: ServerResponse, status: number, message: string) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message }));
  };
  return createServer(async (req, res) => {
    const delivery = String(req.headers['x-github-delivery'] ?? '-');
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'GET' && url.pathname === '/healthz') return reply(res, 200, 'ok');
      if (url.pathname !== path) return reply(res, 404, 'not found');
      if (req.method !== 'POST') return reply(res, 405, 'POST only');
      const body = await readBody(req, options.maxBodyBytes ?? 1 << 20);
      if (body === 'too-large') {
        log(`delivery ${delivery}: refused, body too large`);
        return reply(res, 413, 'payload too large');
      }
      const signature = req.headers['x-hub-signature-256'];
      if (!verifyWebhookSignature(options.secret, body, Array.isArray(signature) ? signature[0] : signature)) {
        log(`delivery ${delivery}: refused, missing or bad X-Hub-Signature-256`);
        return reply(res, 401, 'bad signature');
      }
      const event = String(req.headers['x-github-event'] ?? '');
      if (event === 'ping') return reply(res, 200, 'pong');
      if (event !== 'deployment_protection_rule') return reply(res, 202, `ignored event '${event}'`);
      let payload: ProtectionRuleEvent;
      try {
        payload = JSON.parse(body.toString('utf8')) as ProtectionRuleEvent;
      } catch {
        return reply(res, 400, 'body is not JSON');
      }
      const outcome = await handleProtectionRule(payload, options);
      log(`delivery ${delivery}: ${outcome.status} ${outcome.message}`);
      return reply(res, outcome.status, outcome.message);
    } catch (err) {
      // Never approve on an unexpected error: the deployment keeps waiting.
      log(`delivery ${delivery}: internal error, deployment left waiting: ${(err as Error).message}`);
      if (!res.headersSent) reply(res, 500, 'internal error');
    }
  });
}
