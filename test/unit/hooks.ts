/**
 * Mocha root-hook plugin for the unit tier (`mocha --require out/test/unit/hooks.js ...`).
 *
 * With REDIS_DEVKIT_SERVERS naming a JSON file written by `test/harness/cli.js start`, the tests use
 * those servers and leave them running (whoever started them stops them). Without it, this plugin
 * starts every kind itself before the first test and stops them after the last.
 */
import * as fs from 'node:fs';
import type { Context } from 'mocha';
import { killServersSync, ServerSet, startServers, stopServers } from '../harness/servers';

let current: ServerSet | undefined;
let owned = false;

/** The servers for this run; only valid inside tests and hooks (after the root beforeAll). */
export function servers(): ServerSet {
  if (!current) throw new Error('servers() called before the root beforeAll hook ran (is --require out/test/unit/hooks.js missing?)');
  return current;
}

function loadSet(file: string): ServerSet {
  let set: ServerSet;
  try {
    set = JSON.parse(fs.readFileSync(file, 'utf8')) as ServerSet;
  } catch (err) {
    throw new Error(`REDIS_DEVKIT_SERVERS=${file}: cannot read the server set: ${(err as Error).message}`);
  }
  if (typeof set?.dir !== 'string' || !Array.isArray(set.kinds)) {
    throw new Error(`REDIS_DEVKIT_SERVERS=${file}: not a server set written by test/harness/cli.js start`);
  }
  return set;
}

/**
 * Last resort if mocha ends without running afterAll (uncaught error, process.exit, Ctrl-C):
 * no daemon we started may outlive the run.
 */
function killOnExit(set: ServerSet): void {
  const cleanup = (): void => {
    if (owned && fs.existsSync(set.dir)) killServersSync(set);
    owned = false;
  };
  process.once('exit', cleanup);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      cleanup();
      process.kill(process.pid, signal); // our once-listener is gone: the default action ends the process
    });
  }
}

export const mochaHooks = {
  async beforeAll(this: Context): Promise<void> {
    this.timeout(60_000);
    const file = process.env.REDIS_DEVKIT_SERVERS;
    if (file) {
      current = loadSet(file);
      owned = false;
      return;
    }
    current = await startServers();
    owned = true;
    killOnExit(current);
  },
  async afterAll(this: Context): Promise<void> {
    this.timeout(30_000);
    if (current && owned) {
      const set = current;
      owned = false;
      await stopServers(set);
    }
  },
};
