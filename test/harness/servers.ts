/**
 * Throw-away REAL Redis servers for tests: standalone, ACL, TLS, a 3-master cluster and a
 * sentinel, each on free loopback ports, all files under one temp directory.
 *
 * Layout of `ServerSet.dir` (stopServers and restartServer rely on it, so a set loaded back from
 * JSON in another process can still be stopped or restarted):
 *   standalone/ acl/ tls/ cluster/node1..3/ sentinel/master/ sentinel/sentinel1/   each with
 *     redis.conf, redis.pid, redis.log
 *   certs/   the test PKI
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeTestPki } from './certs';
import {
  commonConfig, confValue, HOST, launchRedis, LaunchSpec, logTail, readPid, relaunchRedis, serverFiles, stopPid,
} from './redis-process';
import { parseInfo, Reply, sendCommands } from './resp';

export interface Endpoint {
  host: string;
  port: number;
}

export interface AclServer extends Endpoint {
  users: {
    /** `on >pw ~* &* +@all` */
    admin: { username: string; password: string };
    /** `on >pw ~app:* &* +@all -@dangerous` */
    limited: { username: string; password: string; keyPattern: string };
    /** `on >pw -@all`: cannot even PING. */
    noperm: { username: string; password: string };
  };
  /** The `default` user is off, so connections without AUTH get NOAUTH. */
  defaultUserDisabled: true;
}

export interface TlsServer extends Endpoint {
  /** CA that signed the server and client certificates. */
  caFile: string;
  certFile: string;
  keyFile: string;
  /** Client certificate; the server has `tls-auth-clients optional`, so it may be left out. */
  clientCertFile: string;
  clientKeyFile: string;
  /** The name the server certificate is valid for ('localhost'; the SAN also holds 127.0.0.1). */
  servername: string;
  /** An unrelated CA: verifying the server against it must fail. */
  otherCaFile: string;
}

export interface ClusterServers {
  /** 3 masters, 0 replicas, slots 0-5460 / 5461-10922 / 10923-16383. */
  nodes: Endpoint[];
}

export interface SentinelServers {
  sentinels: Endpoint[];
  masterName: string;
  master: Endpoint;
  password?: undefined;
}

export type ServerKind = 'standalone' | 'acl' | 'tls' | 'cluster' | 'sentinel';

export const ALL_KINDS: readonly ServerKind[] = ['standalone', 'acl', 'tls', 'cluster', 'sentinel'];

/**
 * Everything startServers started. Only the kinds listed in `kinds` are present: the others'
 * fields are absent at run time even though the type declares them (every test tier starts all
 * kinds, and a required field keeps test code free of `!`).
 */
export interface ServerSet {
  /** Temp root holding all data, logs and certificates; removed by stopServers. */
  dir: string;
  kinds: ServerKind[];
  standalone: Endpoint;
  acl: AclServer;
  tls: TlsServer;
  cluster: ClusterServers;
  sentinel: SentinelServers;
}

export const DIR_PREFIX = 'redis-devkit-servers-';
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const secret = (): string => randomBytes(12).toString('hex');

/** Options every redis-server (not sentinel) gets. */
function serverConfig(dir: string, port: number): string[] {
  const files = serverFiles(dir);
  return [
    `port ${port}`,
    ...commonConfig(files),
    'save ""',
    'appendonly no',
    // lets tests use DEBUG SLEEP / DEBUG OBJECT from loopback (7.0 disables DEBUG by default)
    'enable-debug-command local',
  ];
}

function standaloneSpec(dir: string): LaunchSpec {
  return { name: 'standalone', binary: 'redis-server', files: serverFiles(dir), config: (port) => serverConfig(dir, port) };
}

async function startStandalone(root: string): Promise<Endpoint> {
  const { port } = await launchRedis(standaloneSpec(path.join(root, 'standalone')));
  return { host: HOST, port };
}

async function startAcl(root: string): Promise<AclServer> {
  const dir = path.join(root, 'acl');
  const users: AclServer['users'] = {
    admin: { username: 'admin', password: secret() },
    limited: { username: 'app', password: secret(), keyPattern: 'app:*' },
    noperm: { username: 'noperm', password: secret() },
  };
  const aclLines = [
    'user default off',
    `user ${users.admin.username} on >${users.admin.password} ~* &* +@all`,
    `user ${users.limited.username} on >${users.limited.password} ~${users.limited.keyPattern} &* +@all -@dangerous`,
    `user ${users.noperm.username} on >${users.noperm.password} -@all`,
  ];
  const { port } = await launchRedis({
    name: 'acl',
    binary: 'redis-server',
    files: serverFiles(dir),
    config: (p) => [...serverConfig(dir, p), ...aclLines],
    probe: { auth: [users.admin.username, users.admin.password] },
  });
  return { host: HOST, port, users, defaultUserDisabled: true };
}

