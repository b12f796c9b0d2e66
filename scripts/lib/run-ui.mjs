// UI tier: mocha in plain Node drives the real workbench through Playwright. One code-server serves
// the whole suite: started here WITHOUT the smoke-test driver (which would hide notification toasts),
// with the packaged vsix installed and redisDevkit.* settings in the user settings.
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { repoRoot, startCodeServer } from './vscode-host.mjs';

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** Layout for readable screenshots: no chat side bar, no hover delays in the way. */
const UI_SETTINGS = {
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'window.commandCenter': false,
};

/**
 * @param {object} o
 * @param {string} o.vsix the packaged extension to install
 * @param {string} [o.resultsFile] where the counting reporter writes {tier, passed, failed, failures}
 * @param {string} [o.serversFile] the Redis harness ServerSet JSON (REDIS_DEVKIT_SERVERS)
 * @param {object} [o.userSettings] settings (redisDevkit.*, ...) for the workbench's user
 * @param {string} [o.artifactsDir] screenshots; default test-results/ui
 * @param {number} [o.timeoutMs] overall limit for the suite
 * @returns {Promise<number>} mocha's exit code (0 = all passed)
 */
export async function runUi({ vsix, resultsFile, serversFile, userSettings = {}, artifactsDir = join(repoRoot, 'test-results', 'ui'), timeoutMs = DEFAULT_TIMEOUT_MS } = {}) {
  if (!vsix) throw new Error('runUi needs the packaged vsix (npm run package)');
  rmSync(artifactsDir, { recursive: true, force: true });
  mkdirSync(artifactsDir, { recursive: true });
  if (resultsFile) rmSync(resultsFile, { force: true });
  const vars = {};
  if (serversFile) vars.REDIS_DEVKIT_SERVERS = resolve(serversFile);

  const started = Date.now();
  const server = await startCodeServer({ vsix, userSettings: { ...UI_SETTINGS, ...userSettings }, env: vars, logFile: join(artifactsDir, 'code-server.log') });
  try {
    const mochaBin = join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js');
    const args = [
      mochaBin,
      '--ui', 'bdd',
      '--timeout', '60000',
      '--reporter', join(repoRoot, 'out', 'test', 'support', 'counting-reporter.js'),
      '--require', join(repoRoot, 'out', 'test', 'ui', 'hooks.js'),
      ...(process.stdout.isTTY ? ['--color'] : []),
      // A developer's shortcut: REDIS_DEVKIT_UI_GREP="Lua runner" runs only the matching suites.
      ...(process.env.REDIS_DEVKIT_UI_GREP ? ['--grep', process.env.REDIS_DEVKIT_UI_GREP] : []),
      'out/test/ui/**/*.test.js',
    ];
    const env = {
      ...process.env,
      ...vars,
      REDIS_DEVKIT_TIER: 'ui',
      REDIS_DEVKIT_CODE_SERVER_URL: server.url,
      REDIS_DEVKIT_UI_WORKSPACE: server.workspace,
      REDIS_DEVKIT_UI_ARTIFACTS: artifactsDir,
      ...(resultsFile ? { REDIS_DEVKIT_RESULTS: resolve(resultsFile) } : {}),
    };
    const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: 'inherit' });
    // If this process goes away first (Ctrl-C, SIGTERM), mocha closes its browser on SIGTERM.
    const killChild = () => child.kill('SIGTERM');
    process.on('exit', killChild);
    let timer;
    const code = await new Promise((res) => {
      timer = setTimeout(() => {
        console.error(`[ui] the UI suite timed out after ${Math.round(timeoutMs / 1000)} s; stopping it`);
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }, timeoutMs);
      child.on('exit', (c, signal) => res(c ?? (signal ? 1 : 0)));
      child.on('error', (err) => {
        console.error(`[ui] could not run mocha: ${err.message}`);
        res(1);
      });
    });
    clearTimeout(timer);
    process.off('exit', killChild);
    console.log(`[ui] mocha exited with ${code} after ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${artifactsDir}`);
    return code;
  } finally {
    await server.stop();
  }
}
