#!/usr/bin/env node
// `npm run demo`: everything needed to try Redis DevKit on a fresh machine, in one command.
//
//   1. system packages (redis-server, redis-tools; code-server's build deps when it must be installed)
//   2. the extension's node_modules (`npm ci` when missing) and the vsix (rebuilt when sources changed)
//   3. a private redis-server (port 6379, or a free one when taken) seeded with sample data, plus a
//      publisher that keeps pub/sub channels and a stream busy
//   4. VS Code with the extension installed and the demo connection configured: desktop `code` when
//      it is on PATH, else code-server on http://127.0.0.1:8080 (or a free port)
//
// Ctrl-C (SIGINT), SIGTERM or SIGHUP stops everything it started. Options:
//   --check        start everything, verify it (code-server, seeded keys, installed extension), stop
//   --code-server  use code-server even when desktop `code` is on PATH
//   --rebuild      rebuild the vsix even when it looks up to date
//
// Only Node built-ins are imported statically: ioredis and the packaging script need node_modules,
// which this script may have to install first.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { isPortFree } from './lib/vscode-host.mjs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemDeps } from './ensure-system-deps.mjs';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const PREFERRED_REDIS_PORT = 6379;
const PREFERRED_CODE_SERVER_PORT = 8080;
const CONNECTION_ID = 'redis-devkit-demo';
/** Enough to tell a seeded database from an empty or foreign one (seed.mjs writes ~4,700). */
const MIN_SEEDED_KEYS = 4_000;
/** A second signal this long after the first one means "stop waiting, kill everything now". */
const FORCE_AFTER_MS = 1_500;

const USAGE = `usage: node scripts/demo.mjs [--check] [--code-server] [--rebuild]
  --check        start everything, verify it, print a summary and stop (for CI)
  --code-server  use code-server even when desktop \`code\` is on PATH
  --rebuild      rebuild the vsix even when it is newer than the sources`;

const log = (msg) => console.log(`[demo] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function parseArgs(argv) {
  const opts = { check: false, codeServer: false, rebuild: false };
  for (const arg of argv) {
    if (arg === '--check') opts.check = true;
    else if (arg === '--code-server') opts.codeServer = true;
    else if (arg === '--rebuild') opts.rebuild = true;
    else if (arg === '-h' || arg === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else {
      console.error(`unknown option ${arg}\n${USAGE}`);
      process.exit(2);
    }
  }
  return opts;
}

// ---------------------------------------------------------------------------------------------
// Teardown: everything started registers how to stop it (async, orderly) and how to kill it (sync,
// for process exit). shutdown() runs the stops in reverse order, once.

const resources = [];
let shuttingDown;
let shutdownStartedAt = 0;

function own(name, stop, kill = () => {}) {
  const entry = { name, stop, kill };
  resources.push(entry);
  return entry;
}

function shutdown(code) {
  shutdownStartedAt ||= Date.now();
  shuttingDown ??= (async () => {
    while (resources.length) {
      const { name, stop } = resources.pop();
      try {
        await stop();
      } catch (err) {
        log(`stopping ${name}: ${err.message}`);
      }
    }
    return code;
  })();
  return shuttingDown.then((c) => {
    process.exitCode = c;
    return c;
  });
}

function killEverythingNow() {
  for (const { kill } of resources.splice(0).reverse()) {
    try {
      kill();
    } catch {
      /* already gone */
    }
  }
}

function onSignal(signal) {
  if (shuttingDown) {
    // npm forwards the terminal's Ctrl-C too, so one key press can arrive twice, and a Ctrl-C that
    // broke a set-up step arrives after that step's error started the teardown: only a later one forces.
    if (Date.now() - shutdownStartedAt > FORCE_AFTER_MS) {
      log(`${signal} again: killing what is left`);
      killEverythingNow();
      process.exit(130);
    }
    return;
  }
  console.log('');
  log(`${signal}: stopping everything the demo started ...`);
  void shutdown(0).then(() => {
    log('stopped; nothing left running');
    process.exit(0);
  });
}

// The last line of defence for an abrupt exit (an uncaught error): kill synchronously.
process.on('exit', killEverythingNow);

// ---------------------------------------------------------------------------------------------
// Set-up steps

function onPath(command) {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir && existsSync(join(dir, command)));
}

function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${code ?? signal})`))));
  });
}

