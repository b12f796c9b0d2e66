import * as assert from 'node:assert/strict';
import type { Cluster, Redis } from 'ioredis';
import { ReadOnlyError } from '../../../src/core/connection/errors';
import { RedisSession } from '../../../src/core/connection/session';
import { clusterMasters, nodeAddress } from '../../../src/core/lua/nodes';
import { ScriptRunner } from '../../../src/core/lua/runner';
import { ScriptError } from '../../../src/core/lua/scriptError';
import { scriptSha } from '../../../src/core/lua/sha';
import { restartServer } from '../../harness/servers';
import { servers } from '../hooks';
import {
  SCRIPT_COMMANDS, callsAdded, commandCalls, freshScript, keysPerMaster, luaKey, open, openCluster, openStandalone,
  ownServer, removeLuaKeys, standaloneConfig, waitUntil,
} from './support';

const INCR = "return redis.call('INCRBY', KEYS[1], ARGV[1])";
const GET = "return redis.call('GET', KEYS[1])";

/** A ScriptError assertion that shows the actual error when it is something else. */
function scriptError(check: (e: ScriptError) => void): (e: unknown) => boolean {
  return (e: unknown) => {
    assert.ok(e instanceof ScriptError, `expected a ScriptError, got ${String(e)}`);
    check(e);
    return true;
  };
}

