/**
 * The stream viewer in the real extension host, against a real Redis: "Open Stream" opens one
 * panel per stream (and refuses other types, naming them), the real webview script says `ready`
 * and gets the header and the newest page (one XREVRANGE + one XINFO STREAM, whatever the
 * length), pages both ways, jumps to an ID and a time, tails live on a connection of its own that
 * closes with the panel, runs the group actions (create, pending, claim, ack) and entry writes,
 * and a read-only connection refuses writes through its guard.
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import * as vscode from 'vscode';
import type { RedisDevkitApi } from '../../src/extension';
import type { StreamViewerApi } from '../../src/features/streams';
import { TAIL_CONNECTION_NAME } from '../../src/features/streams/liveTail';
import type { StreamViewerPanel } from '../../src/features/streams/panel';
import { checkIsStream } from '../../src/features/streams/target';
import type { HostMessage, WireEntry } from '../../src/webview/protocol/streamViewer';
import { api, removeAllConnections, servers, waitFor } from './support';

type Msg<T extends HostMessage['type']> = Extract<HostMessage, { type: T }>;

const COUNT = 1000;
const PAGE = 200;
/** Entry i has id `${BASE + i * 1000}-0`: one a second, so times map to ids. */
const BASE = 1_700_000_000_000;
const idOf = (i: number) => `${BASE + i * 1000}-0`;
const b64 = (s: string) => Buffer.from(s).toString('base64');

