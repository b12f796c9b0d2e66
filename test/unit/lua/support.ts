/**
 * Shared by the Lua runner, functions and kill tests: sessions on the harness's real servers, a
 * dedicated standalone server for tests that restart or wedge it, INFO commandstats deltas, and
 * keys that land on a chosen cluster master.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import calculateSlot from 'cluster-key-slot';
import type { Cluster, Redis } from 'ioredis';
import { ConnectionConfig } from '../../../src/core/connection/config';
import { RedisSession, openSession } from '../../../src/core/connection/session';
import { silentLogger } from '../../../src/core/log';
import { clusterMasters, nodeAddress } from '../../../src/core/lua/nodes';
import { isAlive, readPid, serverFiles } from '../../harness/redis-process';
import { Endpoint, ServerSet, startServers, stopServers } from '../../harness/servers';
import { servers } from '../hooks';

export const RUN = randomUUID().slice(0, 8);

/** A key only this run uses: `lua-test:<run>:<name>`. */
export function luaKey(name: string): string {
  return `lua-test:${RUN}:${name}`;
}

/** A script source no earlier run has loaded (the run id sits in a comment), so caches start cold. */
export function freshScript(body: string, tag = ''): string {
  return `-- lua-test ${RUN} ${tag} ${randomUUID()}\n${body}`;
}

export function open(config: ConnectionConfig): Promise<RedisSession> {
  return openSession(config, {}, { timeoutMs: 3000, logger: silentLogger });
}

export function standaloneConfig(endpoint: Endpoint, extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { id: 'lua', name: 'lua-test', topology: 'standalone', host: endpoint.host, port: endpoint.port, ...extra };
}

export function openStandalone(extra: Partial<ConnectionConfig> = {}): Promise<RedisSession> {
  return open(standaloneConfig(servers().standalone, extra));
}

export function openCluster(extra: Partial<ConnectionConfig> = {}): Promise<RedisSession> {
  return open({ id: 'lua-cluster', name: 'lua-cluster', topology: 'cluster', host: '', port: 6379, nodes: servers().cluster.nodes, ...extra });
}

/** The connections a session's commands reach: each cluster master, or the one client. */
export function nodesOf(session: RedisSession): Redis[] {
  const c = session.client;
  return (c as Cluster).isCluster ? clusterMasters(c as Cluster) : [c as Redis];
}

/** `calls` per command from INFO commandstats ('evalsha', 'script|load', ...). */
export async function commandCalls(redis: Redis | Cluster): Promise<Record<string, number>> {
  const info = String(await (redis as Redis).info('commandstats'));
  const calls: Record<string, number> = {};
  for (const m of info.matchAll(/^cmdstat_(\S+?):calls=(\d+)/gm)) calls[m[1]] = Number(m[2]);
  return calls;
}

/** How many more calls each of `names` got between two commandstats readings. */
export function callsAdded(before: Record<string, number>, after: Record<string, number>, names: string[]): Record<string, number> {
  return Object.fromEntries(names.map((n) => [n, (after[n] ?? 0) - (before[n] ?? 0)]));
}

/** The script-related counters the cache tests watch. */
export const SCRIPT_COMMANDS = ['eval', 'eval_ro', 'evalsha', 'evalsha_ro', 'script|load'];

/** Deletes this run's keys on every node of the session. */
export async function removeLuaKeys(session: RedisSession): Promise<void> {
  for (const node of nodesOf(session)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `lua-test:${RUN}:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) await node.del(key);
    } while (cursor !== '0');
  }
}

/** One key per cluster master (a hash tag chosen so its slot falls in that master's range), with its owner. */
export function keysPerMaster(cluster: Cluster, name: string): { key: string; node: string }[] {
  const found = new Map<string, string>();
  const masters = clusterMasters(cluster).map(nodeAddress);
  for (let i = 0; found.size < masters.length && i < 10_000; i++) {
    const key = luaKey(`${name}:{t${i}}`);
    const owner = cluster.slots[calculateSlot(key)]?.[0];
    if (owner && !found.has(owner)) found.set(owner, key);
  }
  return masters.map((node) => ({ node, key: found.get(node) ?? '' }));
}

/**
 * A standalone redis-server of the suite's own (started in `before`, stopped in `after`), for
 * tests that restart it, flush its script cache or leave it busy: the shared server stays usable
 * for every other test.
 */
export function ownServer(): () => ServerSet {
  let set: ServerSet | undefined;
  before(async function () {
    this.timeout(20_000);
    set = await startServers(['standalone']);
  });
  after(async function () {
    this.timeout(20_000);
    if (set) await stopServers(set);
  });
  return () => {
    if (!set) throw new Error('the server starts in the suite\'s before hook');
    return set;
  };
}

/** The pid of a set's standalone server, from its pidfile. */
export function standalonePid(set: ServerSet): number | undefined {
  return readPid(serverFiles(path.join(set.dir, 'standalone')).pidFile);
}

export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export async function waitGone(pid: number): Promise<void> {
  await waitUntil(`process ${pid} to exit`, () => !isAlive(pid), 10_000);
}
