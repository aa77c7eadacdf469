import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { UsageError } from '@mlci/core';
import { appTokenSource, createProtectionRuleServer, staticToken, type TokenSource } from '@mlci/github';
import { defineCommand, ExitCode } from '../command.js';

export const protectionRuleServeCommand = defineCommand({
  name: ['protection-rule', 'serve'],
  summary: 'Run the webhook of a GitHub App that approves or rejects deployments on the run\'s mlci gate evidence.',
  usage: '[--port 3000] [--host 0.0.0.0] [--path /] [--secret-env MLCI_WEBHOOK_SECRET] [--private-key <pem file>]',
  help: [
    ['--port <n>', 'Port to listen on. Default 3000 (0: any free port).'],
    ['--host <addr>', 'Address to bind. Default 0.0.0.0.'],
    ['--path <path>', 'Webhook path. Default /.'],
    ['--secret-env <name>', 'Environment variable holding the webhook secret. Default MLCI_WEBHOOK_SECRET.'],
    ['--private-key <file>', 'GitHub App private key (PEM); with $GITHUB_APP_ID. Or $GITHUB_APP_PRIVATE_KEY, or a fixed $GITHUB_TOKEN.'],
  ],
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    path: { type: 'string' },
    'secret-env': { type: 'string' },
    'private-key': { type: 'string' },
  },
  allowPositionals: false,
  async run({ values }, io) {
    const secretEnv = values['secret-env'] ?? 'MLCI_WEBHOOK_SECRET';
    // The secret never comes from the command line, where `ps` would show it.
    const secret = io.env[secretEnv];
    if (!secret) throw new UsageError(`the webhook secret is not set`, { where: secretEnv, fix: `Export ${secretEnv} with the secret of the GitHub App's webhook` });
    const port = Number(values.port ?? '3000');
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`port '${values.port}' is not a port number`, { where: '--port', fix: 'Use 0..65535' });
    const baseUrl = io.env.GITHUB_API_URL || 'https://api.github.com';
    let tokens: TokenSource;
    const keyText = values['private-key'] ? await readKey(resolve(io.cwd, values['private-key'])) : io.env.GITHUB_APP_PRIVATE_KEY;
    if (keyText) {
      const appId = io.env.GITHUB_APP_ID;
      if (!appId) throw new UsageError('GITHUB_APP_ID is not set', { where: 'GITHUB_APP_ID', fix: "Export the App's id (App settings → About)" });
      tokens = appTokenSource({ appId, privateKey: keyText, baseUrl });
    } else if (io.env.GITHUB_TOKEN) {
      tokens = staticToken(io.env.GITHUB_TOKEN);
    } else {
      throw new UsageError('no credentials for GitHub', { where: 'mlci protection-rule serve', fix: 'Pass --private-key with GITHUB_APP_ID (recommended), or export GITHUB_TOKEN' });
    }
    const path = values.path ?? '/';
    const server = createProtectionRuleServer({ secret, baseUrl, tokens, path, log: (line) => io.stdout(`${new Date().toISOString()} ${line}\n`) });
    await new Promise<void>((ok, fail) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        fail(new UsageError(`cannot listen on ${values.host ?? '0.0.0.0'}:${port}: ${err.code ?? err.message}`, { where: '--port', fix: 'Choose a free port' })),
      );
      server.listen(port, values.host ?? '0.0.0.0', () => ok());
    });
    const address = server.address() as AddressInfo;
    io.stdout(`mlci protection rule listening on http://${address.address}:${address.port}${path} (API ${baseUrl})\n`);
    await new Promise<void>((done) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        server.close(() => done());
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    io.stdout('stopped\n');
    return ExitCode.Ok;
  },
});

async function readKey(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read the private key: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { where: path, fix: 'Pass the .pem file downloaded from the App settings' });
  }
}
