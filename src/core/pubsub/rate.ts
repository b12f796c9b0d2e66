/**
 * Events per second over a sliding window of whole-second buckets (default: 1 s buckets over
 * 5 s). The current, partly elapsed bucket counts for the time it has covered, so the rate reacts
 * within a second to a burst and falls to 0 once the window has passed with no events; before the
 * window has filled, the rate is over the time since the first event (at least one bucket).
 */
export interface RateOptions {
  bucketMs?: number;
  windowBuckets?: number;
  /** The clock (ms); tests pass their own. */
  now?: () => number;
}

export class RateCounter {
  private readonly bucketMs: number;
  private readonly windowBuckets: number;
  private readonly now: () => number;
  /** Counts per bucket, indexed by bucket number modulo the window. */
  private readonly counts: number[];
  /** The bucket number each slot of `counts` holds. */
  private readonly slots: number[];
  private started: number | undefined;
  private totalCount = 0;

  constructor(options: RateOptions = {}) {
    this.bucketMs = options.bucketMs ?? 1000;
    this.windowBuckets = options.windowBuckets ?? 5;
    this.now = options.now ?? Date.now;
    if (!(this.bucketMs > 0) || !Number.isInteger(this.windowBuckets) || this.windowBuckets < 1) throw new RangeError('RateCounter needs bucketMs > 0 and windowBuckets >= 1');
    this.counts = new Array<number>(this.windowBuckets).fill(0);
    this.slots = new Array<number>(this.windowBuckets).fill(-1);
  }

  /** Events ever added. */
  get total(): number {
    return this.totalCount;
  }

  /** Records `n` events now. */
  add(n = 1): void {
    const t = this.now();
    if (this.started === undefined) this.started = t;
    const bucket = Math.floor(t / this.bucketMs);
    const i = bucket % this.windowBuckets;
    if (this.slots[i] !== bucket) {
      this.slots[i] = bucket;
      this.counts[i] = 0;
    }
    this.counts[i] += n;
    this.totalCount += n;
  }

  /** Events per second over the window ending now. */
  perSecond(): number {
    if (this.started === undefined) return 0;
    const t = this.now();
    const current = Math.floor(t / this.bucketMs);
    const oldest = current - this.windowBuckets + 1;
    let sum = 0;
    for (let i = 0; i < this.windowBuckets; i++) {
      if (this.slots[i] >= oldest && this.slots[i] <= current) sum += this.counts[i];
    }
    // The window spans the full buckets before the current one plus the elapsed part of the current
    // one, but never more time than has passed since the first event, and at least one bucket (so a
    // single event reads as 1/s, not as a spike).
    const span = t - Math.max(oldest * this.bucketMs, this.started);
    return sum / (Math.max(span, this.bucketMs) / 1000);
  }

  /** Forgets every event. */
  reset(): void {
    this.counts.fill(0);
    this.slots.fill(-1);
    this.started = undefined;
    this.totalCount = 0;
  }
}
