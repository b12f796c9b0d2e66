/**
 * A subscriber session: pub/sub subscriptions on connections of its own (a connection in
 * subscriber mode can run nothing else), byte-exact, that survive server restarts.
 *
 * Connections:
 * - Channels and patterns (SUBSCRIBE / PSUBSCRIBE) share one connection: a duplicate of a
 *   standalone or sentinel client (same server, credentials, TLS; sentinel clients find the
 *   current master again on reconnect), or on a cluster a connection to one master (the cluster
 *   bus forwards every PUBLISH to every node).
 * - Shard channels (SSUBSCRIBE) on a cluster go to the master owning the channel's hash slot, read
 *   from the cluster client's slot map (`cluster.slots` + cluster-key-slot): one connection per
 *   master that owns a subscribed shard channel. When a slot moves (the server then unsubscribes
 *   its shard channels, and ioredis reports `moved`), the channels are subscribed again on the new
 *   owner. On a standalone server (Redis 7 has sharded pub/sub there too) they share the first
 *   connection.
 *
 * ioredis 6's Cluster can route SSUBSCRIBE itself (the `shardedSubscribers` option), but it picks a
 * random node for SUBSCRIBE, resubscribes after a reconnect from channel names held as strings
 * (lossy for names that are not UTF-8), and does not say when it has resubscribed. This session
 * keeps the subscriptions as Buffers, resubscribes every connection itself when it is ready again
 * after a loss (ioredis's own `autoResubscribe` is off), and emits `resubscribed` once the server
 * has confirmed them.
 */
import { EventEmitter } from 'node:events';
import type { Cluster, Redis } from 'ioredis';
import { Logger, silentLogger } from '../log';
import { nodeAddress } from '../lua/nodes';
import type { RedisClient } from '../values/client';
import { isCluster } from '../values/topology';
import { CoalescedTask } from './coalesced';
import { Link, bytesKey, endConnection, ownerOf, refreshSlots, shardMoves, toBuffer, sendSubscriberCommand, ssubscribeOn, subscriberConnection, sunsubscribeOn } from './links';
import { MessageKind, PubSubMessage, SubscriptionKind } from './message';
import type { PubSubSessionEvents, PubSubSessionOptions, PubSubState, Subscriptions } from './sessionTypes';

export type { PubSubSessionEvents, PubSubSessionOptions, PubSubState, Subscriptions } from './sessionTypes';

const MAIN = 'main';
const DEFAULT_CONNECTION_NAME = 'redis-devkit-pubsub';

export class PubSubSession extends EventEmitter<PubSubSessionEvents> {
  private readonly channels = new Map<string, Buffer>();
  private readonly patterns = new Map<string, Buffer>();
  private readonly shardChannels = new Map<string, Buffer>();
  /** Shard channel -> the link (node) it is subscribed on. */
  private readonly shardLink = new Map<string, string>();
  private readonly links = new Map<string, Link>();
  private readonly pendingLinks = new Map<string, Promise<Link>>();
  private readonly logger: Logger;
  private readonly label: string;
  private readonly connectionName: string;
  private closed = false;
  /** Moves shard channels whose slot now has another owner (one pass at a time; coalesced). */
  private readonly rerouter = new CoalescedTask(
    () => this.doReroute(),
    (err) => this.emit('state', { state: 'error', node: 'cluster', message: `Could not follow moved shard channels: ${err.message}` }),
  );

  private constructor(
    private readonly client: RedisClient,
    options: PubSubSessionOptions,
  ) {
    super();
    this.logger = options.logger ?? silentLogger;
    this.label = options.name ?? 'pubsub';
    this.connectionName = options.connectionName ?? DEFAULT_CONNECTION_NAME;
  }

  /**
   * Opens a session next to `client` (a connected standalone, sentinel or cluster client) with its
   * first connection established. Throws when that connection cannot be made.
   */
  static async open(client: RedisClient, options: PubSubSessionOptions = {}): Promise<PubSubSession> {
    const session = new PubSubSession(client, options);
    await session.link(MAIN);
    return session;
  }

