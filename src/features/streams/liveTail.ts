/**
 * The panel's live tail: a StreamTail on a dedicated connection (a duplicate of the db's client,
 * named so it can be told apart in CLIENT LIST), owned by the panel and closed when the tail
 * stops or the panel goes. Entries arriving in bursts are gathered and handed on at most every
 * FLUSH_MS, so the webview sees one update per interval however fast the producer writes.
 */
import { Cluster, Redis } from 'ioredis';
import type { StreamEntry } from '../../core/streams/entries';
import { StreamTail } from '../../core/streams/tail';
import { RedisClient } from '../../core/values/client';

/** CLIENT SETNAME of tail connections. */
export const TAIL_CONNECTION_NAME = 'redis-devkit:stream-tail';
const FLUSH_MS = 100;
/** Most entries one flush carries; beyond that the oldest of the burst are skipped (`overflow`). */
export const MAX_FLUSH_ENTRIES = 2_000;

export interface TailBatch {
  /** Newest first. */
  entries: StreamEntry[];
  /** Some older entries of the burst were skipped to bound the update. */
  overflow: boolean;
}

export class LiveTail {
  private tail: StreamTail | undefined;
  private connection: RedisClient | undefined;
  private buffer: StreamEntry[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly key: Buffer,
    private readonly onBatch: (batch: TailBatch) => void,
    private readonly onError: (err: Error) => void,
    private readonly log: (message: string) => void,
  ) {}

  get running(): boolean {
    return this.tail?.running === true;
  }

  /** ioredis status of the dedicated connection ('ready', 'end', ...); undefined when none was made. */
  get connectionStatus(): string | undefined {
    return this.connection?.status;
  }

  /** Starts tailing after `fromId` (undefined: entries added from now on); stops a running tail first. */
  async start(client: RedisClient, fromId: string | undefined, opts: { blockMs: number; count: number }): Promise<void> {
    await this.stop();
    const connection = duplicate(client);
    connection.on('error', (err: Error) => this.log(`tail connection: ${err.message}`));
    this.connection = connection;
    const tail = new StreamTail(connection, this.key, opts);
    this.tail = tail;
    tail.start(
      fromId,
      (entries) => this.gather(entries),
      (err) => {
        if (this.tail !== tail) return;
        void this.stop();
        this.onError(err);
      },
    );
  }

  async stop(): Promise<void> {
    const tail = this.tail;
    const connection = this.connection;
    this.tail = undefined;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.flush();
    if (tail) await tail.stop();
    // The tail closes its connection; make sure, as a failed start may leave it open.
    if (connection && connection.status !== 'end') connection.disconnect();
  }

  private gather(entries: StreamEntry[]): void {
    if (!this.tail) return;
    this.buffer.push(...entries);
    if (this.buffer.length > MAX_FLUSH_ENTRIES * 2) this.buffer.splice(0, this.buffer.length - MAX_FLUSH_ENTRIES - 1);
    if (!this.timer) this.timer = setTimeout(() => this.flush(), FLUSH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    if (this.buffer.length === 0) return;
    const all = this.buffer;
    this.buffer = [];
    const overflow = all.length > MAX_FLUSH_ENTRIES;
    const kept = overflow ? all.slice(all.length - MAX_FLUSH_ENTRIES) : all;
    this.onBatch({ entries: kept.reverse(), overflow });
  }
}

/** A new connection like `client` (same server, db, credentials, TLS), for blocking reads only. */
function duplicate(client: RedisClient): RedisClient {
  if (client instanceof Cluster) return client.duplicate();
  return (client as Redis).duplicate({ connectionName: TAIL_CONNECTION_NAME });
}
