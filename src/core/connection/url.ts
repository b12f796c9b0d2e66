/**
 * redis:// URLs in and out. Accepted forms:
 *   redis://[user[:password]@]host[:port][/db][?name=..&readonly=true]
 *   rediss://...                                   TLS (add ?verify=false to skip verification)
 *   redis+sentinel://[user[:password]@]h1:p1,h2:p2/master[/db]   (rediss+sentinel for TLS)
 *   redis+cluster://[user[:password]@]h1:p1,h2:p2                (rediss+cluster for TLS)
 * Errors name the offending part and never echo a password.
 */
import {
  ConnectionConfig,
  ConnectionSecrets,
  DEFAULT_PORT,
  DEFAULT_SENTINEL_PORT,
  HostPort,
  Topology,
  formatHost,
  formatNodes,
  parseHostPort,
} from './config';

export type ParsedConnection = Omit<ConnectionConfig, 'id'>;

export interface ParsedUrl {
  config: ParsedConnection;
  secrets: ConnectionSecrets;
}

/** A URL that cannot be used, with the part that is wrong. */
export class UrlError extends Error {
  constructor(
    readonly part: string,
    message: string,
  ) {
    super(message);
    this.name = 'UrlError';
  }
}

const SCHEMES: Record<string, { topology: Topology; tls: boolean }> = {
  'redis:': { topology: 'standalone', tls: false },
  'rediss:': { topology: 'standalone', tls: true },
  'redis+sentinel:': { topology: 'sentinel', tls: false },
  'rediss+sentinel:': { topology: 'sentinel', tls: true },
  'redis+cluster:': { topology: 'cluster', tls: false },
  'rediss+cluster:': { topology: 'cluster', tls: true },
};

const QUERY_KEYS = ['name', 'readonly', 'db', 'verify', 'servername'];

