// `npm test [-- unit|integration|ui ...]`: everything from a fresh clone to one closing line.
//
//   system packages (apt) -> root node_modules -> Node 24 + code-server (integration/ui only)
//   -> package the vsix (ui only) -> build -> compile tests -> Redis servers (harness CLI)
//   -> unit -> integration -> ui -> stop the servers -> per-tier counts
//
// Each tier's counting reporter writes test-results/<tier>.json; a tier that ends without one (it
// crashed, or never ran because set-up failed) counts as 1 failed. The very last line printed is
// exactly `N passed, N failed` over all tiers; the exit code is non-zero when anything failed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const resultsDir = join(repoRoot, 'test-results');
const TIERS = ['unit', 'integration', 'ui'];
const UNIT_TIMEOUT_MS = 15 * 60_000;

const requested = process.argv.slice(2).filter((a) => a !== '--');
const unknown = requested.filter((t) => !TIERS.includes(t));
if (unknown.length) {
  console.error(`usage: npm test [-- ${TIERS.join('|')} ...]   (unknown: ${unknown.join(', ')})`);
  process.exit(2);
}
const tiers = requested.length ? TIERS.filter((t) => requested.includes(t)) : TIERS;
const needsVscode = tiers.includes('integration') || tiers.includes('ui');

const timings = [];
const log = (msg) => console.log(`[test] ${msg}`);
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

async function step(name, fn) {
  log(`${name} ...`);
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings.push({ name, ms: Date.now() - started });
  }
}

function run(cmd, args, { env = process.env } = {}) {
  const r = spawnSync(cmd, args, { cwd: repoRoot, env, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed (exit ${r.status ?? r.signal})`);
}

const node = (script, ...args) => run(process.execPath, [join(repoRoot, script), ...args]);

/** Compiled files whose TypeScript source is gone would still run as tests: remove them. */
function pruneStaleOutput(dir = join(repoRoot, 'out')) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = join(entry.parentPath ?? entry.path, entry.name);
    const source = join(repoRoot, relative(join(repoRoot, 'out'), file)).replace(/\.js$/, '');
    if (existsSync(`${source}.ts`) || existsSync(`${source}.tsx`)) continue;
    for (const f of [file, `${file}.map`, file.replace(/\.js$/, '.d.ts')]) if (existsSync(f)) unlinkSync(f);
  }
}

// ---- cleanup of whatever this run started, also on Ctrl-C / SIGTERM ----

let serversFile;
let serversTmp;
const children = new Set();

function stopServersSync() {
  if (!serversFile) return;
  const file = serversFile;
  serversFile = undefined;
  if (existsSync(file)) {
    const r = spawnSync(process.execPath, [join(repoRoot, 'out', 'test', 'harness', 'cli.js'), 'stop', '--from', file], { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0) console.error(`[test] stopping the Redis servers failed (exit ${r.status ?? r.signal}); their set was ${file}`);
  }
  if (serversTmp) rmSync(serversTmp, { recursive: true, force: true });
}

process.on('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});

let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n[test] ${signal}: stopping child processes and Redis servers ...`);
    for (const child of children) child.kill('SIGTERM');
    stopServersSync();
    // code-server process groups are killed by scripts/lib/vscode-host.mjs's exit hook.
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

// ---- tiers ----

function readResults(tier, file) {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    if (typeof r.passed === 'number' && typeof r.failed === 'number') return r;
  } catch {
    /* missing or unreadable: crashed */
  }
  return undefined;
}

function runUnit(resultsFile) {
  return new Promise((resolve) => {
    const args = [
      join(repoRoot, 'node_modules', 'mocha', 'bin', 'mocha.js'),
      '--require', 'out/test/unit/hooks.js',
      '--reporter', 'out/test/support/counting-reporter.js',
      ...(process.stdout.isTTY ? ['--color'] : []),
      'out/test/unit/**/*.test.js',
    ];
    const env = { ...process.env, REDIS_DEVKIT_TIER: 'unit', REDIS_DEVKIT_RESULTS: resultsFile };
    const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: 'inherit' });
    children.add(child);
    const timer = setTimeout(() => {
      console.error(`[test] the unit tier timed out after ${seconds(UNIT_TIMEOUT_MS)}; stopping it`);
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    }, UNIT_TIMEOUT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    });
    child.on('error', (err) => {
      console.error(`[test] could not start mocha: ${err.message}`);
      resolve(1);
    });
  });
}

