/**
 * Launching and stopping daemonized redis-server / redis-sentinel processes on loopback ports the
 * OS hands out. Two facts shape this file:
 *  - `redis-server --daemonize yes` exits 0 even when its port is taken (the forked child logs
 *    "Address already in use" and dies), so a launch is only trusted once the pidfile exists AND
 *    the process answering on the port reports that same pid in `INFO server`.
 *  - Daemons are re-parented to PID 1, which in some containers never reaps them: a stopped
 *    server can linger as a zombie, so "gone" means "no such pid, or a zombie".
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type * as tls from 'node:tls';
import { parseInfo, sendCommands } from './resp';

export const HOST = '127.0.0.1';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Ports this process already handed out, so parallel launches never pick the same one. */
const handedOut = new Set<number>();

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ host: HOST, port, exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

function osPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen({ host: HOST, port: 0, exclusive: true }, () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A port that is free right now (the OS picked it). With `withBus`, port+10000 (the cluster bus)
 * is free too. Nothing holds the port afterwards, so callers must still cope with losing a race.
 */
export async function pickFreePort(withBus = false): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const port = await osPort();
    if (handedOut.has(port)) continue;
    if (withBus && (port + 10000 > 65535 || handedOut.has(port + 10000) || !(await canListen(port + 10000)))) continue;
    handedOut.add(port);
    if (withBus) handedOut.add(port + 10000);
    return port;
  }
  throw new Error('could not find a free loopback port after 200 tries');
}

/** True while `pid` is a live (non-zombie) process. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // "pid (comm) S ...": the state letter follows the last ')'.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (not Linux): kill(0) succeeded, so it exists
  }
}

/** Whether `pid` looks like a Redis process; false when /proc shows something else (pid reused). */
function looksLikeRedis(pid: number): boolean {
  try {
    const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8');
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return /redis/.test(comm) || /redis/.test(cmdline);
  } catch {
    return true; // no /proc: trust the pidfile
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(20);
  }
  return true;
}

