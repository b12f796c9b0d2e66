import * as assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import * as vscode from 'vscode';
import type { RedisDevkitApi } from '../../src/extension';
import type { ConnectionNode } from '../../src/features/connections/tree';
import type { BrowserNode, DatabaseNode, FolderNode, KeyNode } from '../../src/features/keyBrowser/nodes';
import { api, removeAllConnections, servers } from './support';

const DB = 7;
const HOSTILE = 'evil:<img src=x onerror=alert(1)>';
const BINARY = Buffer.from([0x62, 0x69, 0x6e, 0x3a, 0xff, 0x00, 0x0a]);

describe('Key browser', function () {
  this.timeout(60_000);
  let a: RedisDevkitApi;
  let redis: Redis;
  let id: string;

  const label = (item: vscode.TreeItem) => (typeof item.label === 'string' ? item.label : item.label?.label ?? '');
  const children = async (node?: unknown) => (await a.tree.getChildren(node as never)) as BrowserNode[];
  const item = (node: unknown) => a.tree.getTreeItem(node as never) as vscode.TreeItem;
  const dbNode = async (): Promise<DatabaseNode> => {
    const conn = ((await a.tree.getChildren()) as ConnectionNode[]).find((n) => n.connectionId === id);
    const db = (await children(conn)).find((n) => n.kind === 'db' && n.db === DB);
    assert.ok(db, `db${DB} is listed under the connection`);
    return db as DatabaseNode;
  };
  const folder = async (parent: DatabaseNode | FolderNode, name: string) => {
    const f = (await children(parent)).find((n) => n.kind === 'folder' && n.name === name);
    assert.ok(f, `folder ${name}`);
    return f as FolderNode;
  };
  const keyNode = async (parent: DatabaseNode | FolderNode, key: Buffer | string) => {
    const k = (await children(parent)).find((n) => n.kind === 'key' && n.key.equals(Buffer.from(key)));
    assert.ok(k, `key ${String(key)}`);
    return k as KeyNode;
  };

  before(async () => {
    a = await api();
    await removeAllConnections(a);
    redis = new Redis({ port: servers().standalone.port, db: DB, protocol: 2 });
    await redis.flushdb();
    await redis.hset('user:1:profile', 'name', 'Ada');
    await redis.hset('user:2:profile', 'name', 'Grace');
    await redis.set('user:2:cart', '[]', 'EX', 7800);
    await redis.set('session:abc', '{}', 'EX', 45);
    await redis.set(HOSTILE, 'x');
    await redis.set(BINARY, 'b');
    await redis.rpush('queue:jobs', 'a', 'b');
    await redis.set('plain', '1');
    for (let i = 0; i < 30; i++) await redis.set(`bulk:${i}`, String(i));
    id = await vscode.commands.executeCommand<string>('redisDevkit.connections.add', { url: `redis://127.0.0.1:${servers().standalone.port}/${DB}`, name: 'Browser', connect: false });
    assert.equal(await vscode.commands.executeCommand('redisDevkit.connections.connect', id), true);
  });
  after(async () => {
    await removeAllConnections(a);
    redis.disconnect();
  });

  it('lists databases, namespace folders with counts, and keys with type and TTL', async () => {
    const db = await dbNode();
    assert.equal(item(db).description, '38 keys');
    const top = await children(db);
    const folders = top.filter((n): n is FolderNode => n.kind === 'folder').map((f) => [f.name, String(item(f).description)]);
    assert.deepEqual(folders, [['bin', '1'], ['bulk', '30'], ['evil', '1'], ['queue', '1'], ['session', '1'], ['user', '3']]);
    assert.deepEqual(top.filter((n) => n.kind === 'key').map((n) => label(item(n))), ['plain']);
    const user2 = await folder(await folder(db, 'user'), '2');
    const cart = item(await keyNode(user2, 'user:2:cart'));
    assert.equal(label(cart), 'cart');
    assert.match(String(cart.description), /^string · 2h 10m$|^string · 2h 9m$/);
    assert.equal(item(await keyNode(user2, 'user:2:profile')).description, 'hash · no TTL');
    assert.equal(item(await keyNode(user2, 'user:2:profile')).contextValue, 'redisDevkit.key.hash');
    assert.equal(item(await keyNode(await folder(db, 'queue'), 'queue:jobs')).contextValue, 'redisDevkit.key.list');
  });

  it('shows hostile and binary names as text, and acts on their exact bytes', async () => {
    const db = await dbNode();
    const evil = item(await keyNode(await folder(db, 'evil'), HOSTILE));
    assert.equal(label(evil), '<img src=x onerror=alert(1)>');
    const binFolder = await folder(db, 'bin');
    const bin = await keyNode(binFolder, BINARY);
    assert.equal(label(item(bin)), '\\xff\\x00\\x0a');
    assert.equal(await vscode.commands.executeCommand('redisDevkit.keys.delete', bin, undefined, { confirm: false }), 1);
    assert.equal(await redis.exists(BINARY), 0, 'the binary key itself was deleted');
  });

  it('pages with Load more while the scan is partial, and Scan All makes counts exact', async () => {
    await vscode.workspace.getConfiguration('redisDevkit.keyBrowser').update('pageSize', 10, vscode.ConfigurationTarget.Global);
    await vscode.workspace.getConfiguration('redisDevkit.keyBrowser').update('scanCount', 10, vscode.ConfigurationTarget.Global);
    try {
      const db = await dbNode();
      const first = await children(db);
      const more = first.find((n) => n.kind === 'more');
      assert.ok(more, 'a Load more node while the scan is partial');
      assert.equal(label(item(more)), 'Load more…');
      assert.ok(first.filter((n) => n.kind === 'folder').some((f) => /\+$/.test(String(item(f).description))), 'partial counts end with +');
      await vscode.commands.executeCommand('redisDevkit.keys.loadMore', more);
      const total = await vscode.commands.executeCommand<number>('redisDevkit.keys.scanAll', db);
      assert.equal(total, await redis.dbsize());
      const after = await children(db);
      assert.ok(!after.some((n) => n.kind === 'more'), 'no Load more once complete');
      assert.equal(item(await folder(db, 'bulk')).description, '30');
    } finally {
      await vscode.workspace.getConfiguration('redisDevkit.keyBrowser').update('pageSize', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.getConfiguration('redisDevkit.keyBrowser').update('scanCount', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('filters by pattern and type, and looks up exact names without scanning', async () => {
    try {
      await vscode.commands.executeCommand('redisDevkit.keys.filter', { type: 'hash' });
      const db = await dbNode();
      assert.deepEqual((await children(db)).map((n) => (n.kind === 'folder' ? n.name : n.kind)), ['user']);
      await vscode.commands.executeCommand('redisDevkit.keys.filter', { pattern: 'session:abc' });
      const exact = await children(await dbNode());
      assert.equal(exact.length, 1);
      await vscode.commands.executeCommand('redisDevkit.keys.filter', { pattern: 'bulk:1*' });
      const bulk = await folder(await dbNode(), 'bulk');
      assert.equal(item(bulk).description, '11');
    } finally {
      await vscode.commands.executeCommand('redisDevkit.keys.clearFilter');
    }
  });

  it('renames, sets a TTL, persists, duplicates and deletes keys', async () => {
    const db = await dbNode();
    const plain = await keyNode(db, 'plain');
    assert.equal(await vscode.commands.executeCommand('redisDevkit.keys.rename', plain, 'plain:renamed'), true);
    assert.equal(await redis.get('plain:renamed'), '1');
    const renamed = await keyNode(await folder(await dbNode(), 'plain'), 'plain:renamed');
    assert.equal(await vscode.commands.executeCommand('redisDevkit.keys.setTtl', renamed, 600), true);
    assert.ok((await redis.ttl('plain:renamed')) > 590);
    assert.match(String(item(renamed).description), /^string · 10m$|^string · 9m/);
    await vscode.commands.executeCommand('redisDevkit.keys.persist', renamed);
    assert.equal(await redis.ttl('plain:renamed'), -1);
    assert.equal(await vscode.commands.executeCommand('redisDevkit.keys.duplicate', renamed, 'plain:copy'), true);
    assert.equal(await redis.get('plain:copy'), '1');
    const copy = await keyNode(await folder(await dbNode(), 'plain'), 'plain:copy');
    assert.equal(await vscode.commands.executeCommand('redisDevkit.keys.delete', copy, [copy, renamed], { confirm: false }), 2);
    assert.equal(await redis.exists('plain:copy', 'plain:renamed'), 0);
  });

  it('deletes a folder: every key under the prefix, and nothing else', async () => {
    const bulk = await folder(await dbNode(), 'bulk');
    const before = await redis.dbsize();
    assert.equal(await vscode.commands.executeCommand('redisDevkit.keys.deleteFolder', bulk, { confirm: false }), 30);
    assert.equal(await redis.dbsize(), before - 30);
    assert.ok(!(await children(await dbNode())).some((n) => n.kind === 'folder' && n.name === 'bulk'));
  });

  it('marks folders whose keys lack a TTL after a health report', async () => {
    const report = await vscode.commands.executeCommand<{ analyzed: number }>('redisDevkit.keys.healthReport', { connectionId: id, db: DB, mode: 'full' });
    assert.ok(report && report.analyzed > 0);
    const user = item(await folder(await dbNode(), 'user'));
    assert.equal(user.description, "3 · 67% no TTL", "2 of the 3 user keys have no TTL");
    assert.equal((user.iconPath as vscode.ThemeIcon).color?.id, 'list.warningForeground');
    const session = item(await folder(await dbNode(), 'session'));
    assert.doesNotMatch(String(session.description), /no TTL/, 'session keys all have a TTL');
  });

  it('refuses writes on a read-only connection before asking anything', async () => {
    const ro = await vscode.commands.executeCommand<string>('redisDevkit.connections.add', { url: `redis://127.0.0.1:${servers().standalone.port}/${DB}?readonly=true`, name: 'RO browser', connect: false });
    assert.equal(await vscode.commands.executeCommand('redisDevkit.connections.connect', ro), true);
    const conn = ((await a.tree.getChildren()) as ConnectionNode[]).find((n) => n.connectionId === ro);
    const db = (await children(conn)).find((n) => n.kind === 'db' && n.db === DB) as DatabaseNode;
    const user = await folder(db, 'user');
    // The command reports the refusal and returns nothing; the keys are untouched.
    assert.equal(await vscode.commands.executeCommand('redisDevkit.keys.deleteFolder', user, { confirm: false }), undefined);
    assert.equal(await redis.exists('user:1:profile'), 1);
  });
});
