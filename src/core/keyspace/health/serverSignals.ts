/**
 * Server-side signals for the health report, per node: INFO (keyspace, memory, server), MEMORY
 * DOCTOR and SLOWLOG GET. Each is optional: a server or ACL that refuses one leaves a note in
 * `unavailable` instead of failing the report.
 */
import type { Redis } from 'ioredis';
import { parseInfo, parseKeyspace } from '../../connection/serverInfo';
import { displayKey } from '../keyName';
import { NodeStat, ServerSignals, SlowlogEntry } from './types';

export interface NodeRef {
  name: string;
  client: Redis;
}

export interface NodeInfo {
  node: string;
  keys: number;
  expires: number;
  usedMemory?: number;
  cachedScripts?: number;
  version?: string;
}

/** INFO keyspace/memory/server of one node, for `db`. Rejects only when INFO itself fails. */
export async function readNodeInfo(node: NodeRef, db: number): Promise<NodeInfo> {
  const info = parseInfo(await node.client.info());
  const entry = parseKeyspace(info).find((k) => k.db === db);
  const out: NodeInfo = { node: node.name, keys: entry?.keys ?? 0, expires: entry?.expires ?? 0, version: info.redis_version };
  if (info.used_memory !== undefined) out.usedMemory = Number(info.used_memory);
  if (info.number_of_cached_scripts !== undefined) out.cachedScripts = Number(info.number_of_cached_scripts);
  return out;
}

/** DBSIZE of a node, the fallback when INFO is refused. */
export async function readDbSize(node: NodeRef): Promise<number> {
  return Number(await node.client.dbsize());
}

/** MEMORY DOCTOR and SLOWLOG for every node, plus the node rows' doctor text. */
export async function readServerSignals(nodes: NodeRef[], infos: (NodeInfo | undefined)[], nodeStats: NodeStat[], slowlogEntries: number): Promise<ServerSignals> {
  const unavailable: ServerSignals['unavailable'] = [];
  const refuse = (signal: string, err: unknown) => {
    const reason = err instanceof Error ? err.message : String(err);
    if (!unavailable.some((u) => u.signal === signal)) unavailable.push({ signal, reason });
  };
  const cluster = nodes.length > 1;

  const doctors = await Promise.all(
    nodes.map(async (n) => {
      try {
        const reply = (await n.client.call('MEMORY', 'DOCTOR')) as string | Buffer;
        return reply.toString();
      } catch (err) {
        refuse('MEMORY DOCTOR', err);
        return undefined;
      }
    }),
  );
  doctors.forEach((text, i) => {
    if (text !== undefined) nodeStats[i].memoryDoctor = text;
  });
  const readDoctors = doctors.map((text, i) => ({ text, node: nodes[i].name })).filter((d): d is { text: string; node: string } => d.text !== undefined);
  const memoryDoctor = readDoctors.length ? readDoctors.map((d) => (cluster ? `[${d.node}]\n${d.text.trim()}` : d.text.trim())).join('\n\n') : undefined;

  const slowlogs = await Promise.all(
    nodes.map(async (n) => {
      try {
        return parseSlowlog(await n.client.callBuffer('SLOWLOG', 'GET', String(slowlogEntries)), n.name);
      } catch (err) {
        refuse('SLOWLOG', err);
        return [];
      }
    }),
  );
  const slowlog = slowlogs.flat().sort((a, b) => b.durationUs - a.durationUs || b.timestamp - a.timestamp).slice(0, slowlogEntries);

  const scripts = infos.filter((i): i is NodeInfo => i?.cachedScripts !== undefined);
  const signals: ServerSignals = { slowlog, unavailable };
  const version = infos.find((i) => i?.version)?.version;
  if (version) signals.version = version;
  if (scripts.length) signals.cachedScripts = scripts.reduce((sum, i) => sum + (i.cachedScripts ?? 0), 0);
  if (memoryDoctor !== undefined) signals.memoryDoctor = memoryDoctor;
  return signals;
}

/**
 * SLOWLOG GET entries: `[id, time, micros, [args...], client?, name?]` (the last two since 4.0).
 * Arguments are shown as safe text: they may hold any bytes.
 */
export function parseSlowlog(reply: unknown, node: string): SlowlogEntry[] {
  if (!Array.isArray(reply)) return [];
  return reply.filter(Array.isArray).map((e: unknown[]) => {
    const entry: SlowlogEntry = {
      id: Number(String(e[0])),
      timestamp: Number(String(e[1])),
      durationUs: Number(String(e[2])),
      args: Array.isArray(e[3]) ? e[3].map((a: unknown) => (Buffer.isBuffer(a) ? displayKey(a) : String(a))) : [],
      node,
    };
    if (e[4] !== undefined && String(e[4])) entry.client = String(e[4]);
    if (e[5] !== undefined && String(e[5])) entry.clientName = String(e[5]);
    return entry;
  });
}