describe('ScriptRunner on a standalone server', function () {
  this.timeout(10_000);
  let s: RedisSession;
  let node: string;
  before(async () => {
    s = await openStandalone();
    node = `${servers().standalone.host}:${servers().standalone.port}`;
  });
  after(async () => {
    await removeLuaKeys(s);
    await s.close();
  });

  it('computes the sha locally: it is what SCRIPT LOAD returns for the same bytes', async () => {
    const source = freshScript("return 'héllo ✓'");
    const loaded = String(await s.client.script('LOAD', source));
    assert.equal(scriptSha(source), loaded);
    assert.equal(scriptSha(Buffer.from(source)), loaded);
  });

  it('loads on the first run (cacheHit false); a re-run sends only EVALSHA (INFO commandstats)', async () => {
    const runner = new ScriptRunner(s.client);
    const source = freshScript(INCR);
    const key = luaKey('counter');
    const before = await commandCalls(s.client);
    const first = await runner.run({ source, keys: [key], args: ['5'] });
    const middle = await commandCalls(s.client);
    const second = await runner.run({ source, keys: [key], args: ['2'] });
    const after = await commandCalls(s.client);

    assert.deepEqual({ reply: first.reply, cacheHit: first.cacheHit, node: first.node, sha: first.sha }, { reply: 5, cacheHit: false, node, sha: scriptSha(source) });
    assert.deepEqual({ reply: second.reply, cacheHit: second.cacheHit, node: second.node }, { reply: 7, cacheHit: true, node });
    assert.ok(first.ms > 0 && second.ms > 0);
    // First run: EVALSHA (NOSCRIPT), SCRIPT LOAD, EVALSHA. Never EVAL.
    assert.deepEqual(callsAdded(before, middle, SCRIPT_COMMANDS), { eval: 0, eval_ro: 0, evalsha: 2, evalsha_ro: 0, 'script|load': 1 });
    assert.deepEqual(callsAdded(middle, after, SCRIPT_COMMANDS), { eval: 0, eval_ro: 0, evalsha: 1, evalsha_ro: 0, 'script|load': 0 });
  });

  it('a new runner on a server that already has the script hits the cache at once', async () => {
    const source = freshScript(INCR);
    await new ScriptRunner(s.client).run({ source, keys: [luaKey('counter2')], args: ['1'] });
    const before = await commandCalls(s.client);
    const outcome = await new ScriptRunner(s.client).run({ source, keys: [luaKey('counter2')], args: ['1'] });
    assert.equal(outcome.cacheHit, true);
    assert.equal(outcome.reply, 2);
    assert.deepEqual(callsAdded(before, await commandCalls(s.client), SCRIPT_COMMANDS), { eval: 0, eval_ro: 0, evalsha: 1, evalsha_ro: 0, 'script|load': 0 });
  });

  it('counts bytes sent: the script once, then a sha-sized command per re-run', async () => {
    const runner = new ScriptRunner(s.client);
    const source = freshScript(`${INCR}\n${'-- padding to make the script big\n'.repeat(60)}`);
    assert.ok(Buffer.byteLength(source) > 2000);
    await runner.run({ source, keys: [luaKey('bytes')], args: ['1'] });
    const afterFirst = runner.bytesSent;
    assert.ok(afterFirst > Buffer.byteLength(source), `the first run sent the source (${afterFirst} bytes)`);
    await runner.run({ source, keys: [luaKey('bytes')], args: ['1'] });
    const rerun = runner.bytesSent - afterFirst;
    // *5 $7 EVALSHA $40 <sha> $1 1 $<n> <key> $1 1
    const expected = 4 + 13 + 47 + 7 + (5 + String(luaKey('bytes').length).length + luaKey('bytes').length) + 7;
    assert.equal(rerun, expected);
    assert.ok(rerun < 200);
  });

  it('returns the raw reply: integers, Buffers, nil, nested arrays with error elements', async () => {
    const runner = new ScriptRunner(s.client);
    const source = freshScript("return {1, 'two', false, {3, redis.error_reply('INNER boom')}, redis.status_reply('FINE'), 3.7}");
    const { reply } = await runner.run({ source, keys: [], args: [] });
    assert.ok(Array.isArray(reply));
    const [one, two, nil, nested, status, float] = reply as unknown[];
    assert.equal(one, 1);
    assert.deepEqual(two, Buffer.from('two'));
    assert.equal(nil, null);
    assert.ok(Array.isArray(nested));
    assert.equal((nested as unknown[])[0], 3);
    assert.ok((nested as unknown[])[1] instanceof Error);
    assert.equal(((nested as unknown[])[1] as Error).message, 'INNER boom');
    assert.deepEqual(status, Buffer.from('FINE'));
    assert.equal(float, 3);
  });

  it('keeps binary keys and arguments byte-exact', async () => {
    const runner = new ScriptRunner(s.client);
    const key = Buffer.concat([Buffer.from(luaKey('bin:')), Buffer.from([0xff, 0x00, 0xfe])]);
    const value = Buffer.from([0x00, 0x80, 0xff, 0x0a]);
    const source = freshScript("redis.call('SET', KEYS[1], ARGV[1]) return redis.call('GET', KEYS[1])");
    const { reply } = await runner.run({ source, keys: [key], args: [value] });
    assert.deepEqual(reply, value);
    assert.deepEqual(await s.client.getBuffer(key), value);
  });

  it('concurrent first runs of one script load it once', async () => {
    const runner = new ScriptRunner(s.client);
    const source = freshScript(INCR);
    const before = await commandCalls(s.client);
    const outcomes = await Promise.all([1, 2, 3, 4, 5].map(() => runner.run({ source, keys: [luaKey('concurrent')], args: ['1'] })));
    assert.deepEqual(outcomes.map((o) => o.reply).sort(), [1, 2, 3, 4, 5]);
    assert.equal(callsAdded(before, await commandCalls(s.client), ['script|load'])['script|load'], 1);
  });

  it('calls onStart once, with the sha and node, before the reply (also when it had to load)', async () => {
    const runner = new ScriptRunner(s.client);
    const source = freshScript(GET);
    const events: string[] = [];
    const outcome = await runner.run({ source, keys: [luaKey('nothing')], args: [] }, { onStart: (info) => events.push(`start ${info.node} ${info.sha}`) });
    events.push(`done, cacheHit ${outcome.cacheHit}`);
    assert.deepEqual(events, [`start ${node} ${scriptSha(source)}`, 'done, cacheHit false']);
    assert.equal(runner.nodeFor([luaKey('x')]), node);
  });

  describe('errors keep Redis\'s text', () => {
    it('compile error (from SCRIPT LOAD)', async () => {
      const source = freshScript('local x = 1\nif x then\nreturn 1 +\nend');
      await assert.rejects(new ScriptRunner(s.client).run({ source, keys: [], args: [] }), scriptError((e) => {
        assert.equal(e.code, 'ERR');
        assert.match(e.message, /^ERR Error compiling script \(new function\): user_script:5: unexpected symbol near 'end'$/);
        assert.equal(e.sha, scriptSha(source));
        assert.equal(e.node, node);
      }));
    });

    it('runtime error', async () => {
      const source = freshScript('local a = 1\nreturn undefined_global');
      await assert.rejects(new ScriptRunner(s.client).run({ source, keys: [], args: [] }), scriptError((e) => {
        assert.equal(e.code, 'ERR');
        assert.equal(e.message, `ERR user_script:3: Script attempted to access nonexistent global variable 'undefined_global' script: ${scriptSha(source)}, on @user_script:3.`);
        assert.ok(typeof e.ms === 'number' && e.ms >= 0);
      }));
    });

    it('WRONGTYPE from a command inside the script', async () => {
      const key = luaKey('a-string');
      await s.client.set(key, 'v');
      const source = freshScript("return redis.call('LPUSH', KEYS[1], 'x')");
      await assert.rejects(new ScriptRunner(s.client).run({ source, keys: [key], args: [] }), scriptError((e) => {
        assert.equal(e.code, 'WRONGTYPE');
        assert.equal(e.message, `WRONGTYPE Operation against a key holding the wrong kind of value script: ${scriptSha(source)}, on @user_script:2.`);
      }));
    });
  });
});

