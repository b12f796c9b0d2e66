/**
 * A live tail: XREAD BLOCK in a loop on a dedicated connection. The block is finite so the loop
 * notices a stop between reads; stop() does not wait for that, though: it closes the connection,
 * which ends the pending read at once.
 */
import { RedisClient, send, text } from '../values/client';
import { checkCount } from '../values/paging';
import type { StreamEntry } from '../values/stream';
import { RawEntry, parseEntries } from './entries';
import { StreamError, toStreamError } from './errors';
import { normalizeId } from './ids';

/** First and longest pause before retrying after an error. */
const BACKOFF_START_MS = 100;
const BACKOFF_MAX_MS = 5000;
/** Longest wait in stop() for the connection to report that it closed. */
const CLOSE_WAIT_MS = 2000;

/** Errors retrying cannot fix: the key holds another type, or the user may not read it. */
function isFatal(err: Error): boolean {
  return (err instanceof StreamError && err.kind === 'wrong-type') || /^NOPERM/.test(err.message);
}

export interface TailOptions {
  /** XREAD BLOCK milliseconds (finite, at least 1). */
  blockMs: number;
  /** XREAD COUNT: the most entries per batch. */
  count: number;
}

export class StreamTail {
  private active = false;
  private stopped = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private closing: Promise<void> | undefined;

  /**
   * `connection` is a dedicated client (the caller makes it with `client.duplicate()` and owns
   * nothing else on it); the tail closes it on stop. A tail runs once: after stop, make a new one.
   */
  constructor(
    private readonly connection: RedisClient,
    private readonly key: Buffer,
    private readonly opts: TailOptions,
  ) {
    if (!Number.isInteger(opts.blockMs) || opts.blockMs < 1) throw new RangeError(`blockMs ${opts.blockMs} must be a whole number >= 1 (0 would block forever)`);
    checkCount(opts.count);
  }

  /** True from start() until stop() or a fatal error (the key holds another type). */
  get running(): boolean {
    return this.active;
  }

  /**
   * Reads entries after `fromId` (undefined or '$': only entries added from now on) in a loop,
   * calling `onEntries` with each batch in id order. Errors go to `onError`: after a connection
   * error the loop retries with backoff; a key of another type ('wrong-type' StreamError) or an ACL
   * refusal (NOPERM) ends it and closes the connection.
   */
  start(fromId: string | undefined, onEntries: (entries: StreamEntry[]) => void, onError?: (err: Error) => void): void {
    if (this.active || this.stopped) throw new Error(this.stopped ? 'this stream tail was stopped; start a new one' : 'this stream tail is already running');
    const from = fromId === undefined || fromId === '$' ? undefined : normalizeId(fromId);
    this.active = true;
    this.loop = this.run(from, onEntries, onError ?? (() => undefined));
  }

  /**
   * Stops at once (closing the dedicated connection ends a pending XREAD); resolves when the loop
   * has ended and the connection is closed (a cluster client's nodes close asynchronously).
   */
  async stop(): Promise<void> {
    this.active = false;
    this.stopped = true;
    this.wake?.();
    await Promise.all([this.close(), this.loop]);
  }

  /**
   * Disconnects and waits for 'end' (at most CLOSE_WAIT_MS: a client that never connected may not
   * say). Once only: a Cluster's status goes back to 'close' after 'end', so it cannot be asked again.
   */
  private close(): Promise<void> {
    this.closing ??= this.disconnect();
    return this.closing;
  }

  private disconnect(): Promise<void> {
    const conn = this.connection;
    if (conn.status === 'end') return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, CLOSE_WAIT_MS);
      function done(): void {
        clearTimeout(timer);
        conn.off('end', done);
        resolve();
      }
      conn.once('end', done);
      conn.disconnect();
    });
  }

  private async run(from: string | undefined, onEntries: (entries: StreamEntry[]) => void, onError: (err: Error) => void): Promise<void> {
    let last = from;
    let backoff = BACKOFF_START_MS;
    while (this.active) {
      try {
        // '$' is re-evaluated by every XREAD: entries added between two reads would be missed.
        // So '$' is resolved once, to a concrete id, and each batch advances it.
        last ??= await this.currentLastId();
        const reply = await send<[Buffer, RawEntry[]][] | null>(this.connection, 'XREAD', 'BLOCK', this.opts.blockMs, 'COUNT', this.opts.count, 'STREAMS', this.key, last);
        backoff = BACKOFF_START_MS;
        const entries = reply ? parseEntries(reply[0][1]) : [];
        if (!this.active || entries.length === 0) continue;
        last = entries[entries.length - 1].id;
        this.deliver(entries, onEntries, onError);
      } catch (err) {
        if (!this.active) break;
        const mapped = toStreamError(err, this.key);
        const error = mapped instanceof Error ? mapped : new Error(String(mapped));
        onError(error);
        if (isFatal(error)) {
          this.active = false;
          this.stopped = true;
          await this.close();
          break;
        }
        await this.pause(backoff);
        backoff = Math.min(backoff * 2, BACKOFF_MAX_MS);
      }
    }
  }

  /** The newest entry's id, or 0-0 when the stream is empty or missing (so its first entry is seen). */
  private async currentLastId(): Promise<string> {
    const newest = await send<RawEntry[]>(this.connection, 'XREVRANGE', this.key, '+', '-', 'COUNT', 1);
    return newest.length ? text(newest[0][0]) : '0-0';
  }

  private deliver(entries: StreamEntry[], onEntries: (entries: StreamEntry[]) => void, onError: (err: Error) => void): void {
    try {
      onEntries(entries);
    } catch (err) {
      // The listener's failure is the caller's to see, not a reason to stop tailing.
      onError(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
