import * as assert from 'node:assert/strict';
import type { Cluster, Redis } from 'ioredis';
import { RedisSession } from '../../../src/core/connection/session';
import { callFunction, loadLibrary } from '../../../src/core/lua/functions';
import { killBusyScript } from '../../../src/core/lua/kill';
import { clusterNode, freshConnection } from '../../../src/core/lua/nodes';
import { ScriptRunner } from '../../../src/core/lua/runner';
import { ScriptError } from '../../../src/core/lua/scriptError';
import { scriptSha } from '../../../src/core/lua/sha';
import type { RedisClient } from '../../../src/core/values/client';
import { restartServer, ServerSet } from '../../harness/servers';
import {
  RUN, callsAdded, commandCalls, freshScript, keysPerMaster, luaKey, open, openCluster, ownServer, removeLuaKeys,
  standaloneConfig, standalonePid, waitGone,
} from './support';

const LOOP = 'while true do end';
const WRITE_THEN_LOOP = "redis.call('SET', KEYS[1], 'written')\nwhile true do end";
const THRESHOLD_MS = 200;

/** Resolves once `node` answers BUSY to a second connection: the script has passed the busy threshold. */
async function waitBusy(client: RedisClient, node: string): Promise<void> {
  const probe = freshConnection(client, node);
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    for (let i = 0; i < 200; i++) {
      try {
        await probe.ping();
      } catch (err) {
        if (/^BUSY/.test((err as Error).message)) return;
        throw err;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`${node} never became busy`);
  } finally {
    probe.disconnect();
  }
}

/** A run's rejection (or a failure if it resolved), without an unhandled rejection meanwhile. */
function failureOf(run: Promise<unknown>): Promise<unknown> {
  return run.then(
    (value) => {
      throw new Error(`expected the run to fail, it returned ${String(value)}`);
    },
    (err: unknown) => err,
  );
}

/** The onStart node of a run, as a promise. */
function started(): { onStart(info: { node: string }): void; node: Promise<string> } {
  let resolve: (node: string) => void = () => undefined;
  const node = new Promise<string>((r) => (resolve = r));
  return { onStart: (info) => resolve(info.node), node };
}