describe('ScriptRunner on a read-only connection', function () {
  this.timeout(10_000);
  let rw: RedisSession;
  let ro: RedisSession;
  const key = luaKey('ro');
  before(async () => {
    rw = await openStandalone();
    ro = await openStandalone({ name: 'Prod (read-only)', readOnly: true });
    await rw.client.set(key, 'kept');
  });
  after(async () => {
    await removeLuaKeys(rw);
    await Promise.all([rw.close(), ro.close()]);
  });

  it('runs a read script with EVALSHA_RO', async () => {
    const runner = new ScriptRunner(ro.client, { readOnly: true, connectionName: 'Prod (read-only)' });
    const before = await commandCalls(rw.client);
    const outcome = await runner.run({ source: freshScript(GET), keys: [key], args: [], readOnly: true });
    assert.deepEqual(outcome.reply, Buffer.from('kept'));
    assert.deepEqual(callsAdded(before, await commandCalls(rw.client), SCRIPT_COMMANDS), { eval: 0, eval_ro: 0, evalsha: 0, evalsha_ro: 2, 'script|load': 1 });
  });

  it('a write inside EVALSHA_RO fails with Redis\'s read-only script error', async () => {
    const runner = new ScriptRunner(ro.client, { readOnly: true, connectionName: 'Prod (read-only)' });
    const source = freshScript("return redis.call('SET', KEYS[1], 'changed')");
    await assert.rejects(runner.run({ source, keys: [key], args: [], readOnly: true }), scriptError((e) => {
      assert.equal(e.message, `ERR Write commands are not allowed from read-only scripts. script: ${scriptSha(source)}, on @user_script:2.`);
    }));
    assert.equal(await rw.client.get(key), 'kept');
  });

  it('refuses a non-read-only run before anything is sent', async () => {
    const runner = new ScriptRunner(ro.client, { readOnly: true, connectionName: 'Prod (read-only)' });
    const before = await commandCalls(rw.client);
    await assert.rejects(runner.run({ source: freshScript(INCR), keys: [key], args: ['1'] }), (e: unknown) => {
      assert.ok(e instanceof ReadOnlyError, String(e));
      assert.match(e.message, /^'Prod \(read-only\)' is a read-only connection: EVALSHA/);
      return true;
    });
    assert.deepEqual(callsAdded(before, await commandCalls(rw.client), SCRIPT_COMMANDS), { eval: 0, eval_ro: 0, evalsha: 0, evalsha_ro: 0, 'script|load': 0 });
    assert.equal(runner.bytesSent, 0);
  });

  it('the session\'s write guard refuses EVALSHA but lets SCRIPT LOAD and EVALSHA_RO through', async () => {
    const runner = new ScriptRunner(ro.client); // no readOnly option: only the guard decides
    await assert.rejects(runner.run({ source: freshScript(INCR), keys: [key], args: ['1'] }), ReadOnlyError);
    const outcome = await runner.run({ source: freshScript(GET), keys: [key], args: [], readOnly: true });
    assert.equal(outcome.cacheHit, false, 'SCRIPT LOAD went through the guard');
    assert.deepEqual(outcome.reply, Buffer.from('kept'));
  });
});

describe('ScriptRunner: NOSCRIPT recovery', function () {
  this.timeout(15_000);
  const own = ownServer();
  let s: RedisSession;
  beforeEach(async () => {
    s = await open(standaloneConfig(own().standalone));
  });
  afterEach(async () => s.close());

  it('loads the script again after SCRIPT FLUSH', async () => {
    const runner = new ScriptRunner(s.client);
    const source = freshScript(INCR);
    assert.equal((await runner.run({ source, keys: [luaKey('f')], args: ['1'] })).cacheHit, false);
    assert.equal((await runner.run({ source, keys: [luaKey('f')], args: ['1'] })).cacheHit, true);
    await s.client.script('FLUSH');
    const before = await commandCalls(s.client);
    const outcome = await runner.run({ source, keys: [luaKey('f')], args: ['1'] });
    assert.deepEqual({ cacheHit: outcome.cacheHit, reply: outcome.reply }, { cacheHit: false, reply: 3 });
    assert.deepEqual(callsAdded(before, await commandCalls(s.client), SCRIPT_COMMANDS), { eval: 0, eval_ro: 0, evalsha: 2, evalsha_ro: 0, 'script|load': 1 });
    assert.equal((await runner.run({ source, keys: [luaKey('f')], args: ['1'] })).cacheHit, true);
  });

  it('loads the script again after the server restarts', async () => {
    const runner = new ScriptRunner(s.client);
    const source = freshScript(INCR);
    await runner.run({ source, keys: [luaKey('r')], args: ['1'] });
    assert.equal((await runner.run({ source, keys: [luaKey('r')], args: ['1'] })).cacheHit, true);
    const states: string[] = [];
    s.on('state', (state) => states.push(state));
    await restartServer(own(), 'standalone');
    await waitUntil('the session to reconnect', () => states.includes('connected'), 10_000);
    const outcome = await runner.run({ source, keys: [luaKey('r')], args: ['1'] });
    assert.deepEqual({ cacheHit: outcome.cacheHit, reply: outcome.reply }, { cacheHit: false, reply: 1 }, 'a new, empty server');
  });
});

