/** What the tree tooltip says about a server: read from INFO (and the cluster's node list). */
import type { Cluster, Redis } from 'ioredis';
import { ConnectionConfig } from './config';

export interface KeyspaceEntry {
  db: number;
  keys: number;
  expires: number;
}

export interface ServerInfo {
  version?: string;
  mode: 'standalone' | 'cluster' | 'sentinel';
  role?: string;
  usedMemoryHuman?: string;
  /** Cluster: number of masters. */
  masters?: number;
  /** Sentinel: the master's name and where it is now. */
  sentinelMaster?: { name: string; host: string; port: number };
  /** Databases that hold keys; a cluster reports db 0 summed over its masters. */
  keyspace: KeyspaceEntry[];
  /** Set when the server would not tell (an ACL user without INFO, say): the reason. */
  limitedBy?: string;
}

/** Parses INFO output into `field -> value`. */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    if (!line || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return out;
}

/** Reads `db0:keys=12,expires=3,avg_ttl=0` lines from parsed INFO. */
export function parseKeyspace(info: Record<string, string>): KeyspaceEntry[] {
  const out: KeyspaceEntry[] = [];
  for (const [field, value] of Object.entries(info)) {
    const db = /^db(\d+)$/.exec(field);
    if (!db) continue;
    const stats = Object.fromEntries(value.split(',').map((kv) => kv.split('=')));
    out.push({ db: Number(db[1]), keys: Number(stats.keys ?? 0), expires: Number(stats.expires ?? 0) });
  }
  return out.sort((a, b) => a.db - b.db);
}

/** Gathers ServerInfo from a connected client; never throws for lack of INFO permission. */
export async function readServerInfo(
  client: Redis | Cluster,
  config: ConnectionConfig,
  sentinelMaster?: ServerInfo['sentinelMaster'],
): Promise<ServerInfo> {
  const isCluster = 'nodes' in client && typeof (client as Cluster).nodes === 'function' && config.topology === 'cluster';
  const nodes: Redis[] = isCluster ? (client as Cluster).nodes('master') : [client as Redis];
  const base: ServerInfo = { mode: config.topology, keyspace: [] };
  if (isCluster) base.masters = nodes.length;
  if (sentinelMaster) base.sentinelMaster = sentinelMaster;
  let infos: Record<string, string>[];
  try {
    infos = await Promise.all(nodes.map(async (n) => parseInfo(await n.info())));
  } catch (e) {
    const message = (e as Error).message;
    if (/^NOPERM/.test(message)) return { ...base, limitedBy: `ACL user '${config.username ?? 'default'}' may not run INFO` };
    throw e;
  }
  const first = infos[0] ?? {};
  const totals = new Map<number, KeyspaceEntry>();
  for (const info of infos) {
    for (const entry of parseKeyspace(info)) {
      const t = totals.get(entry.db) ?? { db: entry.db, keys: 0, expires: 0 };
      t.keys += entry.keys;
      t.expires += entry.expires;
      totals.set(entry.db, t);
    }
  }
  return {
    ...base,
    version: first.redis_version,
    role: first.role,
    usedMemoryHuman: isCluster ? sumMemory(infos) : first.used_memory_human,
    keyspace: [...totals.values()].sort((a, b) => a.db - b.db),
  };
}

function sumMemory(infos: Record<string, string>[]): string | undefined {
  const bytes = infos.reduce((sum, i) => sum + Number(i.used_memory ?? 0), 0);
  return bytes ? formatBytes(bytes) : undefined;
}

/** 1536 -> "1.50K", matching the style of INFO's used_memory_human. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'K', 'M', 'G', 'T'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value}B` : `${value.toFixed(2)}${units[unit]}`;
}
