import * as assert from 'node:assert/strict';
import { RingBuffer } from '../../../src/core/pubsub/ringBuffer';

describe('RingBuffer', () => {
  it('keeps items in order until full, then evicts the oldest and counts it as dropped', () => {
    const b = new RingBuffer<number>(3);
    assert.equal(b.push(1), undefined);
    b.push(2);
    b.push(3);
    assert.deepEqual(b.snapshot(), [1, 2, 3]);
    assert.equal(b.dropped, 0);
    assert.equal(b.push(4), 1, 'push returns the evicted item');
    b.push(5);
    assert.deepEqual(b.snapshot(), [3, 4, 5]);
    assert.deepEqual({ size: b.size, pushed: b.pushed, dropped: b.dropped, firstSeq: b.firstSeq }, { size: 3, pushed: 5, dropped: 2, firstSeq: 3 });
    assert.deepEqual([...b], [3, 4, 5], 'iterates oldest first');
  });

  it('numbers every push and answers "what came after #n" with what it still holds', () => {
    const b = new RingBuffer<string>(4);
    for (const s of ['a', 'b', 'c', 'd', 'e', 'f']) b.push(s);
    assert.deepEqual(b.since(0), [{ seq: 3, item: 'c' }, { seq: 4, item: 'd' }, { seq: 5, item: 'e' }, { seq: 6, item: 'f' }]);
    assert.deepEqual(b.since(4), [{ seq: 5, item: 'e' }, { seq: 6, item: 'f' }]);
    assert.deepEqual(b.since(6), []);
    assert.equal(b.get(2), undefined, 'evicted');
    assert.equal(b.get(5), 'e');
    assert.equal(b.get(7), undefined, 'not pushed yet');
  });

  it('clear empties it without counting drops; numbering continues', () => {
    const b = new RingBuffer<number>(2);
    [1, 2, 3].forEach((n) => b.push(n));
    b.clear();
    assert.deepEqual({ size: b.size, pushed: b.pushed, dropped: b.dropped, cleared: b.cleared, firstSeq: b.firstSeq }, { size: 0, pushed: 3, dropped: 1, cleared: 2, firstSeq: 4 });
    assert.deepEqual(b.snapshot(), []);
    b.push(4);
    assert.deepEqual(b.since(0), [{ seq: 4, item: 4 }]);
  });

  it('resize keeps the newest items and counts what no longer fits as dropped', () => {
    const b = new RingBuffer<number>(5);
    for (let i = 1; i <= 7; i++) b.push(i);
    assert.deepEqual(b.snapshot(), [3, 4, 5, 6, 7]);
    b.resize(2);
    assert.deepEqual(b.snapshot(), [6, 7]);
    assert.deepEqual({ dropped: b.dropped, firstSeq: b.firstSeq, capacity: b.capacity }, { dropped: 5, firstSeq: 6, capacity: 2 });
    b.resize(4);
    b.push(8);
    b.push(9);
    assert.deepEqual(b.snapshot(), [6, 7, 8, 9]);
    b.push(10);
    assert.deepEqual(b.snapshot(), [7, 8, 9, 10]);
  });

  it('holds 10,000 of 25,000 pushes: the newest, with exact counts', () => {
    const b = new RingBuffer<number>(10_000);
    for (let i = 1; i <= 25_000; i++) b.push(i);
    const kept = b.snapshot();
    assert.equal(kept.length, 10_000);
    assert.equal(kept[0], 15_001);
    assert.equal(kept[9_999], 25_000);
    assert.equal(b.dropped, 15_000);
  });

  it('refuses a capacity that is not a positive integer', () => {
    assert.throws(() => new RingBuffer(0), RangeError);
    assert.throws(() => new RingBuffer(1.5), RangeError);
    assert.throws(() => new RingBuffer(3).resize(-1), RangeError);
  });
});
