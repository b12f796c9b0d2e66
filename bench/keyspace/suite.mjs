/**
 * The keyspace suite, orchestration side: a throwaway redis-server, N seeded keys (not timed), then
 * bench/keyspace/measure.mjs in its own `node --expose-gc` process so the heap it measures holds
 * nothing of the seeding.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startRedisServer } from '../lib/redis-server.mjs';
import { plan, seed } from './seed.mjs';

export const description = 'KeyspaceView: first tree level, Scan All vs a bare SCAN loop, heap with the index alive';

/** What scripts/bench.mjs bundles (esbuild, ioredis external) before running the suite. */
export const coreEntry = { entry: 'bench/keyspace/core.ts', outfile: 'out/bench/keyspace-core.cjs' };

/**
 * Runs the suite; resolves with the measuring process's exit code (0 ok, 3 a target missed).
 * `server` is registered with `own` so the caller can stop it on Ctrl-C.
 */
export async function run({ keys, profileDir, outFile, corePath, log, own }) {
  const server = await startRedisServer({ log });
  own(server);
  try {
    const p = plan(keys);
    log(`seeding ${keys.toLocaleString('en-US')} keys (users ${p.users}, sessions ${p.sessions}, cache ${p.cache}, orders ${p.orders}, rate ${p.rate}, odd ${p.odd}) with redis-cli --pipe ...`);
    const t0 = performance.now();
    const replies = await seed({ host: server.host, port: server.port, keys });
    log(`seeded ${replies.toLocaleString('en-US')} commands in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    const measure = fileURLToPath(new URL('./measure.mjs', import.meta.url));
    const argv = ['--expose-gc', measure, '--core', corePath, '--port', String(server.port), '--keys', String(keys), '--out', outFile];
    if (profileDir) argv.push('--profile', profileDir);
    const child = spawn(process.execPath, argv, { stdio: 'inherit' });
    return await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    await server.stop();
    log('redis-server stopped');
  }
}
