/**
 * The connection model. A `ConnectionConfig` holds only non-secret fields, so it can live in
 * settings.json (and be committed with a workspace); secrets travel separately as
 * `ConnectionSecrets` and are kept in the editor's secret storage.
 */

export type Topology = 'standalone' | 'cluster' | 'sentinel';

export interface HostPort {
  host: string;
  port: number;
}

export interface TlsConfig {
  /** PEM file with the CA(s) to trust; omitted means the system store. */
  caFile?: string;
  /** Client certificate and key for mutual TLS. */
  certFile?: string;
  keyFile?: string;
  /** SNI name and the name the certificate is checked against; defaults to the host. */
  servername?: string;
  /** Verify the server's certificate chain and name (default true). */
  verify?: boolean;
}

export interface ConnectionConfig {
  /** Stable identifier; secrets and tree ids hang off it. */
  id: string;
  name: string;
  topology: Topology;
  /** Standalone: the server. Cluster and Sentinel: unused (see `nodes`). */
  host: string;
  port: number;
  /** Cluster seed nodes, or Sentinel addresses. */
  nodes?: HostPort[];
  /** Sentinel: the monitored master's name. */
  sentinelMasterName?: string;
  /** Sentinel: ACL user on the sentinels, when they need one. */
  sentinelUsername?: string;
  /** ACL user; omitted means the `default` user. */
  username?: string;
  db?: number;
  tls?: TlsConfig;
  /** Refuse every write command before it is sent. */
  readOnly?: boolean;
}

export interface ConnectionSecrets {
  password?: string;
  sentinelPassword?: string;
  tlsKeyPassphrase?: string;
}

export const DEFAULT_PORT = 6379;
export const DEFAULT_SENTINEL_PORT = 26379;

/** Where a connection points, for messages and labels: `alice@cache-prod (10.0.0.5:6379)`. */
export function describeTarget(config: ConnectionConfig): string {
  switch (config.topology) {
    case 'cluster':
      return `cluster seeds ${formatNodes(config.nodes ?? [])}`;
    case 'sentinel':
      return `sentinel master '${config.sentinelMasterName ?? ''}' via ${formatNodes(config.nodes ?? [])}`;
    default:
      return `${formatHost(config.host)}:${config.port}`;
  }
}

export function formatNodes(nodes: readonly HostPort[]): string {
  return nodes.map((n) => `${formatHost(n.host)}:${n.port}`).join(',');
}

/** IPv6 literals need brackets next to a port. */
export function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/** `alice@cache-prod`, or just `cache-prod` for the default user; used in error messages. */
export function whoAt(config: ConnectionConfig): string {
  return config.username ? `${config.username}@${config.name}` : config.name;
}

/** Validation problems as messages naming the field; an empty list means the config is usable. */
export function validateConfig(config: ConnectionConfig): string[] {
  const problems: string[] = [];
  if (!config.id) problems.push('id is empty');
  if (!config.name.trim()) problems.push('name is empty');
  if (!['standalone', 'cluster', 'sentinel'].includes(config.topology)) {
    problems.push(`topology '${String(config.topology)}' is not one of standalone, cluster, sentinel`);
  }
  if (config.topology === 'standalone') {
    if (!config.host.trim()) problems.push('host is empty');
    if (!isValidPort(config.port)) problems.push(`port ${config.port} is not between 1 and 65535`);
  } else {
    const nodes = config.nodes ?? [];
    const what = config.topology === 'cluster' ? 'cluster seed node' : 'sentinel address';
    if (nodes.length === 0) problems.push(`at least one ${what} is needed`);
    for (const n of nodes) {
      if (!n.host.trim()) problems.push(`a ${what} has an empty host`);
      if (!isValidPort(n.port)) problems.push(`${what} ${n.host}:${n.port} has a port outside 1-65535`);
    }
  }
  if (config.topology === 'sentinel' && !config.sentinelMasterName?.trim()) {
    problems.push('sentinel master name is empty');
  }
  if (config.db !== undefined && (!Number.isInteger(config.db) || config.db < 0)) {
    problems.push(`db ${config.db} is not a whole number >= 0`);
  }
  if (config.topology === 'cluster' && config.db) {
    problems.push('a cluster has only db 0');
  }
  return problems;
}

export function isValidPort(port: number): boolean {
  return Number.isInteger(port) && port >= 1 && port <= 65535;
}

/**
 * Parses `host:port[,host:port...]` as typed in a form or a setting. Bare hosts get `defaultPort`.
 * Throws an Error naming the offending entry.
 */
export function parseHostList(text: string, defaultPort: number): HostPort[] {
  const entries = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (entries.length === 0) throw new Error('no host given');
  return entries.map((entry) => parseHostPort(entry, defaultPort));
}

export function parseHostPort(entry: string, defaultPort: number): HostPort {
  const m = /^(\[[^\]]+\]|[^:[\]]+)(?::(.*))?$/.exec(entry);
  if (!m) throw new Error(`'${entry}' is not host or host:port`);
  const host = m[1].startsWith('[') ? m[1].slice(1, -1) : m[1];
  if (m[2] === undefined) return { host, port: defaultPort };
  const port = Number(m[2]);
  if (!/^\d+$/.test(m[2]) || !isValidPort(port)) throw new Error(`port '${m[2]}' in '${entry}' is not a number between 1 and 65535`);
  return { host, port };
}
