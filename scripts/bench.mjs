#!/usr/bin/env node
/**
 * Benchmarks: `npm run bench [-- <suite>] [--keys N] [--profile] [--strict]`.
 *
 *   keyspace   (default) KeyspaceView against a throwaway redis-server
 *              seeded with N keys (default 1,000,000)
 *   lua        ScriptRunner: EVALSHA re-runs of a 2 KB script vs a bare ioredis evalsha loop, bytes
 *              per re-run, first run (load + run)
 *   viewers    stream viewer first page on 1,000,000 vs 100 entries; pub/sub panel ingest for 10 s
 *              vs a bare ioredis subscriber, webview posts per second, heap with 10,000 kept
 *   --keys N   keys to seed (e.g. 10000000; `_` and `,` allowed: 10_000_000)
 *   --profile  also write CPU profiles of the scan phases to bench/results/profiles/ and print
 *              the top self-time functions
 *   --strict   exit 3 when a target is missed (default: report it and exit 0)
 *
 * Each suite prints a table and writes bench/results/<suite>.json (format: docs in DESIGN.md).
 * Needs redis-server and redis-cli (installed from Debian when missing) and `npm ci`; builds the
 * core it measures with esbuild into out/bench/, so it works from a clean clone.
 */
import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSystemDeps } from './ensure-system-deps.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const SUITES = { keyspace: () => import('../bench/keyspace/suite.mjs'), lua: () => import('../bench/lua/suite.mjs'), viewers: () => import('../bench/viewers/suite.mjs') };
const log = (message) => console.log(`[bench] ${message}`);

function usage(problem) {
  console.error(`${problem ? `bench: ${problem}\n` : ''}usage: npm run bench [-- <suite>] [--keys N] [--profile] [--strict]\nsuites: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}

let options;
try {
  options = parseArgs({
    allowPositionals: true,
    options: { keys: { type: 'string' }, profile: { type: 'boolean' }, strict: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
} catch (err) {
  usage(err.message);
}
if (options.values.help) usage();
const suiteNames = options.positionals.length ? options.positionals : ['keyspace'];
for (const s of suiteNames) if (!SUITES[s]) usage(`unknown suite "${s}"`);
const keys = Number((options.values.keys ?? '1000000').replace(/[_,]/g, ''));
if (!Number.isInteger(keys) || keys < 1000) usage(`--keys wants a whole number >= 1000, got "${options.values.keys}"`);

// Whatever is running when the user presses Ctrl-C (servers) is stopped before exiting.
const owned = new Set();
const own = (server) => owned.add(server);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    log(`${sig}: stopping`);
    await Promise.allSettled([...owned].map((s) => s.stop()));
    process.exit(130);
  });
}
process.on('exit', () => {
  for (const s of owned) s.killNow();
});

async function buildCore({ entry, outfile }) {
  const esbuild = await import('esbuild');
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    // The bench's reference loop uses ioredis too: both must run the same copy.
    external: ['ioredis'],
    logLevel: 'warning',
  });
  return join(root, outfile);
}

async function main() {
  await ensureSystemDeps(['redis-server', 'redis-cli'], { log });
  let worst = 0;
  for (const name of suiteNames) {
    const suite = await SUITES[name]();
    log(`suite ${name}: ${suite.description}`);
    const corePath = await buildCore(suite.coreEntry);
    log(`built ${suite.coreEntry.outfile} from ${suite.coreEntry.entry}`);
    const code = await suite.run({
      keys,
      corePath,
      outFile: join(root, 'bench', 'results', `${name}.json`),
      profileDir: options.values.profile ? join(root, 'bench', 'results', 'profiles') : undefined,
      log,
      own,
    });
    if (code !== 0 && code !== 3) throw new Error(`suite ${name} failed (exit ${code})`);
    worst = Math.max(worst, code);
  }
  if (worst === 3) log(options.values.strict ? 'a target was missed (--strict: exit 3)' : 'a target was missed (see FAIL above)');
  process.exitCode = worst === 3 && options.values.strict ? 3 : 0;
}

main().catch((err) => {
  console.error(`bench: ${err.message}`);
  process.exitCode = 1;
});
