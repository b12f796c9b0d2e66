#!/usr/bin/env node
// End-to-end check of `npm run demo`, as a person would use it, plus the screenshot for the docs:
//
//   1. starts `node scripts/demo.mjs --code-server` in its own process group and waits for its URL
//   2. opens that URL in headless chromium (playwright-core + /usr/bin/chromium), clicks the Redis
//      activity-bar tab, clicks the demo connection and waits until its row says "connected"
//   3. saves docs/images/demo-connected.png
//   4. sends SIGINT to the demo's process group (what Ctrl-C in its terminal does) and checks with
//      `ps` that nothing it started is left: redis-server, code-server and their helpers
//
//   node scripts/demo/screenshot.mjs                 # all of the above
//   node scripts/demo/screenshot.mjs --url <url>     # only 2-3, against a demo that is already running
//   node scripts/demo/screenshot.mjs --out file.png  # another screenshot path
//
// Exits non-zero with the reason when any step fails (after stopping the demo it started).
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPortFree, launchBrowser } from '../lib/vscode-host.mjs';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const DEFAULT_OUT = join(repoRoot, 'docs', 'images', 'demo-connected.png');
/** A cold machine installs code-server first: minutes, not seconds. */
const DEMO_READY_TIMEOUT_MS = 15 * 60_000;
const STOP_TIMEOUT_MS = 30_000;
/** Both forms: VS Code 1.139 puts the aria-label on the tab's inner action-label, older ones on the tab. */
const REDIS_TAB = ['[role="tab"][aria-label^="Redis"]', '[role="tab"]:has(> .action-label[aria-label^="Redis"])'].map((s) => `.part.activitybar ${s}`).join(', ');
const CONNECTION_NAME = 'Demo Redis';
/** How long the row may take to show the new state on its own before we press Refresh. */
const ROW_UPDATE_MS = 10_000;