async function startTls(root: string): Promise<TlsServer> {
  const dir = path.join(root, 'tls');
  const pki = await makeTestPki(path.join(root, 'certs'));
  const { port } = await launchRedis({
    name: 'tls',
    binary: 'redis-server',
    files: serverFiles(dir),
    config: (p) => [
      ...serverConfig(dir, p).filter((l) => !l.startsWith('port ')),
      'port 0',
      `tls-port ${p}`,
      `tls-cert-file ${confValue(pki.certFile)}`,
      `tls-key-file ${confValue(pki.keyFile)}`,
      `tls-ca-cert-file ${confValue(pki.caFile)}`,
      'tls-auth-clients optional',
    ],
    probe: { tls: { ca: fs.readFileSync(pki.caFile), servername: pki.servername } },
  });
  return { host: HOST, port, ...pki };
}

function clusterInfo(reply: Reply): Record<string, string> {
  return typeof reply === 'string' ? parseInfo(reply) : {};
}

/** Assigns slots and makes the nodes meet, like `redis-cli --cluster create` but without its 1 s sleeps. */
async function joinCluster(nodes: Endpoint[], dirs: string[]): Promise<void> {
  const ranges = [[0, 5460], [5461, 10922], [10923, 16383]];
  await Promise.all(nodes.map(async (node, i) => {
    const commands = [
      ['CLUSTER', 'ADDSLOTSRANGE', String(ranges[i][0]), String(ranges[i][1])],
      ['CLUSTER', 'SET-CONFIG-EPOCH', String(i + 1)],
      // Every pair meets directly: leaving node2<->node3 to gossip costs 1-10 s more, randomly.
      ...nodes.slice(i + 1).map((n) => ['CLUSTER', 'MEET', n.host, String(n.port)]),
    ];
    const replies = await sendCommands(node, commands);
    const bad = replies.find((r) => r !== 'OK');
    if (bad !== undefined) throw new Error(`cluster node ${node.port}: setup command failed: ${String(bad)}`);
  }));
  const deadline = Date.now() + 20_000;
  let last: Record<string, string>[] = [];
  for (;;) {
    last = await Promise.all(nodes.map(async (n) => clusterInfo((await sendCommands(n, [['CLUSTER', 'INFO']]))[0])));
    const ok = last.every((info) => info.cluster_state === 'ok' && info.cluster_known_nodes === '3' && info.cluster_size === '3' && info.cluster_slots_ok === '16384');
    if (ok) return;
    if (Date.now() > deadline) {
      const detail = last.map((info, i) => `node ${nodes[i].port}: state=${info.cluster_state} known=${info.cluster_known_nodes} size=${info.cluster_size}`).join('; ');
      throw new Error(`cluster did not reach cluster_state:ok within 20 s (${detail})\n--- log tail node1 ---\n${logTail(serverFiles(dirs[0]).logFile)}`);
    }
    await sleep(50);
  }
}

async function startCluster(root: string): Promise<ClusterServers> {
  const dirs = [1, 2, 3].map((i) => path.join(root, 'cluster', `node${i}`));
  const launched = await Promise.all(dirs.map((dir, i) => launchRedis({
    name: `cluster node ${i + 1}`,
    binary: 'redis-server',
    files: serverFiles(dir),
    needsBusPort: true,
    config: (p) => [...serverConfig(dir, p), 'cluster-enabled yes', 'cluster-config-file nodes.conf', 'cluster-node-timeout 5000'],
  })));
  const nodes = launched.map(({ port }) => ({ host: HOST, port }));
  await joinCluster(nodes, dirs);
  return { nodes };
}

function pairsToRecord(reply: Reply): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(reply)) for (let i = 0; i + 1 < reply.length; i += 2) out[String(reply[i])] = String(reply[i + 1]);
  return out;
}