/** SIGTERM (then SIGKILL after 10 s) and wait until the pid is gone. A no-op for dead or reused pids. */
export async function stopPid(pid: number): Promise<void> {
  if (!isAlive(pid) || !looksLikeRedis(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (await waitGone(pid, 10_000)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    return;
  }
  if (!(await waitGone(pid, 5_000))) throw new Error(`redis process ${pid} did not exit after SIGKILL`);
}

export function readPid(pidFile: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function logTail(logFile: string, lines = 25): string {
  try {
    return fs.readFileSync(logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n') || '(empty log file)';
  } catch {
    return '(no log file)';
  }
}

/** Quotes a value for redis.conf (paths may contain spaces). */
export function confValue(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Where one server keeps its files: `<dir>/redis.conf`, `redis.pid`, `redis.log`. */
export interface ServerFiles {
  dir: string;
  confFile: string;
  pidFile: string;
  logFile: string;
}

export function serverFiles(dir: string): ServerFiles {
  return { dir, confFile: path.join(dir, 'redis.conf'), pidFile: path.join(dir, 'redis.pid'), logFile: path.join(dir, 'redis.log') };
}

/** The lines every server's config starts with. */
export function commonConfig(files: ServerFiles): string[] {
  return [
    `bind ${HOST}`,
    'daemonize yes',
    `dir ${confValue(files.dir)}`,
    `pidfile ${confValue(files.pidFile)}`,
    `logfile ${confValue(files.logFile)}`,
  ];
}

export interface ProbeOptions {
  tls?: tls.ConnectionOptions;
  /** [username, password] sent with AUTH before INFO. */
  auth?: [string, string];
}

export interface LaunchSpec {
  /** Used in error messages: "cluster node 2". */
  name: string;
  binary: 'redis-server' | 'redis-sentinel';
  files: ServerFiles;
  /** The whole config for a given port. */
  config: (port: number) => string[];
  probe?: ProbeOptions;
  /** Cluster nodes: port+10000 must be free as well. */
  needsBusPort?: boolean;
  /** Overrides the port picker (tests use it to force a collision). */
  pickPort?: () => Promise<number>;
}

export interface Launched {
  port: number;
  pid: number;
}

type Outcome = { kind: 'ready'; pid: number } | { kind: 'port-taken' };

function runDaemonizer(binary: string, confFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(binary, [confFile], { timeout: 10_000 }, (err, stdout, stderr) => {
      if (!err) return resolve();
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') reject(new Error(`${binary} is not installed (run scripts/ensure-system-deps.mjs)`));
      else reject(new Error(`exit code ${String(err.code ?? err.signal)}\n${`${stdout}${stderr}`.trim()}`));
    });
  });
}

/** Asks whoever listens on `port` for its pid; undefined while nothing (or not our server) answers. */
async function answeringPid(port: number, probe: ProbeOptions | undefined): Promise<number | undefined> {
  const commands: string[][] = probe?.auth ? [['AUTH', ...probe.auth], ['INFO', 'server']] : [['INFO', 'server']];
  try {
    const replies = await sendCommands({ host: HOST, port, tls: probe?.tls }, commands, 1000);
    const info = replies[replies.length - 1];
    if (typeof info !== 'string') return undefined;
    return Number(parseInfo(info).process_id);
  } catch {
    return undefined; // refused / reset / TLS not ready yet: keep polling
  }
}

/**
 * Starts the daemon for an already written config and waits until it is ours and answering.
 * Resolves `port-taken` when the daemon died because the port (or bus port) was in use.
 */
async function startAndWait(spec: LaunchSpec, port: number, timeoutMs = 10_000): Promise<Outcome> {
  const { pidFile, logFile, confFile } = spec.files;
  const previous = readPid(pidFile);
  if (previous !== undefined && isAlive(previous) && looksLikeRedis(previous)) {
    // Never drop the pidfile of a live server: it is how stopServers finds it.
    throw new Error(`${spec.name}: a server (pid ${previous}) from ${pidFile} is still running`);
  }
  fs.rmSync(pidFile, { force: true });
  fs.rmSync(logFile, { force: true });
  await runDaemonizer(spec.binary, confFile).catch((err: Error) => {
    throw new Error(`${spec.name}: ${spec.binary} ${confFile} failed: ${err.message}\n--- log tail ---\n${logTail(logFile)}`);
  });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pid = readPid(pidFile);
    if (pid !== undefined) {
      if ((await answeringPid(port, spec.probe)) === pid) return { kind: 'ready', pid };
      if (!isAlive(pid)) {
        throw new Error(`${spec.name}: ${spec.binary} (pid ${pid}) exited during start-up on port ${port}\n--- log tail ---\n${logTail(logFile)}`);
      }
    } else {
      const tail = logTail(logFile, 50);
      if (/Address already in use/.test(tail)) return { kind: 'port-taken' };
      // No pidfile yet: if the daemon that writes this log is already dead, it failed during start-up.
      const logPid = Number(/(?:^|\n)(\d+):[A-Z] [^\n]*$/.exec(tail)?.[1]);
      if (logPid > 0 && !isAlive(logPid)) {
        throw new Error(`${spec.name}: ${spec.binary} (pid ${logPid}) exited during start-up on port ${port}\n--- log tail ---\n${tail}`);
      }
    }
    if (Date.now() > deadline) {
      if (pid !== undefined) await stopPid(pid);
      throw new Error(`${spec.name}: ${spec.binary} did not answer on port ${port} within ${timeoutMs} ms\n--- log tail ---\n${logTail(logFile)}`);
    }
    await sleep(15);
  }
}

/** Picks a free port, writes the config and starts the server; retries on a port collision. */
export async function launchRedis(spec: LaunchSpec): Promise<Launched> {
  fs.mkdirSync(spec.files.dir, { recursive: true });
  const attempts = 6;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const port = await (spec.pickPort ?? (() => pickFreePort(spec.needsBusPort)))();
    fs.writeFileSync(spec.files.confFile, spec.config(port).join('\n') + '\n');
    const outcome = await startAndWait(spec, port);
    if (outcome.kind === 'ready') return { port, pid: outcome.pid };
  }
  throw new Error(`${spec.name}: every one of ${attempts} free ports was taken by the time ${spec.binary} bound it\n--- log tail ---\n${logTail(spec.files.logFile)}`);
}

/**
 * Starts a server again from its existing config (same port, same options). Retries for a short
 * while if the port is briefly held by someone else.
 */
export async function relaunchRedis(spec: LaunchSpec, port: number): Promise<Launched> {
  for (let attempt = 1; attempt <= 20; attempt++) {
    const outcome = await startAndWait(spec, port);
    if (outcome.kind === 'ready') return { port, pid: outcome.pid };
    await sleep(100);
  }
  throw new Error(`${spec.name}: port ${port} stayed in use, cannot restart on the same port\n--- log tail ---\n${logTail(spec.files.logFile)}`);
}