const log = (msg) => console.log(`[screenshot] ${msg}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function parseArgs(argv) {
  const opts = { url: undefined, out: DEFAULT_OUT };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--url') opts.url = argv[++i];
    else if (argv[i] === '--out') opts.out = resolve(argv[++i]);
    else throw new Error(`unknown option ${argv[i]} (use --url <url>, --out <file.png>)`);
  }
  return opts;
}

/** Starts the demo in its own process group; resolves once it printed its URL and "Ctrl-C to stop". */
function startDemo() {
  const child = spawn(process.execPath, [join(repoRoot, 'scripts', 'demo.mjs'), '--code-server'], { cwd: repoRoot, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise((res) => child.on('exit', (code, signal) => res({ code, signal })));
  let output = '';
  const ready = new Promise((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`the demo did not get ready within ${DEMO_READY_TIMEOUT_MS / 60_000} min`)), DEMO_READY_TIMEOUT_MS);
    const onData = (chunk) => {
      const text = chunk.toString();
      process.stdout.write(text.replace(/^(?=[^\n]*\n)/gm, '  │ '));
      output += text;
      const url = /VS Code\s+(http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output)?.[1];
      const redisPort = Number(/Redis\s+127\.0\.0\.1:(\d+)/.exec(output)?.[1]);
      if (url && redisPort && output.includes('Ctrl-C to stop')) {
        clearTimeout(timer);
        res({ url, redisPort, readyAt: Date.now() });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      rej(new Error(`the demo exited (${code ?? signal}) before it was ready`));
    });
  });
  return { child, exited, ready, output: () => output };
}

/** Every process in the subtree of `rootPid` plus every member of their process groups, from `ps`. */
function processTree(rootPid) {
  const rows = spawnSync('ps', ['-e', '-o', 'pid=,ppid=,pgid=,args='], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter(Boolean)
    .map(([, pid, ppid, pgid, args]) => ({ pid: Number(pid), ppid: Number(ppid), pgid: Number(pgid), args }));
  const pids = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) {
      if (!pids.has(r.pid) && pids.has(r.ppid)) {
        pids.add(r.pid);
        grew = true;
      }
    }
  }
  const groups = new Set(rows.filter((r) => pids.has(r.pid)).map((r) => r.pgid));
  return rows.filter((r) => pids.has(r.pid) || groups.has(r.pgid));
}

function stillRunning(procs) {
  const now = new Set(spawnSync('ps', ['-e', '-o', 'pid=,args='], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.trim()));
  return procs.filter((p) => now.has(`${p.pid} ${p.args}`));
}

/**
 * Opens the workbench, connects the demo connection from the Redis view, saves the screenshot.
 * Resolves with the row's text and the problems seen on the way (a row that only showed its state
 * after "Refresh Connections" is one: the screenshot is still taken, but the check fails).
 */
async function screenshot(url, out) {
  const problems = [];
  const browser = await launchBrowser({ viewport: { width: 1440, height: 900 } });
  const { page } = browser;
  try {
    log(`opening ${url}`);
    await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
    const tab = page.locator(REDIS_TAB).first();
    await tab.waitFor({ state: 'visible', timeout: 60_000 });
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    log('Redis view open');

    const row = page.locator('.part.sidebar .monaco-list-row', { hasText: CONNECTION_NAME }).first();
    await row.waitFor({ state: 'visible', timeout: 30_000 });
    const description = row.locator('.label-description');
    const state = async () => ((await description.count()) ? (await description.textContent()) ?? '' : '').trim();
    const isConnected = (text) => /(^|·\s*)connected\b/.test(text);
    if (!isConnected(await state())) {
      // The row's inline Connect (plug) button, as a person would; clicking the row itself also
      // connects, but leaves it selected, which hides the state colour of its icon.
      await row.hover();
      const connect = row.locator('.actions [aria-label^="Connect"]');
      if (await connect.isVisible().catch(() => false)) {
        log(`connection row says "${await state()}"; clicking its Connect button`);
        await connect.click();
      } else {
        log(`connection row says "${await state()}"; clicking it to connect`);
        await row.click();
      }
    }
    const waitConnected = async (ms) => {
      const deadline = Date.now() + ms;
      while (!isConnected(await state())) {
        if (Date.now() > deadline) return false;
        await sleep(200);
      }
      return true;
    };
    if (!(await waitConnected(ROW_UPDATE_MS))) {
      const before = `${await state()}" (aria-label "${(await row.getAttribute('aria-label')) ?? ''}`;
      log(`the row still says "${before}") ${ROW_UPDATE_MS / 1000} s after the click; pressing Refresh Connections`);
      await page.locator('.part.sidebar .title-actions [aria-label^="Refresh Connections"]').click();
      if (!(await waitConnected(10_000))) throw new Error(`the connection row still says "${await state()}" after the click and a refresh`);
      problems.push(`the connection row kept saying "${before}") after the click and only showed "${await state()}" after Refresh Connections: the tree does not re-render a connection's state change`);
    }
    const rowText = `${(await row.locator('.label-name').textContent())?.trim()} — ${await state()}`;
    log(`connected: ${rowText}`);
    // Hover the row: its tooltip shows what the extension read from the server (version, keys per db).
    // Widen the side bar so the row's description is not cut off.
    const bar = await page.locator('.part.sidebar').boundingBox();
    if (bar) {
      const y = bar.y + bar.height / 2;
      await page.mouse.move(bar.x + bar.width + 1, y);
      await page.mouse.down();
      await page.mouse.move(bar.x + bar.width + 140, y, { steps: 8 });
      await page.mouse.up();
    }
    await row.locator('.label-name').hover();
    const hover = page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Keys' }).first();
    if (!(await hover.waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false))) log('no tooltip appeared on hover; taking the screenshot without it');
    await sleep(500);
    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({ path: out });
    log(`saved ${out}`);
    return { rowText, problems };
  } catch (err) {
    // Not next to the docs image: failures are artifacts, kept where test results go.
    const failed = join(repoRoot, 'test-results', 'demo', 'demo-connected.failed.png');
    mkdirSync(dirname(failed), { recursive: true });
    await page.screenshot({ path: failed }).catch(() => {});
    err.message += ` (screenshot of the failure: ${failed})`;
    throw err;
  } finally {
    await browser.close();
  }
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.url) {
    const { problems } = await screenshot(opts.url, opts.out);
    if (problems.length) throw new Error(problems.join('\n'));
    return;
  }

  const started = Date.now();
  const demo = startDemo();
  const stopDemo = async () => {
    try {
      process.kill(-demo.child.pid, 'SIGINT');
    } catch {
      /* already gone */
    }
    return Promise.race([demo.exited, sleep(STOP_TIMEOUT_MS).then(() => undefined)]);
  };
  let info;
  try {
    info = await demo.ready;
  } catch (err) {
    await stopDemo();
    throw err;
  }
  log(`demo ready after ${((info.readyAt - started) / 1000).toFixed(1)} s at ${info.url}`);

  let rowText;
  let shotError;
  const problems = [];
  try {
    let seen;
    ({ rowText, problems: seen } = await screenshot(info.url, opts.out));
    problems.push(...seen);
  } catch (err) {
    shotError = err;
  }

  const procs = processTree(demo.child.pid);
  log(`sending SIGINT to the demo's process group (${procs.length} processes: ${[...new Set(procs.map((p) => p.args.split(' ')[0].split('/').pop()))].join(', ')})`);
  const stopStarted = Date.now();
  const exit = await stopDemo();
  if (!exit) {
    process.kill(-demo.child.pid, 'SIGKILL');
    throw new Error(`the demo did not exit within ${STOP_TIMEOUT_MS / 1000} s of SIGINT`);
  }
  log(`demo exited (${exit.code ?? exit.signal}) ${((Date.now() - stopStarted) / 1000).toFixed(1)} s after SIGINT`);
  await sleep(500);
  const left = stillRunning(procs);
  const codeServerPort = Number(/:(\d+)\//.exec(info.url)?.[1]);
  const ports = [];
  for (const port of [info.redisPort, codeServerPort]) if (!(await isPortFree(port))) ports.push(port);
  if (shotError) problems.push(shotError.message);
  if (exit.code !== 0) problems.push(`the demo exited with ${exit.code ?? exit.signal}, not 0`);
  if (left.length) problems.push(`still running after the demo stopped:\n${left.map((p) => `  ${p.pid} ${p.args}`).join('\n')}`);
  if (ports.length) problems.push(`still listening on 127.0.0.1: ${ports.join(', ')}`);
  if (problems.length) throw new Error(problems.join('\n'));
  log(`ok: "${rowText}"; screenshot ${opts.out}; after Ctrl-C nothing is left (checked ${procs.length} processes and ports ${info.redisPort}, ${codeServerPort})`);
}

main().catch((err) => {
  console.error(`[screenshot] FAILED: ${err.message}`);
  process.exit(1);
});