  get isCluster(): boolean {
    return isCluster(this.client);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** True while every connection of the session is up. */
  get connected(): boolean {
    return [...this.links.values()].every((l) => l.ready);
  }

  /** Calls `listener` for every message; returns a function that stops it. */
  onMessage(listener: (message: PubSubMessage) => void): () => void {
    this.on('message', listener);
    return () => this.off('message', listener);
  }

  /** Calls `listener` on each state change; returns a function that stops it. */
  onState(listener: (state: PubSubState) => void): () => void {
    this.on('state', listener);
    return () => this.off('state', listener);
  }

  subscriptions(): Subscriptions {
    return { channels: [...this.channels.values()], patterns: [...this.patterns.values()], shardChannels: [...this.shardChannels.values()] };
  }

  /** How many subscriptions of all kinds the session holds. */
  get subscriptionCount(): number {
    return this.channels.size + this.patterns.size + this.shardChannels.size;
  }

  /** SUBSCRIBE to `channels` (exact names; strings are UTF-8). */
  subscribe(channels: readonly (string | Buffer)[]): Promise<void> {
    return this.add('channel', channels);
  }

  /** PSUBSCRIBE to glob-style `patterns`. */
  psubscribe(patterns: readonly (string | Buffer)[]): Promise<void> {
    return this.add('pattern', patterns);
  }

  /** SSUBSCRIBE to shard channels, each on the master owning its slot (cluster), or on the one server. */
  ssubscribe(shardChannels: readonly (string | Buffer)[]): Promise<void> {
    return this.add('shard', shardChannels);
  }

  /** Subscribes by kind (the panel's single entry point). */
  add(kind: SubscriptionKind, names: readonly (string | Buffer)[]): Promise<void> {
    const buffers = names.map(toBuffer);
    if (buffers.length === 0) return Promise.resolve();
    if (kind === 'shard') return this.addShard(buffers);
    return this.addPlain(kind, buffers);
  }

  /** Unsubscribes by kind; names not subscribed are ignored. */
  async remove(kind: SubscriptionKind, names: readonly (string | Buffer)[]): Promise<void> {
    this.assertOpen();
    const buffers = names.map(toBuffer);
    if (kind === 'shard') {
      const byLink = new Map<string, Buffer[]>();
      for (const b of buffers) {
        const k = bytesKey(b);
        if (!this.shardChannels.delete(k)) continue;
        const at = this.shardLink.get(k);
        this.shardLink.delete(k);
        if (at !== undefined) byLink.set(at, [...(byLink.get(at) ?? []), b]);
      }
      for (const [key, list] of byLink) {
        const link = this.links.get(key);
        if (link?.ready) await this.send(link, () => sunsubscribeOn(link.redis, list), true);
        if (key !== MAIN) this.dropIfIdle(key);
      }
      return;
    }
    const set = kind === 'channel' ? this.channels : this.patterns;
    const removed = buffers.filter((b) => set.delete(bytesKey(b)));
    const link = this.links.get(MAIN);
    if (!removed.length || !link?.ready) return;
    await this.send(link, () => sendSubscriberCommand(link.redis, kind === 'channel' ? 'unsubscribe' : 'punsubscribe', removed), true);
  }

  /** Closes every connection of the session; no reconnect follows. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const links = [...this.links.values()];
    this.links.clear();
    await Promise.all(links.map((l) => endConnection(l.redis)));
    this.emit('state', { state: 'closed' });
    this.removeAllListeners('message');
  }

  private assertOpen(): void {
    if (this.closed) throw new Error(`The pub/sub session for ${this.label} is closed.`);
  }

  private async addPlain(kind: 'channel' | 'pattern', names: Buffer[]): Promise<void> {
    this.assertOpen();
    const set = kind === 'channel' ? this.channels : this.patterns;
    const fresh = names.filter((b) => !set.has(bytesKey(b)));
    fresh.forEach((b) => set.set(bytesKey(b), b));
    if (!fresh.length) return;
    const link = await this.link(MAIN);
    // Not ready (reconnecting): the resubscribe on `ready` makes these too.
    if (!link.ready) return;
    try {
      await this.send(link, () => sendSubscriberCommand(link.redis, kind === 'channel' ? 'subscribe' : 'psubscribe', fresh));
    } catch (err) {
      fresh.forEach((b) => set.delete(bytesKey(b)));
      throw err;
    }
  }

  private async addShard(names: Buffer[]): Promise<void> {
    this.assertOpen();
    const fresh = names.filter((b) => !this.shardChannels.has(bytesKey(b)));
    fresh.forEach((b) => this.shardChannels.set(bytesKey(b), b));
    // Channels not yet subscribed on their node; what fails is forgotten again, what succeeded stays.
    const pending = new Set(fresh);
    try {
      const groups = new Map<string, Buffer[]>();
      for (const b of fresh) {
        const key = await this.shardLinkKeyFor(b);
        groups.set(key, [...(groups.get(key) ?? []), b]);
      }
      for (const [key, list] of groups) {
        const link = await this.link(key);
        list.forEach((b) => this.shardLink.set(bytesKey(b), key));
        if (link.ready) await this.send(link, () => ssubscribeOn(link.redis, list));
        list.forEach((b) => pending.delete(b));
      }
    } catch (err) {
      for (const b of pending) {
        this.shardChannels.delete(bytesKey(b));
        this.shardLink.delete(bytesKey(b));
      }
      throw err;
    }
  }

  /**
   * Runs a subscribe-family command on `link`. A failure because the connection dropped meanwhile
   * is not an error: the subscription is kept and made again on reconnect. `quiet` also swallows
   * other failures (unsubscribing on a connection that is going away).
   */
  private async send(link: Link, command: () => Promise<unknown>, quiet = false): Promise<void> {
    try {
      await command();
    } catch (err) {
      if (!link.ready || this.closed) return;
      if (quiet) {
        this.logger.warn(`[${this.label}] ${(err as Error).message}`);
        return;
      }
      throw err;
    }
  }

  /** Which link a shard channel belongs on: the owning master on a cluster, else the main one. */
  private async shardLinkKeyFor(channel: Buffer): Promise<string> {
    if (!isCluster(this.client)) return MAIN;
    return `shard ${await ownerOf(this.client, channel)}`;
  }

  /** The link `key` ("main" or "shard host:port"), connecting it first if needed. */
  private link(key: string): Promise<Link> {
    const existing = this.links.get(key);
    if (existing) return Promise.resolve(existing);
    let pending = this.pendingLinks.get(key);
    if (!pending) {
      pending = this.connectLink(key).finally(() => this.pendingLinks.delete(key));
      this.pendingLinks.set(key, pending);
    }
    return pending;
  }

  private async connectLink(key: string): Promise<Link> {
    const redis = this.newConnection(key);
    const link: Link = { key, node: nodeAddress(redis), redis, ready: false, lost: false };
    this.wire(link);
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      throw new Error(`Could not open a subscriber connection to ${link.node} for ${this.label}: ${link.lastError ?? (err as Error).message}`);
    }
    link.node = nodeAddress(redis);
    if (this.closed) {
      redis.disconnect();
      throw new Error(`The pub/sub session for ${this.label} is closed.`);
    }
    link.ready = true;
    this.links.set(key, link);
    return link;
  }