async function runTier(tier, vsix) {
  const resultsFile = join(resultsDir, `${tier}.json`);
  rmSync(resultsFile, { force: true });
  const started = Date.now();
  let code;
  let crash;
  try {
    if (tier === 'unit') {
      code = await runUnit(resultsFile);
    } else if (tier === 'integration') {
      const { runIntegration } = await import('./lib/run-integration.mjs');
      code = await runIntegration({ resultsFile, serversFile: process.env.REDIS_DEVKIT_SERVERS });
    } else {
      const { runUi } = await import('./lib/run-ui.mjs');
      code = await runUi({
        vsix,
        resultsFile,
        serversFile: process.env.REDIS_DEVKIT_SERVERS,
        userSettings: { 'redisDevkit.connection.connectTimeoutSeconds': 5 },
      });
    }
  } catch (err) {
    crash = err;
    console.error(`[test] the ${tier} tier crashed: ${err.stack ?? err}`);
  }
  const ms = Date.now() - started;
  timings.push({ name: `tier ${tier}`, ms });
  const r = readResults(tier, resultsFile);
  if (!r) {
    const why = crash ? crash.message.split('\n')[0] : `exited with ${code} without writing ${relative(repoRoot, resultsFile)}`;
    return { tier, passed: 0, failed: 1, ms, note: `crashed: ${why}`, failures: [{ title: `${tier} tier`, error: why }] };
  }
  if (code !== 0 && r.failed === 0) {
    // Failed in a way no test reported (e.g. an error after the run): never let that pass.
    const why = crash ? crash.message.split('\n')[0] : `exit code ${code} with no failed test`;
    return { ...r, failed: 1, ms, note: why, failures: [{ title: `${tier} tier`, error: why }] };
  }
  return { ...r, ms };
}

// ---- main ----

async function main() {
  const outcomes = [];
  let setupError;
  let vsix;
  try {
    await step('system packages', async () => {
      const { ensureSystemDeps } = await import(pathToFileURL(join(repoRoot, 'scripts', 'ensure-system-deps.mjs')).href);
      const names = ['redis-server', 'redis-cli', 'redis-sentinel', 'openssl', ...(needsVscode ? ['chromium', 'libkrb5-dev', 'pkg-config'] : [])];
      await ensureSystemDeps(names);
    });
    if (!existsSync(join(repoRoot, 'node_modules', '.package-lock.json'))) {
      await step('npm dependencies', () => run('npm', [existsSync(join(repoRoot, 'package-lock.json')) ? 'ci' : 'install', '--no-audit', '--no-fund']));
    }
    if (needsVscode) {
      await step('Node 24 + code-server', async () => {
        const { ensureVscodeHost } = await import('./lib/vscode-host.mjs');
        await ensureVscodeHost();
      });
    }
    if (tiers.includes('ui')) {
      // Production build into the vsix first; the development build below (with source maps) is
      // what the integration tier loads from dist/.
      vsix = await step('package the vsix', async () => {
        const { packageExtension } = await import('./package.mjs');
        return packageExtension();
      });
    }
    await step('build', () => node('esbuild.mjs'));
    await step('compile tests', () => {
      node(join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.');
      pruneStaleOutput();
    });
    await step('start Redis servers', () => {
      serversTmp = mkdtempSync(join(tmpdir(), 'redis-devkit-servers-'));
      const file = join(serversTmp, 'servers.json');
      serversFile = file; // set before starting, so a half-started set is still stopped
      node(join('out', 'test', 'harness', 'cli.js'), 'start', '--out', file);
      process.env.REDIS_DEVKIT_SERVERS = file;
    });
    mkdirSync(resultsDir, { recursive: true });
    for (const tier of tiers) {
      log(`==== ${tier} tier ====`);
      outcomes.push(await runTier(tier, vsix));
    }
  } catch (err) {
    setupError = err;
    console.error(`[test] set-up failed: ${err.message}`);
  } finally {
    if (serversFile) await step('stop Redis servers', () => stopServersSync());
  }

  // Tiers that never ran because set-up failed count as crashed.
  for (const tier of tiers) {
    if (!outcomes.some((o) => o.tier === tier)) {
      const why = `not run: set-up failed (${setupError?.message.split('\n')[0] ?? 'unknown'})`;
      outcomes.push({ tier, passed: 0, failed: 1, note: why, failures: [{ title: `${tier} tier`, error: why }] });
    }
  }
  outcomes.sort((a, b) => TIERS.indexOf(a.tier) - TIERS.indexOf(b.tier));

  const passed = outcomes.reduce((n, o) => n + o.passed, 0);
  const failed = outcomes.reduce((n, o) => n + o.failed, 0);
  mkdirSync(resultsDir, { recursive: true });
  writeFileSync(join(resultsDir, 'summary.json'), JSON.stringify({ passed, failed, tiers: outcomes, timings }, null, 2));

  console.log('\n==== summary ====');
  for (const t of timings) console.log(`  ${t.name.padEnd(24)} ${seconds(t.ms).padStart(9)}`);
  const failures = outcomes.flatMap((o) => (o.failures ?? []).map((f) => `  [${o.tier}] ${f.title}`));
  if (failures.length) console.log(`failures:\n${failures.join('\n')}`);
  for (const o of outcomes) {
    const time = o.ms === undefined ? '' : `  (${seconds(o.ms)})`;
    console.log(`  ${o.tier.padEnd(12)} ${o.passed} passed, ${o.failed} failed${time}${o.note ? `  - ${o.note}` : ''}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

// Exit explicitly: nothing this script started may keep it alive, and nothing may print after the
// summary line (stdout to a pipe or file is synchronous here, so nothing is lost).
process.exit(await main());
