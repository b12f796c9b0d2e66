/**
 * A throwaway redis-server for one bench run: a child process (not daemonized, so it dies with the
 * terminal's Ctrl-C too) on a free loopback port, no persistence, its files in a temp dir that
 * is removed on stop.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const HOST = '127.0.0.1';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A port the kernel just handed out on loopback (nothing holds it afterwards: callers retry). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen({ host: HOST, port: 0, exclusive: true }, () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** PING over a raw socket; true on +PONG. */
function ping(port) {
  return new Promise((resolve) => {
    const sock = createConnection({ host: HOST, port });
    const done = (ok) => {
      sock.destroy();
      resolve(ok);
    };
    sock.setTimeout(500, () => done(false));
    sock.on('error', () => done(false));
    sock.on('connect', () => sock.write('*1\r\n$4\r\nPING\r\n'));
    sock.on('data', (d) => done(d.toString().startsWith('+PONG')));
  });
}

/** `redis-server --version` -> "7.0.15". */
export function redisServerVersion() {
  const r = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  return /v=(\S+)/.exec(r.stdout ?? '')?.[1] ?? 'unknown';
}

/**
 * Starts redis-server and resolves once it answers PING. Resolves with { host, port, pid, stop },
 * where stop() is idempotent (SIGTERM, SIGKILL after 5 s) and removes the temp dir.
 */
export async function startRedisServer({ log = () => {} } = {}) {
  let lastError;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await launch(port, log);
    } catch (err) {
      lastError = err;
      // Lost the port race (or a slow start): try another port.
    }
  }
  throw lastError;
}

async function launch(port, log) {
  const dir = mkdtempSync(join(tmpdir(), 'redis-devkit-bench-'));
  const logFile = join(dir, 'redis.log');
  const args = ['--port', String(port), '--bind', HOST, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir, '--logfile', logFile];
  const child = spawn('redis-server', args, { stdio: 'ignore' });
  let exited;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
  child.on('error', (err) => (exited = { code: err.message }));

  const stop = async () => {
    if (!exited) {
      child.kill('SIGTERM');
      const timedOut = await Promise.race([exit.then(() => false), sleep(5_000).then(() => true)]);
      if (timedOut) {
        child.kill('SIGKILL');
        await exit;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 10_000;
  while (!(await ping(port))) {
    if (exited || Date.now() > deadline) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
      await stop();
      throw new Error(`redis-server ${exited ? `exited (${exited.code ?? exited.signal})` : 'did not answer PING within 10 s'} on port ${port}\n${tail}`);
    }
    await sleep(50);
  }
  log(`redis-server ${redisServerVersion()} (pid ${child.pid}) on ${HOST}:${port}, --save '' --appendonly no`);
  return { host: HOST, port, pid: child.pid, stop, killNow: () => !exited && child.kill('SIGKILL') };
}