/** `npm ci` when the extension's own dependencies are not installed yet. */
async function ensureRootDeps() {
  const needed = ['ioredis', '@vscode/vsce', 'esbuild'];
  if (needed.every((p) => existsSync(join(repoRoot, 'node_modules', p, 'package.json')))) return;
  log('installing the extension\'s dependencies (npm ci) ...');
  await run('npm', ['ci', '--no-audit', '--no-fund'], { cwd: repoRoot });
}

/** Newest modification time under the given files and folders (0 when none exist). */
function newestMtime(paths) {
  let newest = 0;
  const visit = (p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) for (const entry of readdirSync(p)) visit(join(p, entry));
    else newest = Math.max(newest, st.mtimeMs);
  };
  paths.forEach((p) => visit(join(repoRoot, p)));
  return newest;
}

/** Everything that ends up in (or decides) the vsix: rebuild when any of it is newer. */
const VSIX_INPUTS = ['src', 'media', 'snippets', 'package.json', 'package-lock.json', 'esbuild.mjs', 'tsconfig.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE', 'scripts/package.mjs'];

async function ensureVsix(force) {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const vsix = join(repoRoot, `redis-devkit-${version}.vsix`);
  if (!force && existsSync(vsix) && statSync(vsix).mtimeMs > newestMtime(VSIX_INPUTS)) {
    log(`${vsix} is newer than the sources; not rebuilding (--rebuild forces it)`);
    return { vsix, version };
  }
  const { packageExtension } = await import('./package.mjs');
  return { vsix: packageExtension(), version };
}

// ---------------------------------------------------------------------------------------------
// Redis

/** Sends PING over a raw socket; resolves true on +PONG. */
function ping(port) {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    let reply = '';
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1_000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      reply += d.toString('latin1');
      if (reply.includes('\r\n')) done(reply.startsWith('+PONG'));
    });
  });
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts a private redis-server as a child process in its own process group (so the terminal's
 * Ctrl-C reaches this script, which then stops things in order), on 6379 when free.
 */
async function startRedis(demoDir, freePort) {
  const port = (await isPortFree(PREFERRED_REDIS_PORT)) ? PREFERRED_REDIS_PORT : await freePort();
  const dir = join(demoDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const logFile = join(dir, 'redis.log');
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir, '--logfile', logFile];
  const child = spawn('redis-server', args, { detached: true, stdio: 'ignore' });
  let exited;
  const exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));
  child.on('error', (err) => (exited = { code: err.message }));

  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timedOut = await Promise.race([exit.then(() => false), sleep(5_000).then(() => true)]);
    if (timedOut) {
      child.kill('SIGKILL');
      await exit;
    }
  };
  own(`redis-server (pid ${child.pid})`, stop, () => !exited && child.kill('SIGKILL'));

  const deadline = Date.now() + 10_000;
  while (!(await ping(port))) {
    if (exited || Date.now() > deadline) {
      const tail = existsSync(logFile) ? readFileSync(logFile, 'utf8').trim().split('\n').slice(-5).join('\n') : '';
      throw new Error(`redis-server ${exited ? `exited (${exited.code ?? exited.signal})` : 'did not answer PING within 10 s'} on port ${port}\n${tail}`);
    }
    await sleep(50);
  }
  return { port, pid: child.pid, dir, logFile, exit, get exited() { return exited; } };
}

/** An ioredis client that gives up instead of reconnecting forever once the demo stops. */
function redisClient(Redis, port, name) {
  const client = new Redis({ port, host: '127.0.0.1', protocol: 2, connectionName: name, maxRetriesPerRequest: 1, retryStrategy: () => (shuttingDown ? null : 500) });
  client.on('error', () => {
    /* reported by the command that failed; reconnects are handled by retryStrategy */
  });
  own(`redis client ${name}`, async () => client.disconnect());
  return client;
}