  /** A new, not yet connected subscriber connection for link `key`. */
  private newConnection(key: string): Redis {
    // The session's own retry policy: keep trying (capped backoff) until closed, independent of the
    // client it was made from (which may be closed first).
    const retry = (times: number) => (this.closed ? null : Math.min(50 * 2 ** (Math.min(times, 7) - 1), 3000));
    const address = key === MAIN ? undefined : key.slice('shard '.length);
    return subscriberConnection(this.client, address, { connectionName: this.connectionName, retryStrategy: retry, sentinelRetryStrategy: retry });
  }

  private wire(link: Link): void {
    const { redis } = link;
    redis.on('messageBuffer', (channel: Buffer, payload: Buffer) => this.deliver('message', channel, payload));
    redis.on('pmessageBuffer', (pattern: string | Buffer, channel: Buffer, payload: Buffer) => this.deliver('pmessage', channel, payload, this.patternBytes(pattern)));
    redis.on('smessageBuffer', (channel: Buffer, payload: Buffer) => this.deliver('smessage', channel, payload));
    redis.on('error', (err: Error) => {
      link.lastError = err.message;
      this.logger.warn(`[${this.label} pubsub ${link.node}] ${err.message}`);
    });
    redis.on('close', () => {
      if (!link.ready || this.closed) return;
      link.ready = false;
      link.lost = true;
    });
    redis.on('reconnecting', () => {
      if (this.closed) return;
      this.logger.info(`[${this.label} pubsub ${link.node}] reconnecting`);
      this.emit('state', { state: 'reconnecting', node: link.node, error: link.lastError });
    });
    redis.on('ready', () => {
      if (this.closed || !link.lost) return;
      link.ready = true;
      link.lost = false;
      void this.resubscribe(link);
    });
    redis.on('end', () => {
      if (this.closed || this.links.get(link.key) !== link) return;
      // No more retries (cannot happen with our strategy unless closing); forget the link so the
      // next subscribe makes a new one.
      this.links.delete(link.key);
      this.emit('state', { state: 'error', node: link.node, message: `The subscriber connection to ${link.node} ended.` });
    });
    // A shard channel's slot moved (the server unsubscribed it, or answered MOVED): find the new owner.
    redis.on('moved', () => this.reroute());
  }

