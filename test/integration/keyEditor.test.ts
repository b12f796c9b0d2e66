/**
 * The key editor in the real extension host: "Open Key" on a hash opens one panel per key, the
 * real webview script loads and says `ready`, the host answers with the header and the first
 * page, further pages and whole values come on request, malformed messages are dropped, and a
 * write on a read-only connection is refused by the guard with its message.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import * as vscode from 'vscode';
import type { RedisDevkitApi } from '../../src/extension';
import type { KeyEditorPanel } from '../../src/features/keyEditor/panel';
import type { HostMessage } from '../../src/webview/protocol/keyEditor';
import { api, removeAllConnections, servers, waitFor } from './support';

describe('Key editor', function () {
  this.timeout(60_000);
  let a: RedisDevkitApi;
  let redis: Redis;
  const key = `integration:key-editor:${randomUUID().slice(0, 8)}`;

  before(async () => {
    a = await api();
    await removeAllConnections(a);
    redis = new Redis({ port: servers().standalone.port, lazyConnect: true, protocol: 2 });
    await redis.connect();
    const args: string[] = [];
    for (let i = 0; i < 1200; i++) args.push(`field:${i}`, `value:${i}`);
    await redis.hset(key, ...args);
    await redis.hset(key, 'big', 'x'.repeat(40_000));
  });

  after(async () => {
    for (const p of a.keyEditor.panels()) p.dispose();
    await redis.del(key);
    redis.disconnect();
    await removeAllConnections(a);
  });

  const add = (url: string, name: string): Thenable<string> =>
    vscode.commands.executeCommand<string>('redisDevkit.connections.add', { url, name, connect: false });

  const open = async (connectionId: string): Promise<KeyEditorPanel> => {
    const arg = { connectionId, db: 0, keyBase64: Buffer.from(key).toString('base64') };
    assert.equal(await vscode.commands.executeCommand('redisDevkit.keys.open', arg), true);
    return waitFor(() => a.keyEditor.panels().find((p) => p.ref.connectionId === connectionId), 'the editor panel');
  };

  /** Resolves with the first message of `type` the panel posts from now on. */
  const next = <T extends HostMessage['type']>(panel: KeyEditorPanel, type: T, ms = 15_000): Promise<Extract<HostMessage, { type: T }>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`no '${type}' message within ${ms} ms`));
      }, ms);
      const sub = panel.onDidPost((m) => {
        if (m.type !== type) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(m as Extract<HostMessage, { type: T }>);
      });
    });

  it('opens a hash in a panel titled with the key, and the webview gets header and first page', async () => {
    const id = await add(`redis://127.0.0.1:${servers().standalone.port}`, 'Editor test');
    const panel = await open(id);
    assert.equal(panel.panel.title, key);
    assert.equal(panel.panel.viewType, 'redisDevkit.keyEditor');
    // The real webview script ran: it sent `ready`, and the host answered with the state.
    await waitFor(() => panel.readyCount > 0, 'the webview to send ready', 30_000);
    const state = await waitFor(() => panel.posted.find((m): m is Extract<HostMessage, { type: 'state' }> => m.type === 'state'), 'the state reply');
    assert.equal(state.header.type, 'hash');
    assert.equal(state.header.length, 1201);
    assert.equal(state.header.key.display, key);
    assert.equal(Buffer.from(state.header.key.b64, 'base64').toString(), key);
    assert.equal(state.header.readOnly, false);
    assert.equal(state.body.kind, 'table');
    assert.ok(state.body.kind === 'table' && state.body.rows.length >= 500 && state.body.more, 'a first page, with more to come');

    // Opening the same key again reveals the same panel.
    assert.equal(await vscode.commands.executeCommand('redisDevkit.keys.open', { connectionId: id, db: 0, key: Buffer.from(key) }), true);
    assert.equal(a.keyEditor.panels().filter((p) => p.ref.connectionId === id).length, 1);
  });

  it('pages with loadMore until every field was sent once', async () => {
    const panel = a.keyEditor.panels()[0];
    const fields = new Set<string>();
    const state = next(panel, 'state');
    await panel.receive({ type: 'refresh' });
    const first = (await state).body;
    assert.ok(first.kind === 'table');
    first.rows.forEach((r) => r.kind === 'hash' && fields.add(r.field.b64));
    let more = first.more;
    while (more) {
      const rows = next(panel, 'rows');
      await panel.receive({ type: 'loadMore' });
      const page = await rows;
      page.rows.forEach((r) => r.kind === 'hash' && fields.add(r.field.b64));
      more = page.more;
    }
    assert.equal(fields.size, 1201);
  });

  it('sends a big value whole on request, and drops malformed messages', async () => {
    const panel = a.keyEditor.panels()[0];
    const value = next(panel, 'value');
    await panel.receive({ type: 'loadValue', target: { kind: 'hash', field: Buffer.from('big').toString('base64') } });
    const whole = await value;
    assert.equal(whole.value.size, 40_000);
    assert.equal(whole.value.truncated, false);
    assert.equal(whole.value.text.length, 40_000);

    const before = panel.posted.length;
    for (const bad of [{ type: 'bogus' }, null, 'ready', { type: 'loadValue', target: { kind: 'list' } }, { type: 'write', op: {} }]) await panel.receive(bad);
    assert.equal(panel.posted.length, before, 'nothing answered a malformed message');
  });

  it('refuses a write on a read-only connection with the guard message, and shows no write controls', async () => {
    const id = await add(`redis://127.0.0.1:${servers().standalone.port}?readonly=true`, 'Editor read-only');
    const panel = await open(id);
    const state = await waitFor(() => panel.posted.find((m): m is Extract<HostMessage, { type: 'state' }> => m.type === 'state'), 'the state reply', 30_000);
    assert.equal(state.header.readOnly, true);
    const done = next(panel, 'writeDone');
    await panel.receive({ type: 'write', requestId: 7, op: { kind: 'hash.set', field: { b64: Buffer.from('field:1').toString('base64') }, value: { text: 'hacked', mode: 'text' } } });
    const result = await done;
    assert.equal(result.requestId, 7);
    assert.equal(result.ok, false);
    assert.equal(result.message, "'Editor read-only' is a read-only connection: HSET was not sent");
    assert.equal(await redis.hget(key, 'field:1'), 'value:1');
  });

  it('rejects a malformed write before anything is asked or sent', async () => {
    const panel = a.keyEditor.panels()[0];
    const done = next(panel, 'writeDone');
    await panel.receive({ type: 'write', requestId: 8, op: { kind: 'list.set', index: 1.5, value: { text: 'x', mode: 'text' } } });
    const result = await done;
    assert.equal(result.ok, false);
    assert.match(result.message, /list index 1.5 is not a whole number/);
  });
});