// ---------------------------------------------------------------------------------------------
// VS Code

function demoConnection(port) {
  return { id: CONNECTION_ID, name: 'Demo Redis', topology: 'standalone', host: '127.0.0.1', port };
}

/** Sample files for the demo folder: a Lua script for the runner, code with Redis anti-patterns for the linter. */
const WORKSPACE_FILES = {
  'README.md': `# Redis DevKit demo

This folder was created by \`npm run demo\`. The Redis server it talks to is private to the demo and
is seeded with sample data: users (\`user:<id>\` hashes), sessions with TTLs, product cache entries
*without* TTLs, orders under deep namespaces (\`app:prod:eu:orders:<id>\`), an email queue, tag sets,
a leaderboard, the \`events:orders\` stream with a \`billing\` consumer group, HyperLogLogs, binary
values and a few deliberately odd key names. Pub/sub traffic keeps flowing on \`chat:lobby\`,
\`orders:created\` and \`metrics:cpu\`.
`,
  'scripts/rate-limit.lua': `--! KEYS: rate:demo:alice
--! ARGV: 5 60
-- Fixed-window rate limit. KEYS[1] = counter key, ARGV[1] = limit, ARGV[2] = window in seconds.
-- Click "Run on Demo Redis" above (the header gives KEYS and ARGV); run it 6 times to be refused.
local current = redis.call('INCR', KEYS[1])
if current == 1 then
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
end
if current > tonumber(ARGV[1]) then
  return 0
end
return 1
`,
  'scripts/orders-lib.lua': `#!lua name=orders
-- A Redis 7 function library: "Load library" above, then "Call" on a function.

-- Moves an order between status sets and stamps the time; returns the new status.
redis.register_function('order_set_status', function(keys, args)
  local order, status = keys[1], args[1]
  redis.call('HSET', order, 'status', status, 'updated_at', redis.call('TIME')[1])
  return status
end)

redis.register_function{
  function_name = 'order_status',
  callback = function(keys) return redis.call('HGET', keys[1], 'status') end,
  flags = { 'no-writes' },
  description = 'Reads the status of an order',
}
`,
  'scripts/broken.lua': `--! KEYS: user:1001
--! ARGV:
-- Redis reports the error on line 6: the key holds a hash, INCR wants a string.
local name = redis.call('HGET', KEYS[1], 'name')
redis.log(redis.LOG_NOTICE, 'bumping ' .. tostring(name))
return redis.call('INCR', KEYS[1])
`,
  'src/productCache.ts': `import Redis from 'ioredis';

const redis = new Redis();

// Caches a product forever: no TTL, so stale prices live until someone flushes the cache.
export async function cacheProduct(id: number, product: unknown): Promise<void> {
  await redis.set(\`cache:product:\${id}\`, JSON.stringify(product));
}

// KEYS blocks the server while it walks the whole keyspace.
export async function clearProductCache(): Promise<void> {
  const keys = await redis.keys('cache:product:*');
  if (keys.length) await redis.del(...keys);
}
`,
};

/**
 * Creates (or refreshes) the demo folder. With inSettings, the connection goes into its
 * .vscode/settings.json (merged into what is there, so a reused folder keeps other settings).
 */
function createWorkspace(dir, { connection, inSettings }) {
  for (const [file, text] of Object.entries(WORKSPACE_FILES)) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    if (!existsSync(path)) writeFileSync(path, text);
  }
  if (!inSettings) return;
  const settingsFile = join(dir, '.vscode', 'settings.json');
  mkdirSync(dirname(settingsFile), { recursive: true });
  let settings = {};
  try {
    settings = JSON.parse(readFileSync(settingsFile, 'utf8'));
  } catch {
    /* missing or hand-edited with comments: start over */
  }
  const others = (settings['redisDevkit.connections'] ?? []).filter((c) => c?.id !== connection.id);
  settings['redisDevkit.connections'] = [connection, ...others];
  writeFileSync(settingsFile, JSON.stringify(settings, null, 2) + '\n');
}

