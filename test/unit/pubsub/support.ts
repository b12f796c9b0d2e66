/** Shared by the pub/sub tests: sessions on the harness's real servers, unique channel names, waits. */
import { randomUUID } from 'node:crypto';
import calculateSlot from 'cluster-key-slot';
import type { Cluster } from 'ioredis';
import { ConnectionConfig } from '../../../src/core/connection/config';
import { RedisSession, openSession } from '../../../src/core/connection/session';
import { silentLogger } from '../../../src/core/log';
import { clusterMasters, nodeAddress } from '../../../src/core/lua/nodes';
import { PubSubMessage } from '../../../src/core/pubsub/message';
import { PubSubSession, PubSubState } from '../../../src/core/pubsub/subscriber';
import { Endpoint } from '../../harness/servers';
import { servers } from '../hooks';

export const RUN = randomUUID().slice(0, 8);

/** A channel name no other test (or run) uses: `pubsub-test:<run>:<name>`. */
export function channel(name: string): string {
  return `pubsub-test:${RUN}:${name}`;
}

export function open(config: ConnectionConfig): Promise<RedisSession> {
  return openSession(config, {}, { timeoutMs: 3000, logger: silentLogger });
}

export function standaloneConfig(endpoint: Endpoint = servers().standalone, extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { id: 'pubsub', name: 'pubsub-test', topology: 'standalone', host: endpoint.host, port: endpoint.port, ...extra };
}

export function openStandalone(extra: Partial<ConnectionConfig> = {}): Promise<RedisSession> {
  return open(standaloneConfig(servers().standalone, extra));
}

export function openCluster(extra: Partial<ConnectionConfig> = {}): Promise<RedisSession> {
  return open({ id: 'pubsub-cluster', name: 'pubsub-cluster', topology: 'cluster', host: '', port: 6379, nodes: servers().cluster.nodes, ...extra });
}

/** Everything a PubSubSession emits, recorded. */
export class Recorder {
  readonly messages: PubSubMessage[] = [];
  readonly states: PubSubState[] = [];
  constructor(session: PubSubSession) {
    session.onMessage((m) => this.messages.push(m));
    session.onState((s) => this.states.push(s));
  }

  on(channelName: string | Buffer): PubSubMessage[] {
    const want = Buffer.isBuffer(channelName) ? channelName : Buffer.from(channelName);
    return this.messages.filter((m) => m.channel.equals(want));
  }
}

export async function waitUntil(what: string, condition: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Messages arrive asynchronously: a short pause to show that nothing (more) arrives. */
export function settle(ms = 200): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** One shard channel name per cluster master (a hash tag chosen per owner), with its owner's address. */
export function shardChannelsPerMaster(cluster: Cluster, name: string): { channel: string; node: string }[] {
  const masters = clusterMasters(cluster).map(nodeAddress);
  const found = new Map<string, string>();
  for (let i = 0; found.size < masters.length && i < 10_000; i++) {
    const c = channel(`${name}:{s${i}}`);
    const owner = cluster.slots[calculateSlot(c)]?.[0];
    if (owner && !found.has(owner)) found.set(owner, c);
  }
  return masters.map((node) => ({ node, channel: found.get(node) ?? '' }));
}
