/**
 * A bounded FIFO: once `capacity` items are held, each push evicts the oldest one and counts it as
 * dropped. Every item pushed gets a sequence number (1, 2, 3, ... for the buffer's lifetime), so a
 * reader can ask for "what came after #n" without keeping its own copy.
 */
export class RingBuffer<T> {
  private items: (T | undefined)[];
  /** Index of the oldest item in `items`. */
  private head = 0;
  private count = 0;
  private pushedTotal = 0;
  private droppedTotal = 0;
  private clearedTotal = 0;

  constructor(private cap: number) {
    if (!Number.isInteger(cap) || cap < 1) throw new RangeError(`RingBuffer capacity must be a positive integer (got ${cap})`);
    this.items = new Array<T | undefined>(cap);
  }

  get capacity(): number {
    return this.cap;
  }

  /** Items held now. */
  get size(): number {
    return this.count;
  }

  /** Items ever pushed (the sequence number of the newest one). */
  get pushed(): number {
    return this.pushedTotal;
  }

  /** Items evicted because the buffer was full (or shrunk); not those removed by `clear`. */
  get dropped(): number {
    return this.droppedTotal;
  }

  /** Items removed by `clear`. */
  get cleared(): number {
    return this.clearedTotal;
  }

  /** Sequence number of the oldest item held (`pushed + 1` when empty). */
  get firstSeq(): number {
    return this.pushedTotal - this.count + 1;
  }

  /** Adds `item` as the newest; returns the evicted oldest item, if the buffer was full. */
  push(item: T): T | undefined {
    this.pushedTotal++;
    if (this.count < this.cap) {
      this.items[(this.head + this.count) % this.cap] = item;
      this.count++;
      return undefined;
    }
    const evicted = this.items[this.head];
    this.items[this.head] = item;
    this.head = (this.head + 1) % this.cap;
    this.droppedTotal++;
    return evicted;
  }

  /** The item with sequence number `seq`, if still held. */
  get(seq: number): T | undefined {
    const offset = seq - this.firstSeq;
    if (!Number.isInteger(offset) || offset < 0 || offset >= this.count) return undefined;
    return this.items[(this.head + offset) % this.cap];
  }

  /** Items held, oldest first. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = 0; i < this.count; i++) yield this.items[(this.head + i) % this.cap] as T;
  }

  /** A copy of the items held, oldest first. */
  snapshot(): T[] {
    return [...this];
  }

  /** Items pushed after sequence number `seq` that are still held, oldest first, with their numbers. */
  since(seq: number): { seq: number; item: T }[] {
    const out: { seq: number; item: T }[] = [];
    for (let s = Math.max(seq + 1, this.firstSeq); s <= this.pushedTotal; s++) out.push({ seq: s, item: this.get(s) as T });
    return out;
  }

  /** Removes every item (counted as cleared, not dropped); sequence numbers keep counting. */
  clear(): void {
    this.clearedTotal += this.count;
    this.items = new Array<T | undefined>(this.cap);
    this.head = 0;
    this.count = 0;
  }

  /** Changes the capacity; when it shrinks below `size`, the oldest items are dropped. */
  resize(capacity: number): void {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`RingBuffer capacity must be a positive integer (got ${capacity})`);
    const kept = this.snapshot();
    const excess = Math.max(0, kept.length - capacity);
    this.droppedTotal += excess;
    this.cap = capacity;
    this.items = new Array<T | undefined>(capacity);
    this.head = 0;
    this.count = 0;
    for (const item of kept.slice(excess)) this.items[this.count++] = item;
  }
}
