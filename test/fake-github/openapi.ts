import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * GitHub's official REST description (@octokit/openapi, api.github.com.json), used to check every request the
 * fake API receives: the method and path must name a documented operation, path and query parameters must match
 * their schemas, and a JSON body must match the request body schema. $refs are resolved by Ajv against the spec.
 */

type Json = Record<string, any>;

export interface Operation {
  /** Spec path template, e.g. `/repos/{owner}/{repo}/issues/{issue_number}/comments`. */
  template: string;
  method: string;
  operationId: string;
  /** Path parameter values, decoded. */
  params: Record<string, string>;
}

export interface SpecCheck {
  operation: Operation | undefined;
  /** Human-readable problems; empty when the request matches the description. */
  problems: string[];
}

interface CompiledPath {
  template: string;
  regex: RegExp;
  names: string[];
  /** Literal characters in the template: more literal = more specific (`/runs/{id}` vs `/{a}/{b}`). */
  literal: number;
}

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const require = createRequire(import.meta.url);

let cached: OpenApi | undefined;

/** Loads the spec once per test process (parsing 13 MB takes ~0.3 s). */
export function githubOpenApi(): OpenApi {
  cached ??= new OpenApi(normaliseNullable(JSON.parse(readFileSync(require.resolve('@octokit/openapi/generated/api.github.com.json'), 'utf8')) as Json));
  return cached;
}

/**
 * OpenAPI 3.0 writes "may be null" as `nullable: true`. Ajv understands it beside a `type`, but refuses to compile it
 * without one (GitHub puts it beside `oneOf`/`anyOf`, e.g. `milestone` in the issue bodies): say the same thing in JSON
 * Schema there, so every documented body can be checked.
 */
function normaliseNullable(node: unknown): Json {
  const stack: unknown[] = [node];
  while (stack.length) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    const o = n as Json;
    if (o.nullable === true && o.type === undefined) {
      delete o.nullable;
      for (const key of ['oneOf', 'anyOf'] as const) if (Array.isArray(o[key])) (o[key] as unknown[]).push({ type: 'null' });
    }
    for (const v of Object.values(o)) if (v && typeof v === 'object') stack.push(v);
  }
  return node as Json;
}

/** A path template such as `/repos/{owner}/{repo}` as a regex with one group per parameter, and the parameters' names. */
export function compilePathTemplate(template: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const m = /^\{([^}]+)\}$/.exec(part);
      if (m) {
        names.push(m[1]!);
        return '([^/]+)';
      }
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return { regex: new RegExp(`^${source}$`), names };
}

