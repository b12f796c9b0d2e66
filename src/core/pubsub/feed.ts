/**
 * The live feed behind a viewer: a bounded ring buffer of received messages, the counters and the
 * rate, and what the view has already been given. `take` hands out what arrived since the last
 * take (or everything kept, after a reset), so a view that applies each batch and drops rows older
 * than `firstSeq` mirrors exactly what is kept. While paused, batches carry only the counters.
 */
import { PubSubMessage } from './message';
import { RateCounter, RateOptions } from './rate';
import { RingBuffer } from './ringBuffer';

export interface FeedStats {
  /** Messages received since the feed was made. */
  received: number;
  /** Messages held now (at most `maxMessages`). */
  kept: number;
  /** Messages evicted because more than `maxMessages` arrived. */
  dropped: number;
  /** Messages removed by `clear`. */
  cleared: number;
  /** Messages per second over the last few seconds (one decimal). */
  ratePerSecond: number;
  maxMessages: number;
  /**
   * Messages kept but never handed to the view because more arrived between two batches than a
   * batch may carry (`take` with `skipToNewest`): the view shows the newest; export has them all.
   */
  skipped: number;
}

export interface FeedBatch {
  /** New messages with their sequence numbers, oldest first (none while paused). */
  items: { seq: number; message: PubSubMessage }[];
  /** The oldest message still kept: the view drops rows older than this. */
  firstSeq: number;
  /** The items replace everything the view has (after a reset or clear). */
  reset: boolean;
  paused: boolean;
  stats: FeedStats;
  /** More items are waiting than `take` was allowed to hand out. */
  more: boolean;
}

export class MessageFeed {
  private readonly buffer: RingBuffer<PubSubMessage>;
  private readonly rate: RateCounter;
  private lastTaken = 0;
  private resetDue = true;
  private isPaused = false;
  private skippedTotal = 0;

  constructor(capacity: number, rateOptions: RateOptions = {}) {
    this.buffer = new RingBuffer<PubSubMessage>(capacity);
    this.rate = new RateCounter(rateOptions);
  }

  get paused(): boolean {
    return this.isPaused;
  }

  get capacity(): number {
    return this.buffer.capacity;
  }

  push(message: PubSubMessage): void {
    this.buffer.push(message);
    this.rate.add();
  }

  /** Pauses or resumes: resuming hands out what is still kept of what came meanwhile. */
  setPaused(paused: boolean): void {
    this.isPaused = paused;
  }

  /** Empties the buffer (counted as cleared); the next batch resets the view. */
  clear(): void {
    this.buffer.clear();
    this.resetDue = true;
  }

  /** The next batch hands out everything kept, replacing what the view has (a view reloaded). */
  requestReset(): void {
    this.resetDue = true;
  }

  resize(capacity: number): void {
    this.buffer.resize(capacity);
  }

  /** The message with sequence number `seq`, if still kept. */
  get(seq: number): PubSubMessage | undefined {
    return this.buffer.get(seq);
  }

  /** The kept messages, oldest first. */
  snapshot(): PubSubMessage[] {
    return this.buffer.snapshot();
  }

  stats(): FeedStats {
    return {
      received: this.buffer.pushed,
      kept: this.buffer.size,
      dropped: this.buffer.dropped,
      cleared: this.buffer.cleared,
      ratePerSecond: Math.round(this.rate.perSecond() * 10) / 10,
      maxMessages: this.buffer.capacity,
      skipped: this.skippedTotal,
    };
  }

  /**
   * What the view has not been given yet (at most `maxItems` of it), and the counters. With
   * `skipToNewest`, a backlog longer than `maxItems` is skipped to its newest `maxItems` (counted in
   * `skipped`) instead of being handed out over several batches: under a flood the view stays
   * current and the host does not serialize rows nobody could read.
   */
  take(maxItems = Infinity, options: { skipToNewest?: boolean } = {}): FeedBatch {
    const firstSeq = this.buffer.firstSeq;
    if (this.isPaused) return { items: [], firstSeq, reset: false, paused: true, stats: this.stats(), more: false };
    const reset = this.resetDue;
    this.resetDue = false;
    let from = reset ? firstSeq : Math.max(this.lastTaken + 1, firstSeq);
    if (!reset && options.skipToNewest && this.buffer.pushed - from + 1 > maxItems) {
      const newest = this.buffer.pushed - maxItems + 1;
      this.skippedTotal += newest - from;
      from = newest;
    }
    const to = Math.min(this.buffer.pushed, from + maxItems - 1);
    const items: FeedBatch['items'] = [];
    for (let seq = from; seq <= to; seq++) items.push({ seq, message: this.buffer.get(seq) as PubSubMessage });
    this.lastTaken = Math.max(to, from - 1);
    return { items, firstSeq, reset, paused: false, stats: this.stats(), more: to < this.buffer.pushed };
  }
}
