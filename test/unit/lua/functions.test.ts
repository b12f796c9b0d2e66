import * as assert from 'node:assert/strict';
import type { Cluster, Redis } from 'ioredis';
import { ReadOnlyError } from '../../../src/core/connection/errors';
import { RedisSession } from '../../../src/core/connection/session';
import { callFunction, deleteLibrary, listLibraries, loadLibrary } from '../../../src/core/lua/functions';
import { clusterMasters, nodeAddress } from '../../../src/core/lua/nodes';
import { ScriptError } from '../../../src/core/lua/scriptError';
import { servers } from '../hooks';
import { RUN, callsAdded, commandCalls, keysPerMaster, luaKey, nodesOf, openCluster, openStandalone, removeLuaKeys } from './support';

const FUNCTION_COMMANDS = ['function|load', 'function|delete', 'fcall', 'fcall_ro'];

/** A library named for this run (so parallel runs and leftovers never clash), version `v` of its code. */
function library(name: string, v = 1): string {
  return [
    `#!lua name=${name}`,
    "redis.register_function{function_name='" + name + "_incr', callback=function(keys, args)",
    `  return redis.call('INCRBY', keys[1], ${v})`,
    "end, description='adds " + v + "'}",
    "redis.register_function{function_name='" + name + "_get', callback=function(keys) return redis.call('GET', keys[1]) end, flags={'no-writes'}}",
    "redis.register_function{function_name='" + name + "_ping', callback=function() return 'pong' end, flags={'no-writes'}}",
    "redis.register_function('" + name + "_fail', function(keys, args)",
    '  local x = nil',
    '  return x.field',
    'end)',
  ].join('\n');
}

async function deleteEverywhere(s: RedisSession, name: string): Promise<void> {
  await Promise.all(nodesOf(s).map((n) => n.call('FUNCTION', 'DELETE', name).catch(() => undefined)));
}

