import { githubOpenApi } from '../fake-github/openapi.js';

/**
 * Workaround for a gap in the fake's spec check (test/fake-github/openapi.ts, not ours): OpenAPI 3.0 puts
 * `nullable: true` beside `oneOf` without a `type` (e.g. `milestone` in the create/update issue bodies), which Ajv
 * refuses to compile ("nullable" cannot be used without "type"), so every such request would answer 500. Rewrites
 * those nodes into the JSON Schema they mean (`oneOf` + `{type: null}`) in this test process's copy of the spec,
 * before any validator is compiled. Remove once openapi.ts normalises `nullable` itself.
 */
export function normaliseIssueBodySchemas(): void {
  const spec = (githubOpenApi() as unknown as { spec: { paths: Record<string, Record<string, any>> } }).spec;
  const bodies = [spec.paths['/repos/{owner}/{repo}/issues']?.post, spec.paths['/repos/{owner}/{repo}/issues/{issue_number}']?.patch].map(
    (op) => op?.requestBody?.content?.['application/json']?.schema,
  );
  const walk = (node: any): void => {
    if (!node || typeof node !== 'object') return;
    if (node.nullable === true && node.type === undefined && Array.isArray(node.oneOf)) {
      delete node.nullable;
      node.oneOf.push({ type: 'null' });
    }
    for (const v of Object.values(node)) walk(v);
  };
  bodies.forEach(walk);
}
