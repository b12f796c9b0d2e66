// Integration tier: the mocha suite in out/test/integration runs inside the real VS Code extension
// host. code-server is started with the smoke-test driver, headless chromium opens a workbench URL
// whose `payload` names the extension under development and the test index; the workbench relays
// the host's log through window.codeAutomationLog and its exit code through window.codeAutomationExit.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { launchBrowser, repoRoot, startCodeServer } from './vscode-host.mjs';

const DEFAULT_TIMEOUT_MS = 10 * 60_000;

/** Workbench log lines that are expected offline and say nothing about the extension. */
const HARMLESS = [
  /ENOTFOUND open-vsx\.org/,
  /vsda/,
  /^\[Service Worker\]/,
  /^\[AgentHost/,
  /^\[AccountPolicyGate\]/,
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
];

/**
 * @param {object} o
 * @param {string} o.resultsFile where the counting reporter writes {tier, passed, failed, failures}
 * @param {string} [o.serversFile] the Redis harness ServerSet JSON (REDIS_DEVKIT_SERVERS)
 * @param {string} [o.workspace] folder the workbench opens; default: an empty one
 * @param {number} [o.timeoutMs] overall limit for the whole run
 * @param {string} [o.logDir] where the code-server log and the workbench logs are kept
 * @returns {Promise<number>} the extension host's exit code (0 = all tests passed)
 */
export async function runIntegration({ resultsFile, serversFile, workspace, timeoutMs = DEFAULT_TIMEOUT_MS, logDir = join(repoRoot, 'test-results', 'integration') } = {}) {
  const extensionDevelopmentPath = repoRoot.replace(/\/$/, '');
  const testsDir = join(repoRoot, 'out', 'test', 'integration');
  const extensionTestsPath = join(testsDir, 'index.js');
  // The extension host is forked by code-server and inherits this environment.
  const vars = { REDIS_DEVKIT_TIER: 'integration', REDIS_DEVKIT_COLOR: process.stdout.isTTY ? '1' : '0' };
  if (resultsFile) vars.REDIS_DEVKIT_RESULTS = resolve(resultsFile);
  if (serversFile) vars.REDIS_DEVKIT_SERVERS = resolve(serversFile);
  if (resultsFile) rmSync(vars.REDIS_DEVKIT_RESULTS, { force: true });
  mkdirSync(logDir, { recursive: true });

  const started = Date.now();
  let server;
  let browser;
  let timer;
  try {
    server = await startCodeServer({ workspace, smokeTestDriver: true, env: vars, logFile: join(logDir, 'code-server.log') });
    browser = await launchBrowser();
    const { page } = browser;

    let settle;
    const exited = new Promise((res) => (settle = res));
    await page.exposeFunction('codeAutomationLog', (level, args) => {
      const text = Array.isArray(args) ? args.map(String).join(' ') : String(args);
      if (HARMLESS.some((re) => re.test(text))) return;
      const prefix = level === 'error' || level === 'warn' ? `[${level}] ` : '';
      for (const line of text.replace(/\n$/, '').split('\n')) process.stdout.write(`  ${prefix}${line}\n`);
    });
    await page.exposeFunction('codeAutomationExit', (code, logs) => {
      // The workbench hands over its log files on exit: keep them for post-mortems.
      for (const { relativePath, contents } of Array.isArray(logs) ? logs : []) {
        const file = join(logDir, 'workbench-logs', relativePath);
        mkdirSync(join(file, '..'), { recursive: true });
        writeFileSync(file, contents);
      }
      settle({ code: Number(code) });
    });
    page.on('pageerror', (err) => console.error(`[integration] page error: ${err.message}`));
    page.on('crash', () => settle({ error: new Error('the workbench page crashed') }));

    const base = server.url;
    const authority = new URL(base).host;
    const payload = [
      ['extensionDevelopmentPath', `vscode-remote://${authority}${extensionDevelopmentPath}`],
      ['extensionTestsPath', `vscode-remote://${authority}${extensionTestsPath}`],
      ['skipWelcome', 'true'],
    ];
    const url = `${base}/?folder=${encodeURIComponent(server.workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
    console.log(`[integration] opening the workbench: extension ${extensionDevelopmentPath}, tests ${extensionTestsPath}`);
    const timedOut = new Promise((res) => {
      timer = setTimeout(
        () => res({ error: new Error(`integration tier timed out after ${Math.round(timeoutMs / 1000)} s without codeAutomationExit; see ${server.logFile}`) }),
        timeoutMs,
      );
    });
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    const serverDied = server.exited.then(({ code, signal }) => ({ error: new Error(`code-server exited (${code ?? signal}) during the run; see ${server.logFile}`) }));
    const outcome = await Promise.race([exited, timedOut, serverDied]);
    if (outcome.error) throw outcome.error;
    console.log(`[integration] extension host exited with ${outcome.code} after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return outcome.code;
  } finally {
    clearTimeout(timer);
    await browser?.close();
    await server?.stop();
  }
}
