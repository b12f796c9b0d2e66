// `npm run test:desktop`: the integration suite (out/test/integration) in desktop VS Code, which
// @vscode/test-electron downloads into .vscode-test/ (so it needs internet; CI uses code-server via
// `npm test -- integration` instead). Starts the Redis servers through the harness CLI like
// scripts/test.mjs and ends with the same `N passed, N failed` line.
//
//   REDIS_DEVKIT_VSCODE_VERSION=1.95.0 npm run test:desktop    # default: stable
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repoRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '');
const resultsFile = join(repoRoot, 'test-results', 'integration-desktop.json');
const cli = join(repoRoot, 'out', 'test', 'harness', 'cli.js');

function node(...args) {
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

const tmp = mkdtempSync(join(tmpdir(), 'redis-devkit-desktop-'));
const serversFile = join(tmp, 'servers.json');
const workspace = join(tmp, 'ws');
mkdirSync(workspace);
let serversStarted = false;

function stopServers() {
  if (serversStarted) {
    serversStarted = false;
    spawnSync(process.execPath, [cli, 'stop', '--from', serversFile], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  rmSync(tmp, { recursive: true, force: true });
}
let inVscode = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    // While VS Code runs, test-electron's own SIGINT handler closes it and runTests() rejects; the
    // finally below then stops the servers.
    if (signal === 'SIGINT' && inVscode) return;
    stopServers();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

let code = 1;
try {
  node(join(repoRoot, 'esbuild.mjs'));
  node(join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', repoRoot);
  serversStarted = true; // a half-started set is still stopped
  node(cli, 'start', '--out', serversFile);
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    console.warn('[test:desktop] no DISPLAY: desktop VS Code needs a display; try `xvfb-run -a npm run test:desktop`');
  }
  rmSync(resultsFile, { force: true });
  const env = {
    REDIS_DEVKIT_SERVERS: serversFile,
    REDIS_DEVKIT_RESULTS: resultsFile,
    REDIS_DEVKIT_TIER: 'integration',
    REDIS_DEVKIT_COLOR: process.stdout.isTTY ? '1' : '0',
  };
  Object.assign(process.env, env);
  inVscode = true;
  code = await runTests({
    version: process.env.REDIS_DEVKIT_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'out', 'test', 'integration', 'index.js'),
    extensionTestsEnv: env,
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
  });
} catch (err) {
  console.error(`[test:desktop] ${err?.message ?? err}`);
  code = 1;
} finally {
  inVscode = false;
  stopServers();
}

let passed = 0;
let failed = 1;
try {
  ({ passed, failed } = JSON.parse(readFileSync(resultsFile, 'utf8')));
  if (code !== 0 && failed === 0) failed = 1;
} catch {
  // No results: VS Code never ran the suite (download failed, no display, ...): 1 failed.
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(passed >= 0 && failed === 0 && code === 0 ? 0 : 1);