  private deliver(kind: MessageKind, rawChannel: Buffer, rawPayload: Buffer, pattern?: Buffer): void {
    // ioredis hands out views into the socket's read buffers: copies keep a kept message from
    // holding a whole read chunk alive (a bounded buffer must also bound the memory it retains).
    const channel = Buffer.from(rawChannel);
    const payload = Buffer.from(rawPayload);
    const message: PubSubMessage = pattern ? { time: Date.now(), kind, channel, pattern, payload } : { time: Date.now(), kind, channel, payload };
    this.emit('message', message);
  }

  /**
   * ioredis hands the pattern of a pmessage over as a string (decoded as UTF-8): map it back to
   * the bytes we subscribed with, so binary patterns stay exact.
   */
  private patternBytes(pattern: string | Buffer): Buffer {
    if (Buffer.isBuffer(pattern)) return pattern;
    for (const p of this.patterns.values()) if (p.toString() === pattern) return p;
    return Buffer.from(pattern, 'utf8');
  }

  /** After a reconnect: makes every subscription this link holds again, then says so. */
  private async resubscribe(link: Link): Promise<void> {
    const channels = link.key === MAIN ? [...this.channels.values()] : [];
    const patterns = link.key === MAIN ? [...this.patterns.values()] : [];
    const shards = [...this.shardChannels.entries()].filter(([k]) => (this.shardLink.get(k) ?? MAIN) === link.key).map(([, b]) => b);
    try {
      if (channels.length) await sendSubscriberCommand(link.redis, 'subscribe', channels);
      if (patterns.length) await sendSubscriberCommand(link.redis, 'psubscribe', patterns);
      if (shards.length) await ssubscribeOn(link.redis, shards);
    } catch (err) {
      if (this.closed || !link.ready) return;
      const message = (err as Error).message;
      this.logger.error(`[${this.label} pubsub ${link.node}] could not resubscribe: ${message}`);
      this.emit('state', { state: 'error', node: link.node, message: `Reconnected to ${link.node} but could not subscribe again: ${message}` });
      if (/^MOVED /.test(message)) this.reroute();
      return;
    }
    this.logger.info(`[${this.label} pubsub ${link.node}] reconnected; resubscribed to ${channels.length} channel(s), ${patterns.length} pattern(s), ${shards.length} shard channel(s)`);
    this.emit('state', { state: 'resubscribed', node: link.node, channels: channels.length, patterns: patterns.length, shardChannels: shards.length });
  }

  private reroute(): void {
    if (!this.closed && isCluster(this.client)) this.rerouter.request();
  }

  private async doReroute(): Promise<void> {
    const cluster = this.client as Cluster;
    await refreshSlots(cluster);
    const moves = await shardMoves(cluster, this.shardChannels, this.shardLink);
    for (const [to, channels] of moves) {
      if (this.closed) return;
      for (const c of channels) {
        const from = this.links.get(this.shardLink.get(bytesKey(c)) ?? '');
        if (from?.ready) await this.send(from, () => sunsubscribeOn(from.redis, [c]), true);
      }
      const link = await this.link(to);
      channels.forEach((c) => this.shardLink.set(bytesKey(c), to));
      if (link.ready) await ssubscribeOn(link.redis, channels);
      this.emit('state', { state: 'resubscribed', node: link.node, channels: 0, patterns: 0, shardChannels: channels.length });
    }
    for (const key of [...this.links.keys()]) if (key !== MAIN) this.dropIfIdle(key);
  }

  /** Closes a shard link that holds no channel any more. */
  private dropIfIdle(key: string): void {
    if ([...this.shardLink.values()].includes(key)) return;
    const link = this.links.get(key);
    if (!link) return;
    this.links.delete(key);
    void endConnection(link.redis);
  }
}