async function startSentinel(root: string): Promise<SentinelServers> {
  const masterName = 'mymaster';
  const masterDir = path.join(root, 'sentinel', 'master');
  const { port: masterPort } = await launchRedis({
    name: 'sentinel master', binary: 'redis-server', files: serverFiles(masterDir), config: (p) => serverConfig(masterDir, p),
  });
  const sentinelDir = path.join(root, 'sentinel', 'sentinel1');
  const files = serverFiles(sentinelDir);
  const { port } = await launchRedis({
    name: 'sentinel',
    binary: 'redis-sentinel',
    files,
    config: (p) => [
      `port ${p}`,
      ...commonConfig(files),
      `sentinel monitor ${masterName} ${HOST} ${masterPort} 1`,
      `sentinel down-after-milliseconds ${masterName} 5000`,
      `sentinel failover-timeout ${masterName} 60000`,
    ],
  });
  const sentinel = { host: HOST, port };
  // Ready once the sentinel has talked to the master (INFO received, role confirmed), so a client
  // asking it right away gets a master that is known to be up.
  const deadline = Date.now() + 15_000;
  let state: Record<string, string> = {};
  for (;;) {
    const [addr, master] = await sendCommands(sentinel, [['SENTINEL', 'get-master-addr-by-name', masterName], ['SENTINEL', 'master', masterName]]);
    state = pairsToRecord(master);
    const addrOk = Array.isArray(addr) && addr[0] === HOST && addr[1] === String(masterPort);
    if (addrOk && state.flags === 'master' && state['role-reported'] === 'master' && Number(state['info-refresh']) < 60_000) break;
    if (Date.now() > deadline) {
      throw new Error(`sentinel on ${port} does not report master ${masterName} at ${HOST}:${masterPort} within 15 s (flags=${state.flags}, addr=${JSON.stringify(addr)})\n--- log tail ---\n${logTail(files.logFile)}`);
    }
    await sleep(50);
  }
  return { sentinels: [sentinel], masterName, master: { host: HOST, port: masterPort } };
}

function pidFilesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.pid')) found.push(full);
    }
  };
  walk(dir);
  return found;
}

function assertHarnessDir(dir: string): void {
  if (typeof dir !== 'string' || !path.isAbsolute(dir) || !path.basename(dir).startsWith(DIR_PREFIX)) {
    throw new Error(`refusing to touch ${JSON.stringify(dir)}: not a directory made by startServers`);
  }
}

/**
 * Stops every process the set started (found through the pidfiles under `set.dir`, so restarted
 * servers are covered too), waits until each pid is gone, then removes `set.dir`.
 */
export async function stopServers(set: Pick<ServerSet, 'dir'>): Promise<void> {
  assertHarnessDir(set.dir);
  const pids = pidFilesUnder(set.dir).map(readPid).filter((p): p is number => p !== undefined);
  const results = await Promise.allSettled(pids.map(stopPid));
  fs.rmSync(set.dir, { recursive: true, force: true });
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed.length) throw new Error(`stopServers: ${failed.map((f) => String(f.reason)).join('; ')}`);
}

/**
 * Best effort for process 'exit' handlers, which must be synchronous: SIGTERMs every server of the
 * set and removes its directory without waiting for the processes to go.
 */
export function killServersSync(set: Pick<ServerSet, 'dir'>): void {
  assertHarnessDir(set.dir);
  for (const pid of pidFilesUnder(set.dir).map(readPid)) {
    if (pid === undefined) continue;
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  fs.rmSync(set.dir, { recursive: true, force: true });
}

/**
 * Starts the requested kinds (default: all) in parallel. On any failure, stops whatever did start,
 * removes the directory and throws an error naming each failed kind with its log tail.
 */
export async function startServers(kinds: readonly ServerKind[] = ALL_KINDS): Promise<ServerSet> {
  const wanted = [...new Set(kinds)];
  const unknown = wanted.filter((k) => !ALL_KINDS.includes(k));
  if (unknown.length) throw new Error(`unknown server kind(s): ${unknown.join(', ')} (known: ${ALL_KINDS.join(', ')})`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), DIR_PREFIX));
  const set = { dir, kinds: wanted } as ServerSet; // filled in below, one field per started kind
  const start = async (kind: ServerKind): Promise<void> => {
    switch (kind) {
      case 'standalone': set.standalone = await startStandalone(dir); break;
      case 'acl': set.acl = await startAcl(dir); break;
      case 'tls': set.tls = await startTls(dir); break;
      case 'cluster': set.cluster = await startCluster(dir); break;
      case 'sentinel': set.sentinel = await startSentinel(dir); break;
    }
  };
  const results = await Promise.allSettled(wanted.map(start));
  const failures = results.flatMap((r, i) => (r.status === 'rejected' ? [`[${wanted[i]}] ${r.reason instanceof Error ? r.reason.message : String(r.reason)}`] : []));
  if (failures.length) {
    await stopServers(set).catch(() => undefined);
    throw new Error(`startServers failed:\n${failures.join('\n')}`);
  }
  return set;
}

/**
 * Shuts the standalone server down (waiting for the process to exit) and starts it again on the
 * same port with the same config. Resolves once the new process answers. Data is gone afterwards
 * (no persistence).
 */
export async function restartServer(set: ServerSet, which: 'standalone'): Promise<void> {
  assertHarnessDir(set.dir);
  if (which !== 'standalone' || !set.standalone) throw new Error(`restartServer: no ${which} server in this set`);
  const spec = standaloneSpec(path.join(set.dir, 'standalone'));
  const pid = readPid(spec.files.pidFile);
  if (pid !== undefined) await stopPid(pid);
  await relaunchRedis(spec, set.standalone.port);
}
