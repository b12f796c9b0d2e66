/** Shared by the integration tests: the extension's API and the harness's real servers. */
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { RedisDevkitApi } from '../../src/extension';
import type { ServerSet } from '../harness/servers';

export const EXTENSION_ID = 'redis-devkit.redis-devkit';

export async function api(): Promise<RedisDevkitApi> {
  const ext = vscode.extensions.getExtension<RedisDevkitApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  return ext.activate();
}

export function servers(): ServerSet {
  const file = process.env.REDIS_DEVKIT_SERVERS;
  if (!file) throw new Error('REDIS_DEVKIT_SERVERS is not set: run the integration tier through npm test');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ServerSet;
}

export async function waitFor<T>(probe: () => T | undefined | false, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Removes every saved connection (user and workspace scope) without asking. */
export async function removeAllConnections(a: RedisDevkitApi): Promise<void> {
  for (const c of a.connections.store.list()) {
    await vscode.commands.executeCommand('redisDevkit.connections.remove', c.config.id, { confirm: false });
  }
}