describe('Stream viewer', function () {
  this.timeout(90_000);
  let a: RedisDevkitApi;
  let redis: Redis;
  let connectionId: string;
  const tag = randomUUID().slice(0, 8);
  const key = `integration:stream-viewer:${tag}`;
  const hashKey = `integration:stream-viewer:hash:${tag}`;

  /** The stream viewers' API (added to the extension API as `streams`). */
  const viewers = (): StreamViewerApi => {
    const s = (a as RedisDevkitApi & { streams?: StreamViewerApi }).streams;
    assert.ok(s, 'the extension API has `streams`');
    return s;
  };

  before(async () => {
    a = await api();
    // Viewers other suites opened (a stream key clicked in the tree) would skew the counts below.
    for (const p of viewers().panels()) p.dispose();
    await removeAllConnections(a);
    // Pages of 200 (the default is 100): the paging assertions below count in these.
    await vscode.workspace.getConfiguration('redisDevkit.streams').update('pageSize', PAGE, vscode.ConfigurationTarget.Global);
    redis = new Redis({ port: servers().standalone.port, lazyConnect: true, protocol: 2 });
    await redis.connect();
    const pipe = redis.pipeline();
    for (let i = 0; i < COUNT; i++) {
      const payload = i % 10 === 0 ? JSON.stringify({ order: i, items: [1, 2] }) : `value ${i}`;
      pipe.xadd(key, idOf(i), 'n', String(i), 'payload', payload);
    }
    pipe.hset(hashKey, 'f', 'v');
    await pipe.exec();
    connectionId = await vscode.commands.executeCommand<string>('redisDevkit.connections.add', { url: `redis://127.0.0.1:${servers().standalone.port}`, name: 'Streams test', connect: false });
  });

  after(async () => {
    for (const p of viewers().panels()) p.dispose();
    await vscode.workspace.getConfiguration('redisDevkit.streams').update('pageSize', undefined, vscode.ConfigurationTarget.Global);
    await redis.del(key, hashKey);
    redis.disconnect();
    await removeAllConnections(a);
  });

  const open = async (id: string): Promise<StreamViewerPanel> => {
    assert.equal(await vscode.commands.executeCommand('redisDevkit.streams.open', { connectionId: id, db: 0, keyBase64: b64(key) }), true);
    return waitFor(() => viewers().panels().find((p) => p.ref.connectionId === id), 'the stream viewer panel');
  };

  /** Resolves with the first message of `type` (matching `test`) the panel posts from now on. */
  const next = <T extends HostMessage['type']>(panel: StreamViewerPanel, type: T, test: (m: Msg<T>) => boolean = () => true, ms = 15_000): Promise<Msg<T>> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        sub.dispose();
        reject(new Error(`no matching '${type}' message within ${ms} ms`));
      }, ms);
      const sub = panel.onDidPost((m) => {
        if (m.type !== type || !test(m as Msg<T>)) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(m as Msg<T>);
      });
    });

  const ids = (entries: WireEntry[]) => entries.map((e) => e.id);
  const descending = (list: string[]) => list.every((id, i) => i === 0 || Number(list[i - 1].split('-')[0]) > Number(id.split('-')[0]));

  const commandCalls = async (): Promise<Record<string, number>> => {
    const info = await redis.info('commandstats');
    const out: Record<string, number> = {};
    for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) out[m[1]] = Number(m[2]);
    return out;
  };

  const tailClients = async (): Promise<number> => {
    const list = (await redis.call('CLIENT', 'LIST')) as string;
    return list.split('\n').filter((line) => line.includes(` name=${TAIL_CONNECTION_NAME} `)).length;
  };

  it('refuses a key that is not a stream, naming its type', async () => {
    const ref = { connectionId, db: 0, key: Buffer.from(hashKey) };
    await assert.rejects(checkIsStream(redis, ref, 'Streams test'), (err: Error) => err.message === `'${hashKey}' on Streams test (db 0) is a hash, not a stream: open it with Open Key.`);
    await assert.rejects(checkIsStream(redis, { ...ref, key: Buffer.from(`${key}:missing`) }, 'Streams test'), /^Error: No key /);
    // Through the command: it fails (reported to the user) and no panel opens.
    assert.equal(await vscode.commands.executeCommand('redisDevkit.streams.open', { connectionId, db: 0, keyBase64: b64(hashKey) }), undefined);
    assert.equal(viewers().panels().filter((p) => p.ref.connectionId === connectionId).length, 0);
  });

  it('opens a panel whose webview gets the header and the newest page, for one XINFO and one XREVRANGE', async () => {
    const before = await commandCalls();
    const panel = await open(connectionId);
    assert.equal(panel.panel.title, key);
    assert.equal(panel.panel.viewType, 'redisDevkit.streamViewer');
    await waitFor(() => panel.readyCount > 0, 'the webview to send ready', 30_000);
    const state = await waitFor(() => panel.posted.find((m): m is Msg<'state'> => m.type === 'state'), 'the state reply');
    const page = await waitFor(() => panel.posted.find((m): m is Msg<'entries'> => m.type === 'entries' && m.mode === 'replace'), 'the first page');
    const info = state.header.info;
    assert.ok(info);
    assert.equal(info.length, COUNT);
    assert.equal(info.firstId, idOf(0));
    assert.equal(info.lastId, idOf(COUNT - 1));
    assert.equal(info.groups, 0);
    assert.ok(info.radixTreeKeys > 0 && info.radixTreeNodes > 0);
    assert.equal(state.header.readOnly, false);
    assert.equal(state.header.pageSize, PAGE);
    assert.equal(state.tailing, false);
    assert.equal(page.entries.length, PAGE);
    assert.equal(page.entries[0].id, idOf(COUNT - 1), 'newest first');
    assert.ok(descending(ids(page.entries)));
    assert.equal(page.moreOlder, true);
    assert.equal(page.moreNewer, false);
    const first = page.entries[0].fields;
    assert.deepEqual(first.map((f) => f.field.display), ['n', 'payload']);
    assert.equal(first[0].value.text, String(COUNT - 1));
    // Opening read exactly one page, whatever the stream's length.
    const after = await commandCalls();
    const delta = (c: string) => (after[c] ?? 0) - (before[c] ?? 0);
    assert.equal(delta('xrevrange'), 1, 'one XREVRANGE page');
    assert.equal(delta('xinfo|stream') || delta('xinfo'), 1, 'one XINFO STREAM');
    assert.equal(delta('xrange'), 0, 'no XRANGE');

    // Opening the same key again reveals the same panel.
    assert.equal(await vscode.commands.executeCommand('redisDevkit.streams.open', { connectionId, db: 0, key: Buffer.from(key) }), true);
    assert.equal(viewers().panels().filter((p) => p.ref.connectionId === connectionId).length, 1);
  });

  it('pages older until every entry was sent once, and newer from any entry', async () => {
    const panel = viewers().panels().find((p) => p.ref.connectionId === connectionId) ?? assert.fail('no viewer open');
    const seen: string[] = [];
    const replace = next(panel, 'entries', (m) => m.mode === 'replace');
    await panel.receive({ type: 'refresh' });
    let page = await replace;
    seen.push(...ids(page.entries));
    while (page.moreOlder) {
      const older = next(panel, 'entries', (m) => m.mode === 'older');
      await panel.receive({ type: 'loadOlder', before: seen[seen.length - 1] });
      page = await older;
      assert.ok(page.entries.length <= PAGE);
      seen.push(...ids(page.entries));
    }
    assert.equal(seen.length, COUNT);
    assert.equal(new Set(seen).size, COUNT, 'no entry twice');
    assert.ok(descending(seen), 'newest first across page boundaries');
    assert.equal(seen[COUNT - 1], idOf(0));

    const newer = next(panel, 'entries', (m) => m.mode === 'newer');
    await panel.receive({ type: 'loadNewer', after: idOf(100) });
    const up = await newer;
    assert.deepEqual(ids(up.entries), Array.from({ length: PAGE }, (_, i) => idOf(100 + PAGE - i)), 'the next 200, newest first');
    assert.equal(up.moreNewer, true);
  });

  it('jumps to an ID and to a time, and says what it cannot read', async () => {
    const panel = viewers().panels().find((p) => p.ref.connectionId === connectionId) ?? assert.fail('no viewer open');
    let jumped = next(panel, 'entries', (m) => m.mode === 'replace');
    await panel.receive({ type: 'jump', target: idOf(500) });
    let page = await jumped;
    assert.equal(page.focusId, idOf(500));
    assert.ok(ids(page.entries).includes(idOf(500)));
    assert.ok(descending(ids(page.entries)));
    assert.equal(page.moreOlder, true);
    assert.equal(page.moreNewer, true);

    // A time between two entries lands on the first entry after it.
    jumped = next(panel, 'entries', (m) => m.mode === 'replace');
    await panel.receive({ type: 'jump', target: new Date(BASE + 700 * 1000 - 500).toISOString() });
    page = await jumped;
    assert.equal(page.focusId, idOf(700));

    const error = next(panel, 'error');
    await panel.receive({ type: 'jump', target: 'yesterday-ish' });
    assert.match((await error).message, /'yesterday-ish' is not an entry ID/);
  });

  it('sends a value whole on request and drops malformed messages', async () => {
    const panel = viewers().panels().find((p) => p.ref.connectionId === connectionId) ?? assert.fail('no viewer open');
    const entry = next(panel, 'entry');
    await panel.receive({ type: 'loadEntry', id: idOf(10) });
    const got = await entry;
    assert.equal(got.entry?.fields[1].value.kind, 'json');
    assert.match(got.entry?.fields[1].value.text ?? '', /"order": 10/);

    const before = panel.posted.length;
    for (const bad of [{ type: 'bogus' }, null, 'ready', { type: 'loadOlder', before: '<img>' }, { type: 'tail', on: 'yes' }, { type: 'selectGroup', group: '%%' }, { type: 'write', op: {} }]) {
      await panel.receive(bad);
    }
    assert.equal(panel.posted.length, before, 'nothing answered a malformed message');
  });

  it('tails live on its own connection: an XADD shows up, and stopping closes the connection', async () => {
    const panel = viewers().panels().find((p) => p.ref.connectionId === connectionId) ?? assert.fail('no viewer open');
    const clientsBefore = await tailClients();
    const on = next(panel, 'tail', (m) => m.on);
    await panel.receive({ type: 'tail', on: true, after: idOf(COUNT - 1) });
    await on;
    assert.equal(panel.tailing, true);
    await waitFor(() => panel.tailConnectionStatus === 'ready', 'the tail connection');
    assert.equal(await tailClients(), clientsBefore + 1, 'one dedicated tail connection');

    const tailed = next(panel, 'entries', (m) => m.mode === 'tail');
    const header = next(panel, 'header', (m) => m.header.info?.length === COUNT + 1);
    const added = (await redis.xadd(key, '*', 'live', '<script>alert(1)</script>')) as string;
    const got = await tailed;
    assert.deepEqual(ids(got.entries), [added]);
    assert.equal(got.entries[0].fields[0].value.text, '<script>alert(1)</script>');
    await header;

    const off = next(panel, 'tail', (m) => !m.on);
    await panel.receive({ type: 'tail', on: false });
    await off;
    assert.equal(panel.tailing, false);
    assert.equal(panel.tailConnectionStatus, 'end');
    await waitForAsync(async () => (await tailClients()) === clientsBefore, 'the tail connection to close');
    await redis.xdel(key, added);
  });

  it('closes the tail connection when the panel closes', async () => {
    const panel = viewers().panels().find((p) => p.ref.connectionId === connectionId) ?? assert.fail('no viewer open');
    const clientsBefore = await tailClients();
    // Not at the newest entries (no `after`): the host sends the newest page and tails from it.
    const replace = next(panel, 'entries', (m) => m.mode === 'replace');
    const on = next(panel, 'tail', (m) => m.on);
    await panel.receive({ type: 'tail', on: true });
    assert.equal((await replace).entries[0].id, idOf(COUNT - 1));
    await on;
    await waitFor(() => panel.tailConnectionStatus === 'ready', 'the tail connection');
    assert.equal(await tailClients(), clientsBefore + 1);
    panel.dispose();
    assert.ok(!viewers().panels().includes(panel), 'the panel is gone from the list');
    await waitFor(() => panel.tailConnectionStatus === 'end', 'the tail connection to end');
    await waitForAsync(async () => (await tailClients()) === clientsBefore, 'the server to drop the tail client');
  });

  it('creates a group, shows what a consumer reads as pending, claims and acknowledges it', async () => {
    const panel = await open(connectionId);
    await waitFor(() => panel.posted.some((m) => m.type === 'state'), 'the state reply', 30_000);
    const group = b64('workers');

    let done = next(panel, 'writeDone');
    const groups = next(panel, 'groups');
    await panel.receive({ type: 'write', requestId: 1, op: { kind: 'createGroup', group: { text: 'workers', mode: 'text' }, start: '0', mkstream: false } }, { confirm: false });
    assert.deepEqual(await done, { type: 'writeDone', requestId: 1, ok: true, message: "created group 'workers' at 0" });
    const list = (await groups).groups;
    assert.deepEqual(list.map((g) => [g.name.display, g.consumers, g.pending, g.lastDeliveredId]), [['workers', 0, 0, '0-0']]);
    // The tail test deleted an entry, so Redis cannot tell the lag of a group starting at 0.
    assert.equal(list[0].lag, null);

    // A consumer reads three entries: they are pending for it.
    await redis.xreadgroup('GROUP', 'workers', 'alice', 'COUNT', 3, 'STREAMS', key, '>');
    const consumers = next(panel, 'consumers');
    let pending = next(panel, 'pending');
    await panel.receive({ type: 'selectGroup', group });
    const c = (await consumers).consumers;
    assert.deepEqual(c.map((x) => [x.name.display, x.pending]), [['alice', 3]]);
    let p = await pending;
    assert.deepEqual(p.entries.map((e) => [e.id, e.consumer.display, e.deliveries]), [0, 1, 2].map((i) => [idOf(i), 'alice', 1]));
    assert.equal(p.more, false);

    // Paged: one consumer's entries after an id.
    pending = next(panel, 'pending');
    await panel.receive({ type: 'loadPending', group, consumer: b64('alice'), after: idOf(0) });
    p = await pending;
    assert.equal(p.append, true);
    assert.deepEqual(p.entries.map((e) => e.id), [idOf(1), idOf(2)]);

    // XCLAIM one to bob.
    done = next(panel, 'writeDone');
    pending = next(panel, 'pending');
    await panel.receive({ type: 'write', requestId: 2, op: { kind: 'claim', group, consumer: { text: 'bob', mode: 'text' }, minIdleMs: 0, ids: [idOf(2)] } }, { confirm: false });
    assert.equal((await done).ok, true);
    p = await pending;
    assert.deepEqual(p.entries.map((e) => [e.id, e.consumer.display]), [[idOf(0), 'alice'], [idOf(1), 'alice'], [idOf(2), 'bob']]);

    // XACK clears them.
    done = next(panel, 'writeDone');
    pending = next(panel, 'pending');
    await panel.receive({ type: 'write', requestId: 3, op: { kind: 'ack', group, ids: [idOf(0), idOf(1), idOf(2)] } }, { confirm: false });
    assert.deepEqual(await done, { type: 'writeDone', requestId: 3, ok: true, message: 'acknowledged 3 entries' });
    assert.deepEqual((await pending).entries, []);
    assert.equal(((await redis.xpending(key, 'workers')) as unknown[])[0], 0);

    // Delete a consumer, then the group.
    done = next(panel, 'writeDone');
    await panel.receive({ type: 'write', requestId: 4, op: { kind: 'deleteConsumer', group, consumer: b64('bob') } }, { confirm: false });
    assert.match((await done).message, /deleted consumer 'bob' \(it held 0 pending entries\)/);
    done = next(panel, 'writeDone');
    const gone = next(panel, 'groups');
    await panel.receive({ type: 'write', requestId: 5, op: { kind: 'deleteGroup', group } }, { confirm: false });
    assert.equal((await done).ok, true);
    assert.deepEqual((await gone).groups, []);
  });

  it('adds, deletes and trims entries', async () => {
    const panel = viewers().panels().find((p) => p.ref.connectionId === connectionId) ?? assert.fail('no viewer open');
    let done = next(panel, 'writeDone');
    const top = next(panel, 'entries', (m) => m.mode === 'tail');
    await panel.receive({ type: 'write', requestId: 6, op: { kind: 'add', id: '*', fields: [{ field: { text: 'kind', mode: 'text' }, value: { text: 'ff00', mode: 'hex' } }] } }, { confirm: false });
    const added = await done;
    assert.equal(added.ok, true);
    const id = /added entry (\S+)/.exec(added.message)?.[1];
    assert.ok(id);
    const shown = (await top).entries[0];
    assert.equal(shown.id, id);
    assert.equal(shown.fields[0].value.kind, 'binary');
    assert.equal(Buffer.compare((await redis.xrangeBuffer(key, id, id))[0][1][1], Buffer.from([0xff, 0x00])), 0);

    done = next(panel, 'writeDone');
    const removed = next(panel, 'removed');
    await panel.receive({ type: 'write', requestId: 7, op: { kind: 'delete', ids: [id, idOf(999)] } }, { confirm: false });
    assert.deepEqual(await done, { type: 'writeDone', requestId: 7, ok: true, message: 'deleted 2 entries' });
    assert.deepEqual((await removed).ids, [id, idOf(999)]);
    assert.equal(await redis.xlen(key), COUNT - 1);

    done = next(panel, 'writeDone');
    const refreshed = next(panel, 'entries', (m) => m.mode === 'replace');
    await panel.receive({ type: 'write', requestId: 8, op: { kind: 'trim', by: 'maxlen', threshold: '500', approximate: false } }, { confirm: false });
    assert.deepEqual(await done, { type: 'writeDone', requestId: 8, ok: true, message: 'trimmed 499 entries' });
    assert.equal((await refreshed).entries[0].id, idOf(998));
    assert.equal(await redis.xlen(key), 500);

    // A malformed write is rejected before anything is asked or sent.
    done = next(panel, 'writeDone');
    await panel.receive({ type: 'write', requestId: 9, op: { kind: 'trim', by: 'minid', threshold: 'soon', approximate: false } });
    assert.deepEqual(await done, { type: 'writeDone', requestId: 9, ok: false, message: "'soon' is not a stream entry ID for MINID" });
    assert.equal(await redis.xlen(key), 500);
  });

  it('on a read-only connection: no write controls, and a write is refused by the guard', async () => {
    const ro = await vscode.commands.executeCommand<string>('redisDevkit.connections.add', { url: `redis://127.0.0.1:${servers().standalone.port}?readonly=true`, name: 'Streams read-only', connect: false });
    const panel = await open(ro);
    const state = await waitFor(() => panel.posted.find((m): m is Msg<'state'> => m.type === 'state'), 'the state reply', 30_000);
    assert.equal(state.header.readOnly, true);
    const done = next(panel, 'writeDone');
    // No `confirm: false`: a read-only connection asks nothing, its guard refuses.
    await panel.receive({ type: 'write', requestId: 10, op: { kind: 'add', id: '*', fields: [{ field: { text: 'x', mode: 'text' }, value: { text: 'y', mode: 'text' } }] } });
    assert.deepEqual(await done, { type: 'writeDone', requestId: 10, ok: false, message: "'Streams read-only' is a read-only connection: XADD was not sent" });
    const groupDone = next(panel, 'writeDone');
    await panel.receive({ type: 'write', requestId: 11, op: { kind: 'createGroup', group: { text: 'g', mode: 'text' }, start: '$', mkstream: false } });
    assert.equal((await groupDone).message, "'Streams read-only' is a read-only connection: XGROUP was not sent");
    assert.equal(await redis.xlen(key), 500);
    assert.deepEqual(await redis.xinfo('GROUPS', key), []);
  });
});

async function waitForAsync(probe: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
