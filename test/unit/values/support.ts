/** Shared by the value reader/writer tests: sessions on the harness's real servers, unique keys. */
import { randomUUID } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { ConnectionConfig } from '../../../src/core/connection/config';
import { RedisSession, openSession } from '../../../src/core/connection/session';
import { silentLogger } from '../../../src/core/log';
import { servers } from '../hooks';

const RUN = randomUUID().slice(0, 8);

/** A key no other test (or run) uses: `values-test:<run>:<name>`. */
export function testKey(name: string | Buffer): Buffer {
  return Buffer.concat([Buffer.from(`values-test:${RUN}:`), Buffer.isBuffer(name) ? name : Buffer.from(name)]);
}

export function standaloneConfig(extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { id: 'values', name: 'values-test', topology: 'standalone', host: '127.0.0.1', port: servers().standalone.port, ...extra };
}

export function open(config: ConnectionConfig): Promise<RedisSession> {
  return openSession(config, {}, { timeoutMs: 3000, logger: silentLogger });
}

export function openCluster(): Promise<RedisSession> {
  return open({ id: 'values-cluster', name: 'values-cluster', topology: 'cluster', host: '', port: 6379, nodes: servers().cluster.nodes });
}

/** Deletes every key this run's tests made on the session's server (all masters of a cluster). */
export async function removeTestKeys(session: RedisSession): Promise<void> {
  const client = session.client;
  const nodes = 'isCluster' in client && client.isCluster ? (client as Cluster).nodes('master') : [client as Redis];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scanBuffer(cursor, 'MATCH', `values-test:${RUN}:*`, 'COUNT', 1000);
      cursor = next.toString();
      // Each key on its own: on a cluster node, one DEL may not span slots.
      for (const key of keys) await node.del(key);
    } while (cursor !== '0');
  }
}

/**
 * A standalone session for a suite: opened before its tests; this run's keys removed and the
 * session closed after them. Call inside `describe`; use the returned getter in tests.
 */
export function standaloneSession(): () => RedisSession {
  let session: RedisSession | undefined;
  before(async () => {
    session = await open(standaloneConfig());
  });
  after(async () => {
    if (!session) return;
    await removeTestKeys(session);
    await session.close();
  });
  return () => {
    if (!session) throw new Error('the session opens in the suite\'s before hook');
    return session;
  };
}