describe('killBusyScript on a standalone server', function () {
  this.timeout(15_000);
  const own = ownServer();
  let s: RedisSession;
  let admin: Redis;
  const lib = `luatest_${RUN}_k`;
  const librarySource = [
    `#!lua name=${lib}`,
    `redis.register_function{function_name='${lib}_spin', callback=function() while true do end end, flags={'no-writes'}}`,
    `redis.register_function('${lib}_wspin', function(keys) redis.call('SET', keys[1], 'written') while true do end end)`,
  ].join('\n');

  beforeEach(async () => {
    s = await open(standaloneConfig(own().standalone));
    admin = s.client as Redis;
    await admin.config('SET', 'busy-reply-threshold', String(THRESHOLD_MS));
  });
  afterEach(async () => s.close());

  it('nothing running: notBusy', async () => {
    const { host, port } = own().standalone;
    const result = await killBusyScript(s.client, `${host}:${port}`, 'script');
    assert.equal(result.outcome, 'notBusy');
    assert.match(result.message, /No script or function is running/);
  });

  it('kills `while true do end` run by the runner; the run rejects with "Script killed by user"', async () => {
    const runner = new ScriptRunner(s.client);
    const source = freshScript(LOOP);
    const hook = started();
    const failure = failureOf(runner.run({ source, keys: [], args: [] }, { onStart: hook.onStart }));
    const node = await hook.node;
    await waitBusy(s.client, node);
    const result = await killBusyScript(s.client, node, 'script');
    assert.deepEqual(result, { outcome: 'killed', message: `Stopped the script running on ${node} (SCRIPT KILL).` });
    const err = await failure;
    assert.ok(err instanceof ScriptError, String(err));
    assert.equal(err.message, `ERR Script killed by user with SCRIPT KILL... script: ${scriptSha(source)}, on @user_script:2.`);
    assert.equal(err.node, node);
    assert.ok((err.ms ?? 0) >= THRESHOLD_MS, `the run lasted past the threshold (${err.ms} ms)`);
    assert.equal(await admin.ping(), 'PONG', 'the server serves again');
  });

  it('kills from a read-only connection too', async () => {
    const ro = await open(standaloneConfig(own().standalone, { name: 'ro', readOnly: true }));
    try {
      const runner = new ScriptRunner(ro.client, { readOnly: true, connectionName: 'ro' });
      const hook = started();
      const failure = failureOf(runner.run({ source: freshScript(LOOP), keys: [], args: [], readOnly: true }, hook));
      const node = await hook.node;
      await waitBusy(ro.client, node);
      assert.equal((await killBusyScript(ro.client, node, 'script')).outcome, 'killed');
      assert.match(String(await failure), /Script killed by user/);
    } finally {
      await ro.close();
    }
  });

  it('FUNCTION KILL stops a looping function; SCRIPT KILL asked for a function switches to it', async () => {
    await loadLibrary(s.client, librarySource, { replace: true });
    for (const kind of ['function', 'script'] as const) {
      const hook = started();
      const failure = failureOf(callFunction(s.client, { name: `${lib}_spin`, keys: [], args: [] }, undefined, hook));
      const node = await hook.node;
      await waitBusy(s.client, node);
      const result = await killBusyScript(s.client, node, kind);
      assert.deepEqual(result, { outcome: 'killed', message: `Stopped the function running on ${node} (FUNCTION KILL).` }, `asked for ${kind} kill`);
      const err = await failure;
      assert.ok(err instanceof ScriptError, String(err));
      assert.equal(err.functionName, `${lib}_spin`);
      assert.match(err.message, new RegExp(`^ERR Script killed by user with (SCRIPT|FUNCTION) KILL\\.\\.\\. script: ${lib}_spin, on @user_function:2\\.$`));
    }
  });

  /**
   * A script that wrote cannot be killed; the only way out is SHUTDOWN NOSAVE, which the test (not
   * the product) sends, then it starts the server again.
   */
  async function unkillable(start: (hook: ReturnType<typeof started>) => Promise<unknown>, kind: 'script' | 'function', set: ServerSet): Promise<void> {
    const hook = started();
    const failure = failureOf(start(hook));
    const node = await hook.node;
    await waitBusy(s.client, node);
    const result = await killBusyScript(s.client, node, kind);
    assert.equal(result.outcome, 'unkillable');
    assert.match(result.message, /already written data/);
    assert.match(result.message, /SHUTDOWN NOSAVE/);
    assert.match(result.message, /never sends that/);

    const pid = standalonePid(set);
    assert.ok(pid !== undefined);
    const killer = freshConnection(s.client, node);
    killer.on('error', () => undefined);
    await killer.connect();
    await killer.call('SHUTDOWN', 'NOSAVE').catch(() => undefined); // the server closes the connection: no reply
    killer.disconnect();
    await waitGone(pid);
    await restartServer(set, 'standalone');
    // The session reconnects and ioredis resends the command; the new server has nothing to run
    // (or ioredis gave up first). Either way the run ends with a message that says so.
    const endedWith = await failure;
    assert.ok(endedWith instanceof Error);
    assert.match(endedWith.message, /closed while .*running|max retries per request/i);

    // The run is over for good: nothing ran it again on the new server.
    const fresh = await open(standaloneConfig(set.standalone));
    try {
      const calls = await commandCalls(fresh.client);
      // ioredis may resend the EVALSHA / FCALL that was in flight; it finds nothing to run there.
      assert.deepEqual(callsAdded({}, calls, ['script|load', 'function|load']), { 'script|load': 0, 'function|load': 0 });
      assert.equal(await fresh.client.exists(luaKey('wrote')), 0);
    } finally {
      await fresh.close();
    }
  }

  it('a script that already wrote: unkillable, explained; the test ends it with SHUTDOWN NOSAVE', async () => {
    const runner = new ScriptRunner(s.client);
    await unkillable((hook) => runner.run({ source: freshScript(WRITE_THEN_LOOP), keys: [luaKey('wrote')], args: [] }, hook), 'script', own());
  });

  it('a function that already wrote: unkillable with FUNCTION KILL too', async () => {
    await loadLibrary(s.client, librarySource, { replace: true });
    await unkillable((hook) => callFunction(s.client, { name: `${lib}_wspin`, keys: [luaKey('wrote')], args: [] }, undefined, hook), 'function', own());
  });
});

describe('killBusyScript on a cluster node', function () {
  this.timeout(15_000);
  let s: RedisSession;
  let cluster: Cluster;
  before(async () => {
    s = await openCluster();
    cluster = s.client as Cluster;
  });
  after(async () => {
    await removeLuaKeys(s);
    await s.close();
  });

  it('nothing running on that node: notBusy', async () => {
    const [{ node }] = keysPerMaster(cluster, 'k');
    assert.equal((await killBusyScript(cluster, node, 'script')).outcome, 'notBusy');
  });

  it('kills a looping script on the master that runs it, over a new connection to that node', async () => {
    const [, { key, node }] = keysPerMaster(cluster, 'k');
    const master = clusterNode(cluster, node) as Redis;
    const [, saved] = (await master.config('GET', 'busy-reply-threshold')) as string[];
    await master.config('SET', 'busy-reply-threshold', String(THRESHOLD_MS));
    try {
      const runner = new ScriptRunner(cluster);
      const hook = started();
      const failure = failureOf(runner.run({ source: freshScript(LOOP), keys: [key], args: [] }, hook));
      assert.equal(await hook.node, node);
      await waitBusy(cluster, node);
      assert.equal((await killBusyScript(cluster, node, 'script')).outcome, 'killed');
      const err = await failure;
      assert.ok(err instanceof ScriptError && /Script killed by user/.test(err.message), String(err));
      assert.equal(err.node, node);
    } finally {
      await master.config('SET', 'busy-reply-threshold', saved);
    }
  });
});