/** Parses a connection URL; throws `UrlError` naming the part at fault. */
export function parseRedisUrl(input: string): ParsedUrl {
  const text = input.trim();
  const m = /^([a-z+]+:)\/\/([^/?#]*)(\/[^?#]*)?(\?[^#]*)?(#.*)?$/i.exec(text);
  if (!m) {
    const scheme = /^([a-z+]+:)/i.exec(text)?.[1];
    if (scheme && !SCHEMES[scheme.toLowerCase()]) throw unknownScheme(scheme);
    throw new UrlError('url', `'${redactUrl(text)}' is not a URL like redis://host:6379`);
  }
  const [, rawScheme, authority, rawPath = '', rawQuery = '', fragment] = m;
  const scheme = SCHEMES[rawScheme.toLowerCase()];
  if (!scheme) throw unknownScheme(rawScheme);
  if (fragment) throw new UrlError('fragment', `unexpected '${fragment}' at the end of the URL`);

  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : undefined;
  const hostPart = at >= 0 ? authority.slice(at + 1) : authority;
  const { username, password } = parseUserinfo(userinfo);

  const defaultPort = scheme.topology === 'sentinel' ? DEFAULT_SENTINEL_PORT : DEFAULT_PORT;
  const nodes = parseHosts(hostPart, defaultPort);
  if (scheme.topology === 'standalone' && nodes.length > 1) {
    throw new UrlError('host', `several hosts ('${hostPart}') need redis+cluster:// or redis+sentinel://`);
  }

  const segments = rawPath.split('/').filter((s) => s !== '').map((s) => decodePart(s, 'path'));
  let sentinelMasterName: string | undefined;
  if (scheme.topology === 'sentinel') {
    sentinelMasterName = segments.shift();
    if (!sentinelMasterName) throw new UrlError('master', 'a sentinel URL needs the master name as its path: redis+sentinel://host:26379/mymaster');
  }
  if (segments.length > 1) throw new UrlError('path', `unexpected path '${rawPath}'`);
  let db = segments.length ? parseDb(segments[0]) : undefined;

  const query = parseQuery(rawQuery);
  if (query.db !== undefined) {
    if (db !== undefined) throw new UrlError('db', 'the db is given both in the path and as ?db=');
    db = parseDb(query.db);
  }
  if (scheme.topology === 'cluster' && db) throw new UrlError('db', `a cluster has only db 0, not db ${db}`);
  const readOnly = query.readonly !== undefined ? parseBool(query.readonly, 'readonly') : undefined;
  const verify = query.verify !== undefined ? parseBool(query.verify, 'verify') : undefined;
  if ((verify !== undefined || query.servername !== undefined) && !scheme.tls) {
    throw new UrlError('query', `${verify !== undefined ? 'verify' : 'servername'} applies only to rediss:// URLs`);
  }

  const first = nodes[0];
  const config: ParsedConnection = {
    name: query.name ?? defaultName(scheme.topology, nodes, sentinelMasterName),
    topology: scheme.topology,
    host: scheme.topology === 'standalone' ? first.host : '',
    port: scheme.topology === 'standalone' ? first.port : DEFAULT_PORT,
  };
  if (scheme.topology !== 'standalone') config.nodes = nodes;
  if (sentinelMasterName) config.sentinelMasterName = sentinelMasterName;
  if (username) config.username = username;
  if (db !== undefined) config.db = db;
  if (scheme.tls) {
    config.tls = {};
    if (verify === false) config.tls.verify = false;
    if (query.servername) config.tls.servername = query.servername;
  }
  if (readOnly) config.readOnly = true;
  const secrets: ConnectionSecrets = password !== undefined && password !== '' ? { password } : {};
  return { config, secrets };
}

/** The URL for a config, never with a password in it (Copy URL, logs). */
export function formatRedisUrl(config: ConnectionConfig): string {
  const tls = config.tls ? 's' : '';
  const scheme = config.topology === 'standalone' ? `redis${tls}` : `redis${tls}+${config.topology}`;
  const user = config.username ? `${encodeURIComponent(config.username)}@` : '';
  const hosts = config.topology === 'standalone' ? `${formatHost(config.host)}:${config.port}` : formatNodes(config.nodes ?? []);
  let path = '';
  if (config.topology === 'sentinel') path += `/${encodeURIComponent(config.sentinelMasterName ?? '')}`;
  if (config.db) path += `/${config.db}`;
  const query: string[] = [];
  if (config.readOnly) query.push('readonly=true');
  if (config.tls?.verify === false) query.push('verify=false');
  if (config.tls?.servername) query.push(`servername=${encodeURIComponent(config.tls.servername)}`);
  return `${scheme}://${user}${hosts}${path}${query.length ? `?${query.join('&')}` : ''}`;
}

/** The URL with any password replaced, safe to show in an error or a log. */
export function redactUrl(text: string): string {
  return text.replace(/^([a-z+]+:\/\/[^:@/]*:)[^@/]*@/i, '$1***@');
}

function unknownScheme(scheme: string): UrlError {
  return new UrlError('scheme', `unknown scheme '${scheme}//': use redis://, rediss://, redis+sentinel:// or redis+cluster://`);
}

function parseUserinfo(userinfo: string | undefined): { username?: string; password?: string } {
  if (userinfo === undefined) return {};
  const colon = userinfo.indexOf(':');
  const rawUser = colon >= 0 ? userinfo.slice(0, colon) : userinfo;
  const rawPassword = colon >= 0 ? userinfo.slice(colon + 1) : undefined;
  const username = rawUser ? decodePart(rawUser, 'username') : undefined;
  let password: string | undefined;
  if (rawPassword !== undefined) {
    try {
      password = decodeURIComponent(rawPassword);
    } catch {
      throw new UrlError('password', 'the password has invalid %-encoding (write % as %25)');
    }
  }
  return { username, password };
}

function parseHosts(hostPart: string, defaultPort: number): HostPort[] {
  if (!hostPart) throw new UrlError('host', 'the host is missing: redis://host:6379');
  return hostPart.split(',').map((entry) => {
    if (!entry) throw new UrlError('host', `empty host in '${hostPart}'`);
    try {
      return parseHostPort(entry, defaultPort);
    } catch (e) {
      throw new UrlError(/port/.test((e as Error).message) ? 'port' : 'host', (e as Error).message);
    }
  });
}

function parseDb(text: string): number {
  if (!/^\d+$/.test(text)) throw new UrlError('db', `db '${text}' is not a number`);
  return Number(text);
}

function parseBool(text: string, key: string): boolean {
  if (/^(true|1|yes)$/i.test(text)) return true;
  if (/^(false|0|no)$/i.test(text)) return false;
  throw new UrlError('query', `${key}=${text} is not true or false`);
}

function parseQuery(rawQuery: string): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const pair of rawQuery.replace(/^\?/, '').split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const key = decodePart(eq >= 0 ? pair.slice(0, eq) : pair, 'query').toLowerCase();
    if (!QUERY_KEYS.includes(key)) throw new UrlError('query', `unknown parameter '${key}' (known: ${QUERY_KEYS.join(', ')})`);
    out[key] = eq >= 0 ? decodePart(pair.slice(eq + 1), 'query') : 'true';
  }
  return out;
}

function decodePart(text: string, part: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new UrlError(part, `invalid %-encoding in the ${part} '${text}'`);
  }
}

function defaultName(topology: Topology, nodes: HostPort[], master?: string): string {
  if (topology === 'sentinel') return master ?? 'sentinel';
  if (topology === 'cluster') return `cluster ${formatHost(nodes[0].host)}:${nodes[0].port}`;
  return `${formatHost(nodes[0].host)}:${nodes[0].port}`;
}
