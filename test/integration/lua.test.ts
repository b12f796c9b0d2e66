/**
 * The Lua runner in the real extension host against real Redis: CodeLenses, runs through the
 * commands (EVALSHA caching seen in the records), header KEYS/ARGV, errors on their line and
 * cleared by the next good run, as-you-type syntax checks, read-only refusal, functions
 * (load, list in the tree, call, delete), and killing a runaway script.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import * as vscode from 'vscode';
import type { RedisDevkitApi } from '../../src/extension';
import type { RunRecord } from '../../src/features/lua/history';
import { api, removeAllConnections, servers, waitFor } from './support';

describe('Lua runner', function () {
  this.timeout(60_000);
  let a: RedisDevkitApi;
  let redis: Redis;
  let dir: string;
  let connectionId: string;
  const run = randomUUID().slice(0, 8);
  const key = (name: string) => `lua-it:${run}:${name}`;

  const file = async (name: string, text: string): Promise<vscode.TextDocument> => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, text);
    return vscode.workspace.openTextDocument(vscode.Uri.file(p));
  };
  const add = (url: string, name: string): Thenable<string> => vscode.commands.executeCommand<string>('redisDevkit.connections.add', { url, name, connect: true });

  before(async () => {
    a = await api();
    await removeAllConnections(a);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lua-it-'));
    redis = new Redis({ port: servers().standalone.port, protocol: 2 });
    connectionId = await add(`redis://127.0.0.1:${servers().standalone.port}/0`, 'Lua IT');
    await a.connections.connect(connectionId);
    await a.connections.setActive(connectionId);
  });

  after(async () => {
    a.lua.resultsPanel()?.dispose();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const keys = await redis.keys(`lua-it:${run}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.function('FLUSH').catch(() => undefined);
    redis.disconnect();
    await removeAllConnections(a);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('shows Run, Run read-only and the connection as CodeLenses on a script', async () => {
    const doc = await file('lens.lua', 'return 1\n');
    const lenses = await waitFor(async () => vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri), 'lenses');
    const titles = (await lenses).map((l) => l.command?.title ?? '');
    assert.ok(titles.includes('$(play) Run on Lua IT'), titles.join(' | '));
    assert.ok(titles.includes('Run read-only'), titles.join(' | '));
  });

  it('runs with EVALSHA: the first run loads the script, the second hits the cache; the panel shows the reply', async () => {
    const doc = await file('incr.lua', `return redis.call('INCRBY', KEYS[1], ARGV[1])\n`);
    const first = await vscode.commands.executeCommand<RunRecord>('redisDevkit.lua.run', doc.uri, { keys: [key('counter')], args: ['5'] });
    assert.ok(first?.outcome.ok, JSON.stringify(first?.outcome));
    assert.equal(first.outcome.ok && first.outcome.cacheHit, false);
    assert.equal(first.outcome.ok && first.outcome.summary, '(integer) 5');
    const second = await vscode.commands.executeCommand<RunRecord>('redisDevkit.lua.run', doc.uri, { keys: [key('counter')], args: ['5'] });
    assert.equal(second.outcome.ok && second.outcome.cacheHit, true);
    assert.equal(await redis.get(key('counter')), '10');
    const panel = await waitFor(() => a.lua.resultsPanel(), 'the results panel');
    await waitFor(() => panel.readyCount > 0, 'the panel webview ready');
    assert.equal(a.lua.history.forFile(doc.uri.toString()).length, 2);
  });

  it('takes KEYS and ARGV from the --! header without asking', async () => {
    const doc = await file('header.lua', `--! KEYS: ${key('h1')} ${key('h2')}\n--! ARGV: "a b" 7\nreturn {KEYS[1], KEYS[2], ARGV[1], ARGV[2]}\n`);
    const record = await vscode.commands.executeCommand<RunRecord>('redisDevkit.lua.run', doc.uri);
    assert.deepEqual(record.keys, [key('h1'), key('h2')]);
    assert.deepEqual(record.args, ['a b', '7']);
    assert.ok(record.outcome.ok);
  });

  it('puts a Redis runtime error on its line and clears it after a good run', async () => {
    const p = path.join(dir, 'broken.lua');
    fs.writeFileSync(p, `local a = 1\nlocal b = 2\nreturn redis.call('HGET', KEYS[1])\n`);
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(p));
    const record = await vscode.commands.executeCommand<RunRecord>('redisDevkit.lua.run', doc.uri, { keys: [key('x')], args: [] });
    assert.equal(record.outcome.ok, false);
    const [d] = a.lua.runDiagnostics.get(doc.uri);
    assert.ok(d, 'a diagnostic');
    assert.equal(d.range.start.line, 2);
    assert.match(d.message, /Wrong number of args/i);
    assert.equal(record.outcome.ok === false && record.outcome.line, 3);

    const editor = await vscode.window.showTextDocument(doc);
    await editor.edit((e) => e.replace(doc.lineAt(2).range, `return redis.call('HGET', KEYS[1], 'f')`));
    const fixed = await vscode.commands.executeCommand<RunRecord>('redisDevkit.lua.run', doc.uri, { keys: [key('x')], args: [] });
    assert.ok(fixed.outcome.ok);
    assert.equal(a.lua.runDiagnostics.get(doc.uri).length, 0);
  });

  it('flags a syntax error as you type, and does not send the script', async () => {
    const doc = await file('syntax.lua', `local x = 1\nif x then\n  return x\n`);
    const diagnostics = await waitFor(() => {
      const found = a.lua.checks.get(doc.uri) ?? [];
      return found.length ? found : undefined;
    }, 'a syntax diagnostic');
    assert.equal(diagnostics[0].source, 'redis-devkit');
    assert.ok(diagnostics[0].range.start.line >= 2, `line ${diagnostics[0].range.start.line}`);
    const before = await redis.info('commandstats');
    const result = await vscode.commands.executeCommand('redisDevkit.lua.run', doc.uri, { keys: [], args: [] });
    assert.equal(result, undefined);
    const after = await redis.info('commandstats');
    assert.equal(/cmdstat_script:calls=(\d+)/.exec(after)?.[1], /cmdstat_script:calls=(\d+)/.exec(before)?.[1]);
  });

  it('refuses a writing run on a read-only connection; Run read-only works there', async () => {
    const ro = await vscode.commands.executeCommand<string>('redisDevkit.connections.add', { url: `redis://127.0.0.1:${servers().standalone.port}/0?readonly=true`, name: 'Lua RO', connect: true });
    const doc = await file('ro.lua', `return redis.call('GET', KEYS[1])\n`);
    await redis.set(key('ro'), 'visible');
    const refused = await vscode.commands.executeCommand('redisDevkit.lua.run', doc.uri, { connectionId: ro, keys: [key('ro')], args: [] });
    assert.equal(refused, undefined);
    const record = await vscode.commands.executeCommand<RunRecord>('redisDevkit.lua.runReadOnly', doc.uri, { connectionId: ro, keys: [key('ro')], args: [] });
    assert.ok(record.outcome.ok, JSON.stringify(record.outcome));
    assert.equal(record.outcome.ok && record.outcome.summary, '"visible"');
  });

  it('loads a function library, lists it under Functions, calls it and deletes it', async () => {
    const lib = `lib${run}`;
    const doc = await file('lib.lua', `#!lua name=${lib}\n\nredis.register_function('echo_${run}', function(keys, args)\n  return args[1]\nend)\n\nredis.register_function{function_name='ro_${run}', callback=function(keys, args) return redis.call('GET', keys[1]) end, flags={'no-writes'}}\n`);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)).map((l) => `${l.range.start.line}:${l.command?.title ?? ''}`);
    assert.ok(lenses.some((t) => t.startsWith(`0:$(cloud-upload) Load library '${lib}'`)), lenses.join(' | '));
    assert.ok(lenses.includes(`2:$(play) Call echo_${run}`), lenses.join(' | '));
    assert.ok(lenses.includes(`6:$(play) Call ro_${run}`), lenses.join(' | '));

    const loaded = await vscode.commands.executeCommand<{ ok: boolean }[]>('redisDevkit.lua.loadLibrary', doc.uri);
    assert.ok(loaded?.every((r) => r.ok));
    const libraries = await a.lua.functions.libraries(connectionId);
    assert.ok(libraries.some((l) => l.name === lib && l.functions.length === 2));

    const called = await vscode.commands.executeCommand<RunRecord>('redisDevkit.lua.callFunction', { file: doc.uri, name: `echo_${run}`, keys: [], args: ['hello'] });
    assert.equal(called.outcome.ok && called.outcome.summary, '"hello"');

    const root = a.lua.functions.roots(connectionId)[0];
    const libNode = (await a.lua.functions.children(root)).find((n) => n.id.endsWith(`/${lib}`));
    assert.ok(libNode);
    assert.equal(await vscode.commands.executeCommand('redisDevkit.functions.deleteLibrary', libNode, true), true);
    assert.ok(!(await a.lua.functions.libraries(connectionId)).some((l) => l.name === lib));
  });

  it('kills a runaway script from the Kill command, on a second connection', async () => {
    await redis.config('SET', 'busy-reply-threshold', '200');
    try {
      const doc = await file('loop.lua', 'while true do end\n');
      const running = vscode.commands.executeCommand<RunRecord>('redisDevkit.lua.run', doc.uri, { keys: [], args: [] });
      await waitFor(() => a.lua.controller.running?.node, 'the run to start');
      await new Promise((r) => setTimeout(r, 400));
      const outcome = await vscode.commands.executeCommand('redisDevkit.lua.killScript');
      assert.equal(outcome, 'killed');
      const record = await running;
      assert.equal(record.outcome.ok, false);
      assert.match(record.outcome.ok === false ? record.outcome.error : '', /killed by user/i);
      assert.equal(a.lua.runDiagnostics.get(doc.uri).length, 0, 'a kill is not an error on a line');
    } finally {
      await redis.config('SET', 'busy-reply-threshold', '5000');
    }
  });

  it('completes command names inside redis.call and shows their syntax on hover', async () => {
    const doc = await file('complete.lua', `--! KEYS: a b\nreturn redis.call('HS\nlocal v = redis.call('INCRBY', KEYS[1], 1)\nreturn KEYS[\n`);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(1, 21));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('HSET'), labels.slice(0, 20).join(', '));
    const hset = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'HSET');
    assert.match(String(hset?.detail ?? ''), /HSET key/);

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(2, 25));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /INCRBY key increment/);

    const indexes = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, new vscode.Position(3, 12));
    const offered = indexes.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(offered.includes('1') && offered.includes('2') && !offered.includes('3'), offered.join(', '));
  });

  it('warns about a global assignment (R21) with a link to the rule page', async () => {
    const doc = await file('global.lua', `count = redis.call('INCR', KEYS[1])\nreturn count\n`);
    const found = await waitFor(() => (a.lua.checks.get(doc.uri) ?? []).find((d) => typeof d.code === 'object' && d.code.value === 'R21'), 'an R21 diagnostic');
    assert.equal(found.range.start.line, 0);
    const target = typeof found.code === 'object' ? found.code.target : undefined;
    assert.ok(target && target.path.endsWith('/docs/rules/R21.md'), String(target));
    assert.ok(fs.existsSync(target.fsPath), `${target.fsPath} ships with the extension`);
  });

  it('writes a ---@meta stub and .luarc.json for the Lua Language Server', async () => {
    const folder = fs.mkdtempSync(path.join(dir, 'luals-'));
    fs.writeFileSync(path.join(folder, '.luarc.json'), '{ "diagnostics.disable": ["lowercase-global"] }');
    const written = await vscode.commands.executeCommand<vscode.Uri[]>('redisDevkit.lua.setUpLanguageServer', vscode.Uri.file(folder));
    assert.equal(written.length, 2);
    const rc = JSON.parse(fs.readFileSync(path.join(folder, '.luarc.json'), 'utf8')) as Record<string, unknown>;
    assert.deepEqual(rc['diagnostics.disable'], ['lowercase-global'], 'the user setting is kept');
    assert.match(JSON.stringify(rc), /Lua 5\.1/);
    assert.match(fs.readFileSync(written[0].fsPath, 'utf8'), /---@meta/);
  });
});