describe('Redis functions on a standalone server', function () {
  this.timeout(10_000);
  let s: RedisSession;
  let node: string;
  const lib = `luatest_${RUN}_a`;
  before(async () => {
    s = await openStandalone();
    node = `${servers().standalone.host}:${servers().standalone.port}`;
  });
  after(async () => {
    await deleteEverywhere(s, lib);
    await removeLuaKeys(s);
    await s.close();
  });

  it('loads, lists, calls (FCALL and FCALL_RO), replaces and deletes a library', async () => {
    assert.deepEqual(await loadLibrary(s.client, library(lib), { replace: false }), [{ node, ok: true, value: lib }]);

    const listed = (await listLibraries(s.client)).find((l) => l.name === lib);
    assert.deepEqual(listed, {
      name: lib,
      engine: 'LUA',
      nodes: [node],
      functions: [
        { name: `${lib}_fail`, flags: [] },
        { name: `${lib}_get`, flags: ['no-writes'] },
        { name: `${lib}_incr`, description: 'adds 1', flags: [] },
        { name: `${lib}_ping`, flags: ['no-writes'] },
      ].sort((a, b) => (a.name < b.name ? -1 : 1)),
    } as typeof listed);

    const key = luaKey('fn-counter');
    const starts: string[] = [];
    const call = await callFunction(s.client, { name: `${lib}_incr`, keys: [key], args: [] }, undefined, { onStart: (i) => starts.push(i.node) });
    assert.deepEqual([call.reply, call.name, call.node, starts], [1, `${lib}_incr`, node, [node]]);
    assert.ok(call.ms > 0);
    const ro = await callFunction(s.client, { name: `${lib}_get`, keys: [key], args: [], readOnly: true });
    assert.deepEqual(ro.reply, Buffer.from('1'));

    const again = await loadLibrary(s.client, library(lib, 2), { replace: false });
    assert.deepEqual(again, [{ node, ok: false, error: `ERR Library '${lib}' already exists` }]);
    assert.deepEqual(await loadLibrary(s.client, library(lib, 2), { replace: true }), [{ node, ok: true, value: lib }]);
    assert.equal((await callFunction(s.client, { name: `${lib}_incr`, keys: [key], args: [] })).reply, 3, 'the replaced code runs');

    assert.deepEqual(await deleteLibrary(s.client, lib), [{ node, ok: true, value: undefined }]);
    assert.equal((await listLibraries(s.client)).some((l) => l.name === lib), false);
    assert.deepEqual(await deleteLibrary(s.client, lib), [{ node, ok: false, error: 'ERR Library not found' }]);
  });

  it('a library without `#!lua name=` gets Redis\'s "Missing library metadata"', async () => {
    const results = await loadLibrary(s.client, "redis.register_function('f', function() return 1 end)", { replace: true });
    assert.deepEqual(results, [{ node, ok: false, error: 'ERR Missing library metadata' }]);
  });

  it('a compile error comes back with Redis\'s user_function line', async () => {
    const [result] = await loadLibrary(s.client, `#!lua name=${lib}_bad\nredis.register_function('f', function()\n  return (1\nend)`, { replace: true });
    assert.equal(result.ok, false);
    assert.match(result.error ?? '', /^ERR Error compiling function: user_function:4: '\)' expected \(to close '\(' at line 3\) near 'end'$/);
  });

  it('call errors are ScriptErrors naming the function, with Redis\'s text', async () => {
    await loadLibrary(s.client, library(lib), { replace: true });
    await assert.rejects(callFunction(s.client, { name: `${lib}_fail`, keys: [], args: [] }), (e: unknown) => {
      assert.ok(e instanceof ScriptError, String(e));
      assert.equal(e.functionName, `${lib}_fail`);
      assert.equal(e.node, node);
      assert.equal(e.code, 'ERR');
      assert.match(e.message, new RegExp(`^ERR user_function:9: attempt to index local 'x' \\(a nil value\\) script: ${lib}_fail, on @user_function:9\\.$`));
      return true;
    });
    await assert.rejects(callFunction(s.client, { name: `${lib}_incr`, keys: [luaKey('x')], args: [], readOnly: true }), (e: unknown) => {
      assert.ok(e instanceof ScriptError, String(e));
      assert.equal(e.message, 'ERR Can not execute a script with write flag using *_ro command.');
      return true;
    });
    await assert.rejects(callFunction(s.client, { name: 'no_such_function', keys: [], args: [] }), /ERR Function not found/);
  });

  describe('on a read-only connection', () => {
    let ro: RedisSession;
    before(async () => {
      ro = await openStandalone({ name: 'Prod (read-only)', readOnly: true });
      await loadLibrary(s.client, library(lib), { replace: true });
      await s.client.set(luaKey('ro-fn'), '41');
    });
    after(async () => ro.close());
    const policy = { readOnly: true, connectionName: 'Prod (read-only)' };

    it('refuses FUNCTION LOAD / DELETE and FCALL before sending; lists and calls FCALL_RO', async () => {
      const before = await commandCalls(s.client);
      await assert.rejects(loadLibrary(ro.client, library(lib), { replace: true, ...policy }), /'Prod \(read-only\)' is a read-only connection: FUNCTION LOAD was not sent/);
      await assert.rejects(deleteLibrary(ro.client, lib, policy), ReadOnlyError);
      await assert.rejects(callFunction(ro.client, { name: `${lib}_incr`, keys: [luaKey('ro-fn')], args: [] }, policy), ReadOnlyError);
      // Without the policy the session's own write guard refuses them too.
      await assert.rejects(loadLibrary(ro.client, library(lib), { replace: true }), ReadOnlyError);
      await assert.rejects(deleteLibrary(ro.client, lib), ReadOnlyError);
      assert.deepEqual(callsAdded(before, await commandCalls(s.client), FUNCTION_COMMANDS), { 'function|load': 0, 'function|delete': 0, fcall: 0, fcall_ro: 0 });

      assert.ok((await listLibraries(ro.client)).some((l) => l.name === lib));
      const outcome = await callFunction(ro.client, { name: `${lib}_get`, keys: [luaKey('ro-fn')], args: [], readOnly: true }, policy);
      assert.deepEqual(outcome.reply, Buffer.from('41'));
    });
  });
});

