/**
 * Keyspace Health Report in the real extension host: the command with explicit arguments (no quick
 * picks) returns the report, shows it in one panel per database, and exports it as Markdown.
 */
import * as assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import * as vscode from 'vscode';
import type { HealthReport } from '../../src/core/keyspace/health';
import type { RedisDevkitApi } from '../../src/extension';
import { api, removeAllConnections, servers, waitFor } from './support';

const DB = 6;
const COMMAND = 'redisDevkit.keys.healthReport';

function healthTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && /redisDevkit\.healthReport/.test(t.input.viewType));
}

describe('Keyspace health report', function () {
  this.timeout(60_000);
  let a: RedisDevkitApi;
  let redis: Redis;
  let id: string;

  before(async () => {
    a = await api();
    await removeAllConnections(a);
    redis = new Redis({ port: servers().standalone.port, db: DB, protocol: 2 });
    await redis.flushdb();
    const p = redis.pipeline();
    for (let i = 0; i < 30; i++) p.set(`user:${i}`, 'v');
    for (let i = 0; i < 10; i++) p.set(`cache:${i}`, 'v', 'EX', 600);
    p.rpush('queue:jobs', ...Array.from({ length: 200 }, (_, i) => `job${i}`));
    p.set(Buffer.from([0x62, 0x69, 0x6e, 0x3a, 0xff]), Buffer.alloc(20_000, 1));
    await p.exec();
    id = await vscode.commands.executeCommand<string>('redisDevkit.connections.add', { url: `redis://127.0.0.1:${servers().standalone.port}/${DB}`, name: 'Health IT', connect: false });
    assert.equal(await vscode.commands.executeCommand('redisDevkit.connections.connect', id), true);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await removeAllConnections(a);
    await redis.flushdb();
    redis.disconnect();
  });

  it('returns the exact report for {connectionId, db, mode: "full"} and shows it in a panel', async () => {
    const report = await vscode.commands.executeCommand<HealthReport>(COMMAND, { connectionId: id, db: DB, mode: 'full' });
    assert.ok(report, 'the command returned a report');
    assert.equal(report.mode, 'full');
    assert.equal(report.exact, true);
    assert.equal(report.db, DB);
    assert.equal(report.totalKeys, 42);
    assert.equal(report.analyzed, 42);
    assert.deepEqual(
      report.namespaces.filter((n) => n.depth === 1).map((n) => [n.display, n.keys, n.noTtl, n.noTtlPct]),
      [['user:', 30, 30, 100], ['bin:', 1, 1, 100], ['queue:', 1, 1, 100], ['cache:', 10, 0, 0]],
    );
    assert.deepEqual({ within1h: report.expiry.within1h, noTtl: report.expiry.noTtl }, { within1h: 10, noTtl: 32 });
    assert.equal(report.biggestByMemory[0].display, 'bin:\\xff');
    assert.equal(report.biggestByLength.find((k) => k.type === 'list')?.length, 200);

    // The tab model reaches the extension host a moment after the panel is created.
    const tabs = await waitFor(() => healthTabs().length > 0 && healthTabs(), 'the health report tab');
    assert.equal(tabs.length, 1, 'one health report panel');
    assert.equal(tabs[0].label, `Health: Health IT · db ${DB}`);
  });

  it('reuses the panel of the same database and takes options as a second argument', async () => {
    const report = await vscode.commands.executeCommand<HealthReport>(COMMAND, { connectionId: id, db: DB, mode: 'sample' }, { sampleSize: 10 });
    assert.equal(report.mode, 'sample');
    assert.equal(report.analyzed, 10);
    assert.equal(report.exact, false);
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(healthTabs().length, 1, 'still one panel for this database');
  });

  it('exports the report shown as a Markdown document', async () => {
    await vscode.commands.executeCommand<HealthReport>(COMMAND, { connectionId: id, db: DB, mode: 'full' });
    const doc = await vscode.commands.executeCommand<vscode.TextDocument>('redisDevkit.keys.exportHealthReport');
    assert.ok(doc, 'a document was opened');
    assert.equal(doc.languageId, 'markdown');
    assert.equal(doc.isUntitled, true);
    const text = doc.getText();
    assert.match(text, /^# Keyspace health: Health IT · db 6\n/);
    assert.match(text, /Full scan of 42 of 42 keys/);
    assert.match(text, /\| user: \| 1 \| 30 \| 30 \| 100% \|/);
    assert.match(text, /\| bin:\\\\xff \| string \|/);
    assert.match(text, /## Server signals/);
    const tabsOf = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === doc.uri.toString());
    await waitFor(() => tabsOf().length > 0, 'the exported document in a tab');
    // Give a duplicate export time to show up before counting documents. (Tabs are not counted:
    // under load code-server once showed the one document in two editor groups.)
    await new Promise((r) => setTimeout(r, 1000));
    const untitled = vscode.workspace.textDocuments.filter((d) => d.isUntitled && d.getText().startsWith('# Keyspace health'));
    assert.equal(untitled.length, 1, 'one exported document');
  });

  it('refuses an argument that names no connection, without asking anything', async () => {
    const result = await vscode.commands.executeCommand(COMMAND, { db: DB, mode: 'full' });
    assert.equal(result, undefined);
  });
});
