import * as assert from 'node:assert/strict';
import { MessageFeed } from '../../../src/core/pubsub/feed';
import { PubSubMessage } from '../../../src/core/pubsub/message';
import { Throttle } from '../../../src/core/pubsub/throttle';

const msg = (n: number): PubSubMessage => ({ time: n, kind: 'message', channel: Buffer.from('c'), payload: Buffer.from(String(n)) });
const payloads = (items: { message: PubSubMessage }[]) => items.map((i) => i.message.payload.toString());

describe('MessageFeed', () => {
  it('hands out what arrived since the last take, with counters; the first take is a reset', () => {
    const f = new MessageFeed(5);
    [1, 2, 3].forEach((n) => f.push(msg(n)));
    const first = f.take();
    assert.deepEqual([payloads(first.items), first.reset, first.firstSeq, first.more], [['1', '2', '3'], true, 1, false]);
    f.push(msg(4));
    const second = f.take();
    assert.deepEqual([second.items.map((i) => i.seq), second.reset], [[4], false]);
    assert.deepEqual(f.take().items, [], 'nothing new');
    assert.deepEqual({ ...second.stats, ratePerSecond: 0 }, { received: 4, kept: 4, dropped: 0, cleared: 0, ratePerSecond: 0, maxMessages: 5, skipped: 0 });
  });

  it('keeps the newest `capacity`: a view applying batches and dropping rows before firstSeq mirrors it', () => {
    const f = new MessageFeed(3);
    let view: number[] = [];
    const apply = () => {
      const b = f.take(2);
      view = b.reset ? b.items.map((i) => i.seq) : [...view, ...b.items.map((i) => i.seq)];
      view = view.filter((s) => s >= b.firstSeq);
      return b;
    };
    for (let n = 1; n <= 10; n++) {
      f.push(msg(n));
      if (n % 4 === 0) while (apply().more);
    }
    while (apply().more);
    assert.deepEqual(view, [8, 9, 10]);
    assert.deepEqual(payloads(f.snapshot().map((message) => ({ message }))), ['8', '9', '10']);
    assert.equal(f.stats().dropped, 7);
  });

  it('with skipToNewest, a backlog longer than a batch skips to its newest rows and counts the rest', () => {
    const f = new MessageFeed(100);
    f.push(msg(1));
    f.take(10, { skipToNewest: true });
    for (let n = 2; n <= 50; n++) f.push(msg(n));
    const b = f.take(10, { skipToNewest: true });
    assert.deepEqual(b.items.map((i) => i.seq), [41, 42, 43, 44, 45, 46, 47, 48, 49, 50]);
    assert.equal(b.more, false);
    assert.equal(b.stats.skipped, 39);
    assert.equal(b.stats.kept, 50, 'skipped rows stay kept (export has them)');
    f.push(msg(51));
    assert.deepEqual(f.take(10, { skipToNewest: true }).items.map((i) => i.seq), [51]);
  });

  it('while paused: counters only; resume hands out what is still kept of what came meanwhile', () => {
    const f = new MessageFeed(3);
    f.push(msg(1));
    f.take();
    f.setPaused(true);
    for (let n = 2; n <= 6; n++) f.push(msg(n));
    const paused = f.take();
    assert.deepEqual([paused.items.length, paused.paused, paused.stats.received], [0, true, 6]);
    f.setPaused(false);
    const resumed = f.take();
    assert.deepEqual([payloads(resumed.items), resumed.firstSeq, resumed.reset], [['4', '5', '6'], 4, false]);
  });

  it('clear empties it and resets the view; requestReset hands out everything kept again', () => {
    const f = new MessageFeed(10);
    [1, 2].forEach((n) => f.push(msg(n)));
    f.take();
    f.clear();
    const cleared = f.take();
    assert.deepEqual([cleared.items.length, cleared.reset, cleared.stats.cleared, cleared.stats.kept], [0, true, 2, 0]);
    f.push(msg(3));
    f.take();
    f.requestReset();
    assert.deepEqual(payloads(f.take().items), ['3']);
    assert.equal(f.get(3)?.payload.toString(), '3');
    assert.equal(f.get(1), undefined);
  });
});

describe('Throttle', () => {
  it('flushes at most ~10 times a second however often it is asked, and at once after a quiet spell', async () => {
    let flushes = 0;
    const t = new Throttle(100, () => flushes++);
    const started = Date.now();
    let requests = 0;
    while (Date.now() - started < 1000) {
      for (let i = 0; i < 500; i++, requests++) t.request();
      await new Promise((r) => setImmediate(r));
    }
    await new Promise((r) => setTimeout(r, 150));
    const seconds = (Date.now() - started) / 1000;
    assert.ok(requests > 10_000, `${requests} requests`);
    assert.ok(flushes >= 8 && flushes <= Math.ceil(seconds * 10) + 1, `${flushes} flushes in ${seconds.toFixed(2)} s`);

    await new Promise((r) => setTimeout(r, 200));
    const before = flushes;
    const asked = Date.now();
    t.request();
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(flushes, before + 1, 'after a quiet spell the flush comes at once');
    assert.ok(Date.now() - asked < 100);
    t.dispose();
    t.request();
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(flushes, before + 1, 'nothing after dispose');
  });
});