describe('ScriptRunner on a cluster', function () {
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

  const stats = (node: string) => commandCalls(clusterMasters(cluster).find((m) => nodeAddress(m) === node) as Redis);

  it('runs on the master owning the key, loading the script on each master as needed', async () => {
    const runner = new ScriptRunner(cluster);
    const source = freshScript(INCR);
    const targets = keysPerMaster(cluster, 'owner');
    assert.equal(new Set(targets.map((t) => t.node)).size, 3);
    for (const { key, node } of targets) {
      assert.equal(runner.nodeFor([key]), node);
      const before = await stats(node);
      const first = await runner.run({ source, keys: [key], args: ['1'] });
      const middle = await stats(node);
      const second = await runner.run({ source, keys: [key], args: ['1'] });
      const after = await stats(node);
      assert.deepEqual([first.node, first.cacheHit, first.reply], [node, false, 1]);
      assert.deepEqual([second.node, second.cacheHit, second.reply], [node, true, 2]);
      assert.deepEqual(callsAdded(before, middle, SCRIPT_COMMANDS), { eval: 0, eval_ro: 0, evalsha: 2, evalsha_ro: 0, 'script|load': 1 }, `first run on ${node}`);
      assert.deepEqual(callsAdded(middle, after, SCRIPT_COMMANDS), { eval: 0, eval_ro: 0, evalsha: 1, evalsha_ro: 0, 'script|load': 0 }, `re-run on ${node}`);
      assert.equal(await cluster.get(key), '2', 'the key lives where the script ran');
    }
  });

  it('runs a script without keys on the first master by address', async () => {
    const runner = new ScriptRunner(cluster);
    const first = nodeAddress(clusterMasters(cluster)[0]);
    const outcome = await runner.run({ source: freshScript("return redis.call('CLUSTER', 'MYID')"), keys: [], args: [] });
    assert.equal(outcome.node, first);
    assert.equal(runner.nodeFor([]), first);
    const myId = (await (clusterMasters(cluster)[0]).call('CLUSTER', 'MYID')) as string;
    assert.equal(String(outcome.reply), myId, 'it ran on that node');
  });

  it('keys in different slots get Redis\'s CROSSSLOT error', async () => {
    const [a, b] = keysPerMaster(cluster, 'cross');
    await assert.rejects(new ScriptRunner(cluster).run({ source: freshScript('return 1'), keys: [a.key, b.key], args: [] }), scriptError((e) => {
      assert.equal(e.code, 'CROSSSLOT');
      assert.equal(e.node, a.node);
    }));
  });

  it('follows a MOVED reply when its slot map is stale', async () => {
    const [a, b] = keysPerMaster(cluster, 'moved');
    const runner = new ScriptRunner(cluster);
    const slot = (await cluster.call('CLUSTER', 'KEYSLOT', a.key)) as number;
    const saved = cluster.slots[slot];
    cluster.slots[slot] = [b.node]; // as if the slot had moved to b's master
    try {
      assert.equal(runner.nodeFor([a.key]), b.node);
      const outcome = await runner.run({ source: freshScript(INCR), keys: [a.key], args: ['4'] });
      assert.deepEqual([outcome.node, outcome.reply], [a.node, 4]);
    } finally {
      cluster.slots[slot] = saved;
    }
    assert.equal(runner.nodeFor([a.key]), a.node);
  });

  it('a read-only cluster runner refuses writes itself (nodes are addressed past the guard)', async () => {
    const ro = await openCluster({ name: 'cluster (read-only)', readOnly: true });
    try {
      const runner = new ScriptRunner(ro.client, { readOnly: true, connectionName: 'cluster (read-only)' });
      const [{ key, node }] = keysPerMaster(cluster, 'ro');
      const before = await stats(node);
      await assert.rejects(runner.run({ source: freshScript(INCR), keys: [key], args: ['1'] }), ReadOnlyError);
      assert.deepEqual(callsAdded(before, await stats(node), SCRIPT_COMMANDS), { eval: 0, eval_ro: 0, evalsha: 0, evalsha_ro: 0, 'script|load': 0 });
      const outcome = await runner.run({ source: freshScript(GET), keys: [key], args: [], readOnly: true });
      assert.deepEqual([outcome.node, outcome.reply], [node, null]);
    } finally {
      await ro.close();
    }
  });
});