/** Desktop VS Code: install the vsix with its CLI and open a workspace whose settings hold the connection. */
function openDesktop({ vsix, redisPort, check }) {
  log(`installing ${vsix} into desktop VS Code (code --install-extension) ...`);
  const r = spawnSync('code', ['--install-extension', vsix, '--force'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`code --install-extension failed (exit ${r.status ?? r.signal}):\n${r.stdout}${r.stderr}`);
  // A stable folder, so "trust this folder" is asked once, not on every run.
  const workspace = join(tmpdir(), 'redis-devkit-demo-workspace');
  createWorkspace(workspace, { connection: demoConnection(redisPort), inSettings: true });
  if (!check) {
    const opened = spawnSync('code', [workspace], { encoding: 'utf8' });
    if (opened.status !== 0) throw new Error(`code ${workspace} failed (exit ${opened.status ?? opened.signal}):\n${opened.stderr}`);
  }
  return { kind: 'desktop', workspace };
}

async function startVsCodeServer({ vsix, redisPort, demoDir }) {
  const { codeServerEntry, ensureVscodeHost, freePort, startCodeServer } = await import('./lib/vscode-host.mjs');
  // code-server's native modules compile against these when it has to be (re)installed; a machine
  // without apt-get that already has code-server installed does not need them.
  try {
    await ensureSystemDeps(['libkrb5-dev', 'pkg-config'], { log });
  } catch (err) {
    if (!existsSync(codeServerEntry)) throw err;
    log(`warning: ${err.message.split('\n')[0]}`);
  }
  ensureVscodeHost();
  const workspace = join(demoDir, 'workspace');
  createWorkspace(workspace, { connection: demoConnection(redisPort), inSettings: false });
  const server = await startCodeServer({
    workspace,
    vsix,
    preferredPort: PREFERRED_CODE_SERVER_PORT,
    userSettings: {
      'redisDevkit.connections': [demoConnection(redisPort)],
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'workbench.tips.enabled': false,
    },
  });
  own(`code-server (pid ${server.pid})`, () => server.stop(), () => process.kill(-server.pid, 'SIGKILL'));
  if (server.port !== PREFERRED_CODE_SERVER_PORT) log(`port ${PREFERRED_CODE_SERVER_PORT} is taken; code-server is on ${server.port}`);
  return { kind: 'code-server', workspace, server, freePort };
}

// ---------------------------------------------------------------------------------------------
// --check

async function verify({ client, redis, vscode, version, publisher }) {
  const results = [];
  const check = async (what, fn) => {
    try {
      const detail = await fn();
      results.push({ ok: true, what, detail });
    } catch (err) {
      results.push({ ok: false, what, detail: err.message });
    }
  };
  await check('redis answers PING', async () => {
    if (!(await ping(redis.port))) throw new Error(`no PONG from 127.0.0.1:${redis.port}`);
    const info = await client.info('server');
    const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
    if (pid !== redis.pid) throw new Error(`port ${redis.port} is served by pid ${pid}, not the demo's redis-server (${redis.pid})`);
    return `127.0.0.1:${redis.port}, pid ${pid}, ${/redis_version:(\S+)/.exec(info)?.[1]}`;
  });
  await check('redis holds the seeded data', async () => {
    const keys = await client.dbsize();
    if (keys < MIN_SEEDED_KEYS) throw new Error(`only ${keys} keys`);
    const probes = ['user:1001', 'leaderboard:global', 'events:orders', 'queue:emails', 'cache:product:20000', 'app:prod:eu:orders:EU-100000', 'odd:<b>html</b>', 'blob:avatar:1001'];
    const missing = [];
    for (const k of probes) if (!(await client.exists(k))) missing.push(k);
    if (missing.length) throw new Error(`missing ${missing.join(', ')}`);
    const types = Object.fromEntries(await Promise.all(['user:1001', 'leaderboard:global', 'events:orders', 'queue:emails', 'tags:sale'].map(async (k) => [k, await client.type(k)])));
    const board = await client.zcard('leaderboard:global');
    const groups = await client.xinfo('GROUPS', 'events:orders');
    const billing = groups.map((g) => Object.fromEntries(Array.from({ length: g.length / 2 }, (_, i) => [g[2 * i], g[2 * i + 1]]))).find((g) => g.name === 'billing');
    if (!billing || billing.pending < 1 || billing.consumers !== 2) throw new Error(`consumer group billing: ${JSON.stringify(billing)}`);
    if (board !== 500) throw new Error(`leaderboard:global has ${board} members`);
    return `${keys} keys; ${Object.entries(types).map(([k, t]) => `${k}=${t}`).join(', ')}; billing: ${billing.consumers} consumers, ${billing.pending} pending`;
  });
  await check('publisher is publishing', async () => {
    const before = publisher.stats();
    const deadline = Date.now() + 5_000;
    while (publisher.stats().published <= before.published && Date.now() < deadline) await sleep(100);
    const s = publisher.stats();
    if (s.published <= before.published) throw new Error(`nothing published in 5 s (${s.errors} errors)`);
    return `${s.published} messages, ${s.appended} stream entries so far`;
  });
  if (vscode.kind === 'code-server') {
    const { server } = vscode;
    await check('code-server /healthz answers', async () => {
      const res = await fetch(`${server.url}/healthz`, { signal: AbortSignal.timeout(5_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      return `${server.url}/healthz -> ${res.status} ${await res.text()}`;
    });
    await check('code-server serves the workbench', async () => {
      const res = await fetch(`${server.url}/`, { signal: AbortSignal.timeout(10_000) });
      const html = await res.text();
      if (!res.ok || !html.includes('workbench')) throw new Error(`HTTP ${res.status}, ${html.length} bytes`);
      return `${server.url}/ -> ${res.status}, ${html.length} bytes`;
    });
    await check('extension installed in code-server', () => {
      const extDir = join(server.runDir, 'ext');
      const folder = readdirSync(extDir).find((d) => d.toLowerCase().startsWith(`redis-devkit.redis-devkit-${version}`));
      if (!folder) throw new Error(`no redis-devkit.redis-devkit-${version}* in ${extDir}: ${readdirSync(extDir).join(', ') || 'empty'}`);
      const manifest = JSON.parse(readFileSync(join(extDir, folder, 'package.json'), 'utf8'));
      if (manifest.version !== version || !existsSync(join(extDir, folder, manifest.main))) throw new Error(`${folder}: version ${manifest.version}, main ${manifest.main}`);
      const registry = JSON.parse(readFileSync(join(extDir, 'extensions.json'), 'utf8'));
      if (!registry.some((e) => e.identifier?.id === 'redis-devkit.redis-devkit')) throw new Error(`${extDir}/extensions.json does not list redis-devkit.redis-devkit`);
      return `${join(extDir, folder)} (main ${manifest.main})`;
    });
    await check('connection configured in user settings', () => {
      const settings = JSON.parse(readFileSync(join(server.runDir, 'ud', 'User', 'settings.json'), 'utf8'));
      const conn = settings['redisDevkit.connections']?.find((c) => c.id === CONNECTION_ID);
      if (!conn || conn.port !== redis.port) throw new Error(`redisDevkit.connections: ${JSON.stringify(settings['redisDevkit.connections'])}`);
      return `${conn.name}`;
    });
  } else {
    await check('extension installed in desktop VS Code', () => {
      const r = spawnSync('code', ['--list-extensions', '--show-versions'], { encoding: 'utf8' });
      const line = r.stdout.split('\n').find((l) => l.toLowerCase().startsWith('redis-devkit.redis-devkit@'));
      if (!line || !line.endsWith(`@${version}`)) throw new Error(`code --list-extensions: ${line ?? 'not listed'}`);
      return line;
    });
  }
  return results;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => onSignal(signal));
  const desktop = !opts.codeServer && onPath('code');
  const demoDir = mkdtempSync(join(tmpdir(), 'redis-devkit-demo-'));
  const removeDemoDir = () => rmSync(demoDir, { recursive: true, force: true });
  own(`demo folder ${demoDir}`, removeDemoDir, removeDemoDir);

  await ensureSystemDeps(['redis-server', 'redis-cli'], { log });
  await ensureRootDeps();
  if (shuttingDown) return;
  const { vsix, version } = await ensureVsix(opts.rebuild);
  if (shuttingDown) return;

  const { freePort } = await import('./lib/vscode-host.mjs');
  const redis = await startRedis(demoDir, freePort);
  log(`redis-server ${redis.pid} listening on 127.0.0.1:${redis.port} (log ${redis.logFile})`);
  void redis.exit.then(({ code, signal }) => {
    if (shuttingDown) return;
    log(`redis-server exited unexpectedly (${code ?? signal}); stopping the demo`);
    void shutdown(1).then(() => process.exit(1));
  });

  const { Redis } = await import('ioredis');
  const client = redisClient(Redis, redis.port, 'demo-seed');
  const { seed } = await import('./demo/seed.mjs');
  const seeded = await seed(client);
  log(`seeded ${seeded.keys} keys in ${seeded.ms} ms`);
  const { startPublisher, CHANNELS, STREAM_KEY } = await import('./demo/publisher.mjs');
  const publisher = startPublisher(redisClient(Redis, redis.port, 'demo-publisher'), { log });
  own('publisher', async () => publisher.stop(), () => publisher.stop());
  if (shuttingDown) return;

  const vscode = desktop ? openDesktop({ vsix, redisPort: redis.port, check: opts.check }) : await startVsCodeServer({ vsix, redisPort: redis.port, demoDir });
  if (shuttingDown) return;
  const readyMs = Date.now() - started;

  if (opts.check) {
    const results = await verify({ client, redis, vscode, version, publisher });
    console.log(`\nRedis DevKit demo check (ready in ${seconds(readyMs)}):`);
    for (const r of results) console.log(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.what}: ${r.detail}`);
    const failed = results.filter((r) => !r.ok).length;
    console.log(failed ? `\n${failed} check(s) failed; stopping` : '\nall checks passed; stopping');
    await shutdown(failed ? 1 : 0);
    const leftovers = [redis.pid, vscode.server?.pid].filter((pid) => pid && alive(pid));
    if (leftovers.length) {
      console.log(`still running after stop: pids ${leftovers.join(', ')}`);
      process.exitCode = 1;
    }
    return;
  }

  const where = vscode.kind === 'code-server' ? `${vscode.server.url}/` : `desktop VS Code, folder ${vscode.workspace}`;
  const rule = '─'.repeat(78);
  console.log(`\n${rule}
 Redis DevKit demo is ready (${seconds(readyMs)})

   Redis     127.0.0.1:${redis.port}  ${seeded.keys} keys seeded (try: redis-cli -p ${redis.port})
   Live      publishing on ${CHANNELS.join(', ')}; XADD ${STREAM_KEY} every few seconds
   VS Code   ${where}
${vscode.kind === 'code-server' ? `             open that URL in a browser; then the Redis tab in the activity bar,\n             and click "${demoConnection(redis.port).name}" to connect` : `             the connection is in the folder's .vscode/settings.json: trust the folder\n             when asked (untrusted workspaces' connections are ignored), then open the Redis tab\n             (reload the window if an older build of the extension was already running)`}

 Ctrl-C to stop (stops ${vscode.kind === 'code-server' ? 'Redis, the publisher and code-server' : 'Redis and the publisher; VS Code stays open'})
${rule}`);

  if (vscode.kind === 'code-server') {
    // code-server going away (crash, killed) ends the demo rather than leaving Redis behind.
    const watch = setInterval(() => {
      if (shuttingDown) return clearInterval(watch);
      try {
        process.kill(-vscode.server.pid, 0);
      } catch {
        clearInterval(watch);
        log('code-server exited unexpectedly; stopping the demo');
        void shutdown(1).then(() => process.exit(1));
      }
    }, 2_000);
  }
}

main().catch(async (err) => {
  console.error(`[demo] ${err.stack ?? err.message}`);
  await shutdown(1);
  process.exit(1);
});
