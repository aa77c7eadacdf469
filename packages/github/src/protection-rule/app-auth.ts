import { createPrivateKey, sign } from 'node:crypto';

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

/**
 * A GitHub App JWT (RS256), valid 9 minutes and backdated 60 s for clock drift, as GitHub recommends.
 * `privateKey` is the PEM downloaded from the App settings (PKCS#1 or PKCS#8).
 */
export function createAppJwt(appId: string | number, privateKey: string, now: Date = new Date()): string {
  const iat = Math.floor(now.getTime() / 1000) - 60;
  const header = b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT' }));
  const body = b64url(JSON.stringify({ iat, exp: iat + 9 * 60, iss: String(appId) }));
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${body}`), createPrivateKey(privateKey));
  return `${header}.${body}.${b64url(signature)}`;
}

export interface InstallationToken {
  token: string;
  expiresAt: string;
}

/** Exchanges the App JWT for an installation access token: POST /app/installations/{installation_id}/access_tokens. */
export async function installationToken(baseUrl: string, jwt: string, installationId: number, fetchImpl: typeof fetch = fetch): Promise<InstallationToken> {
  const url = `${baseUrl.replace(/\/+$/, '')}/app/installations/${installationId}/access_tokens`;
  const res = await fetchImpl(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt}`, accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28', 'user-agent': 'mlci' },
  });
  if (res.status !== 201) {
    const text = await res.text().catch(() => '');
    throw new Error(`installation token for ${installationId}: GitHub answered ${res.status} ${text.slice(0, 200)}`);
  }
  const data = (await res.json()) as { token: string; expires_at: string };
  return { token: data.token, expiresAt: data.expires_at };
}

/** Where installation tokens come from: a fixed token (tests, a PAT) or the App's key, cached until 5 min before expiry. */
export type TokenSource = (installationId: number | undefined) => Promise<string>;

export function staticToken(token: string): TokenSource {
  return async () => token;
}

export function appTokenSource(options: { appId: string | number; privateKey: string; baseUrl: string; fetchImpl?: typeof fetch }): TokenSource {
  const cache = new Map<number, InstallationToken>();
  return async (installationId) => {
    if (installationId === undefined) throw new Error('the webhook has no installation id: is it sent by the GitHub App?');
    const hit = cache.get(installationId);
    if (hit && Date.parse(hit.expiresAt) - Date.now() > 5 * 60_000) return hit.token;
    const fresh = await installationToken(options.baseUrl, createAppJwt(options.appId, options.privateKey), installationId, options.fetchImpl);
    cache.set(installationId, fresh);
    return fresh.token;
  };
}