describe('Redis functions on a cluster', function () {
  this.timeout(15_000);
  let s: RedisSession;
  let cluster: Cluster;
  let masters: string[];
  const lib = `luatest_${RUN}_c`;
  before(async () => {
    s = await openCluster();
    cluster = s.client as Cluster;
    masters = clusterMasters(cluster).map(nodeAddress);
  });
  after(async () => {
    await deleteEverywhere(s, lib);
    await removeLuaKeys(s);
    await s.close();
  });

  it('loads on every master and reports each; REPLACE; lists with nodes; calls on the key\'s owner; deletes everywhere', async () => {
    assert.equal(masters.length, 3);
    assert.deepEqual(await loadLibrary(cluster, library(lib), { replace: false }), masters.map((node) => ({ node, ok: true, value: lib })));
    for (const m of clusterMasters(cluster)) {
      const names = ((await m.call('FUNCTION', 'LIST', 'LIBRARYNAME', lib)) as unknown[]).length;
      assert.equal(names, 1, `the library is on ${nodeAddress(m)}`);
    }
    assert.deepEqual(
      (await loadLibrary(cluster, library(lib, 5), { replace: false })).map((r) => r.ok),
      [false, false, false],
      'without REPLACE each master says it exists',
    );
    assert.deepEqual(await loadLibrary(cluster, library(lib, 5), { replace: true }), masters.map((node) => ({ node, ok: true, value: lib })));

    const listed = (await listLibraries(cluster)).find((l) => l.name === lib);
    assert.deepEqual(listed?.nodes, masters);
    assert.equal(listed?.functions.length, 4);

    for (const { key, node } of keysPerMaster(cluster, 'fcall')) {
      const outcome = await callFunction(cluster, { name: `${lib}_incr`, keys: [key], args: [] });
      assert.deepEqual([outcome.node, outcome.reply], [node, 5]);
      const ro = await callFunction(cluster, { name: `${lib}_get`, keys: [key], args: [], readOnly: true });
      assert.deepEqual([ro.node, ro.reply], [node, Buffer.from('5')]);
    }
    const ping = await callFunction(cluster, { name: `${lib}_ping`, keys: [], args: [], readOnly: true });
    assert.deepEqual([ping.node, ping.reply], [masters[0], Buffer.from('pong')], 'no keys: the first master by address');

    assert.deepEqual(await deleteLibrary(cluster, lib), masters.map((node) => ({ node, ok: true, value: undefined })));
    assert.equal((await listLibraries(cluster)).some((l) => l.name === lib), false);
  });

  it('reports "Missing library metadata" from each master', async () => {
    const results = await loadLibrary(cluster, "redis.register_function('f', function() return 1 end)", { replace: true });
    assert.deepEqual(results, masters.map((node) => ({ node, ok: false, error: 'ERR Missing library metadata' })));
  });

  it('reports a library that only some masters have, with those masters', async () => {
    const [first] = clusterMasters(cluster);
    await deleteEverywhere(s, lib);
    await first.call('FUNCTION', 'LOAD', 'REPLACE', library(lib));
    const listed = (await listLibraries(cluster)).find((l) => l.name === lib);
    assert.deepEqual(listed?.nodes, [nodeAddress(first)]);
    const results = await deleteLibrary(cluster, lib);
    assert.deepEqual(results.map((r) => [r.ok, r.error]), [[true, undefined], [false, 'ERR Library not found'], [false, 'ERR Library not found']]);
  });

  it('a read-only cluster connection refuses FUNCTION LOAD and FCALL on every master, sending nothing', async () => {
    const ro = await openCluster({ name: 'cluster (read-only)', readOnly: true });
    try {
      const policy = { readOnly: true, connectionName: 'cluster (read-only)' };
      const nodes = clusterMasters(cluster) as Redis[];
      const before = await Promise.all(nodes.map(commandCalls));
      await assert.rejects(loadLibrary(ro.client, library(lib), { replace: true, ...policy }), ReadOnlyError);
      await assert.rejects(deleteLibrary(ro.client, lib, policy), ReadOnlyError);
      await assert.rejects(callFunction(ro.client, { name: `${lib}_incr`, keys: [luaKey('x')], args: [] }, policy), ReadOnlyError);
      const after = await Promise.all(nodes.map(commandCalls));
      for (let i = 0; i < nodes.length; i++) {
        assert.deepEqual(callsAdded(before[i], after[i], FUNCTION_COMMANDS), { 'function|load': 0, 'function|delete': 0, fcall: 0, fcall_ro: 0 });
      }
      assert.ok(Array.isArray(await listLibraries(ro.client)));
    } finally {
      await ro.close();
    }
  });
});