function pointerEscape(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

export class OpenApi {
  private readonly spec: Json;
  private readonly paths: CompiledPath[];
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();

  constructor(spec: Json) {
    this.spec = spec;
    this.paths = Object.keys(spec.paths as Json)
      .map((template) => {
        const { regex, names } = compilePathTemplate(template);
        return { template, regex, names, literal: template.replace(/\{[^}]+\}/g, '').length };
      })
      .sort((a, b) => b.literal - a.literal);
    // OpenAPI 3.0 schemas carry `nullable`, `example`, `x-*`: not JSON Schema keywords, so strict mode is off.
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
    addFormats(this.ajv);
    // Only what refs point into; `paths` is included so a body schema can be addressed by JSON pointer.
    this.ajv.addSchema({ $id: 'gh', components: spec.components, paths: spec.paths }, 'gh');
  }

  /** Finds the operation for a method and a URL path (without the query string). */
  match(method: string, pathname: string): Operation | undefined {
    const lower = method.toLowerCase();
    for (const p of this.paths) {
      const m = p.regex.exec(pathname);
      if (!m) continue;
      const op = (this.spec.paths as Json)[p.template]?.[lower] as Json | undefined;
      if (!op) continue;
      const params: Record<string, string> = {};
      p.names.forEach((name, i) => (params[name] = decodeURIComponent(m[i + 1]!)));
      return { template: p.template, method: lower, operationId: op.operationId as string, params };
    }
    return undefined;
  }

  private deref(node: Json): Json {
    let n = node;
    for (let i = 0; i < 10 && typeof n?.$ref === 'string'; i++) {
      const parts = (n.$ref as string).replace(/^#\//, '').split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
      n = parts.reduce<Json>((acc, key) => acc?.[key], this.spec);
    }
    return n;
  }

  private validator(pointer: string): ValidateFunction {
    let v = this.validators.get(pointer);
    if (!v) {
      v = this.ajv.compile({ $ref: `gh#${pointer}` });
      this.validators.set(pointer, v);
    }
    return v;
  }

  private parameters(op: Operation): Array<{ param: Json; pointer: string }> {
    const item = (this.spec.paths as Json)[op.template] as Json;
    const list: Array<{ param: Json; pointer: string }> = [];
    const base = `/paths/${pointerEscape(op.template)}`;
    const add = (p: Json, own: string) => list.push({ param: this.deref(p), pointer: typeof p.$ref === 'string' ? (p.$ref as string).slice(1) : own });
    (item.parameters as Json[] | undefined)?.forEach((p, i) => add(p, `${base}/parameters/${i}`));
    (item[op.method].parameters as Json[] | undefined)?.forEach((p, i) => add(p, `${base}/${op.method}/parameters/${i}`));
    return list;
  }

  /** Checks one request against the description. */
  check(method: string, url: URL, body: unknown, contentType: string | undefined): SpecCheck {
    const operation = this.match(method, url.pathname);
    if (!operation) return { operation, problems: [`${method} ${url.pathname} is not a GitHub REST endpoint`] };
    const problems: string[] = [];
    const params = this.parameters(operation);
    const known = new Set<string>();
    for (const { param, pointer } of params) {
      if (param.in !== 'path' && param.in !== 'query') continue;
      const name = param.name as string;
      if (param.in === 'query') known.add(name);
      const raw = param.in === 'path' ? operation.params[name] : url.searchParams.has(name) ? url.searchParams.get(name)! : undefined;
      if (raw === undefined) {
        if (param.required) problems.push(`missing required ${param.in} parameter '${name}'`);
        continue;
      }
      const schema = this.deref(param.schema as Json);
      const value = coerce(raw, schema);
      const validate = this.validator(`${pointer}/schema`);
      if (!validate(value)) problems.push(`${param.in} parameter '${name}'=${JSON.stringify(raw)}: ${this.ajv.errorsText(validate.errors)}`);
    }
    for (const name of url.searchParams.keys()) {
      if (!known.has(name)) problems.push(`unknown query parameter '${name}' for ${operation.operationId}`);
    }
    const item = (this.spec.paths as Json)[operation.template][operation.method] as Json;
    const requestBody = item.requestBody ? this.deref(item.requestBody as Json) : undefined;
    if (requestBody) {
      const json = requestBody.content?.['application/json'];
      if (body === undefined) {
        if (requestBody.required) problems.push(`missing required JSON body`);
      } else if (json) {
        if (contentType && !/json/i.test(contentType)) problems.push(`body sent as '${contentType}', expected application/json`);
        const pointer = item.requestBody.$ref
          ? `${(item.requestBody.$ref as string).slice(1)}/content/application~1json/schema`
          : `/paths/${pointerEscape(operation.template)}/${operation.method}/requestBody/content/application~1json/schema`;
        const validate = this.validator(pointer);
        if (!validate(body)) problems.push(`request body: ${this.ajv.errorsText(validate.errors, { dataVar: 'body' })}`);
      }
    } else if (body !== undefined && !(typeof body === 'object' && body !== null && Object.keys(body).length === 0)) {
      problems.push(`${operation.operationId} takes no request body`);
    }
    return { operation, problems };
  }
}

/** Query and path values are strings on the wire; coerce them to what the schema expects before validating. */
function coerce(raw: string, schema: Json | undefined): unknown {
  const type = schema?.type as string | undefined;
  if (type === 'integer' || type === 'number') return raw.trim() === '' || Number.isNaN(Number(raw)) ? raw : Number(raw);
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  if (type === 'array') return raw.split(',');
  // oneOf [integer, string] (e.g. workflow_id): numbers stay strings unless only an integer would do.
  return raw;
}
