/**
 * Everything the stream viewer reads, as protocol messages: the header (XINFO STREAM), pages of
 * entries newest first (one XREVRANGE/XRANGE COUNT page each, never the whole stream), the
 * window around a jump target, one entry whole, and the consumer groups side.
 */
import { compareIds, parseIdOrTime } from '../../core/streams/ids';
import { readAround, readEntry, readNewer, readOlder } from '../../core/streams/entries';
import { StreamError } from '../../core/streams/errors';
import { listConsumers, listGroups, readPending } from '../../core/streams/groups';
import { streamInfo } from '../../core/streams/info';
import { ValueInputError } from '../../core/values/errors';
import { RedisClient } from '../../core/values/client';
import { HostMessage, WireStreamInfo } from '../../webview/protocol/streamViewer';
import { wireConsumer, wireEntry, wireGroup, wireInfo, wirePending } from './wire';

type Entries = Extract<HostMessage, { type: 'entries' }>;
type Pending = Extract<HostMessage, { type: 'pending' }>;

export class StreamReads {
  constructor(
    private readonly client: () => Promise<RedisClient>,
    private readonly key: Buffer,
  ) {}

  /** XINFO STREAM; undefined when the key is gone. */
  async info(): Promise<WireStreamInfo | undefined> {
    try {
      return wireInfo(await streamInfo(await this.client(), this.key));
    } catch (err) {
      if (err instanceof StreamError && err.kind === 'no-key') return undefined;
      throw err;
    }
  }

  /** The newest page. */
  async newest(count: number): Promise<Entries> {
    const page = await readOlder(await this.client(), this.key, { count });
    return { type: 'entries', mode: 'replace', entries: page.entries.map((e) => wireEntry(e)), moreOlder: page.more, moreNewer: false };
  }

  /** The page just older than `before`. */
  async older(before: string, count: number): Promise<Entries> {
    const page = await readOlder(await this.client(), this.key, { before, count });
    return { type: 'entries', mode: 'older', entries: page.entries.map((e) => wireEntry(e)), moreOlder: page.more };
  }

  /** The page just newer than `after`, newest first. */
  async newer(after: string, count: number): Promise<Entries> {
    const page = await readNewer(await this.client(), this.key, { after, count });
    return { type: 'entries', mode: 'newer', entries: page.entries.map((e) => wireEntry(e)).reverse(), moreNewer: page.more };
  }

  /**
   * The entries around an ID, milliseconds or date-time: a page each way, focused on the first
   * entry at or after the target (else the newest before it). Throws ValueInputError for a target
   * that is none of those.
   */
  async around(target: string, count: number): Promise<Entries> {
    const id = parseIdOrTime(target.trim());
    if (id === undefined) throw new ValueInputError(`'${target}' is not an entry ID (1700000000000-0), milliseconds or a date-time (2024-05-01 12:00, ISO 8601)`);
    const half = Math.max(1, Math.ceil(count / 2));
    const around = await readAround(await this.client(), this.key, id, half);
    const all = [...around.older, ...around.newer].sort((a, b) => compareIds(b.id, a.id));
    const unique = all.filter((e, i) => i === 0 || all[i - 1].id !== e.id);
    const atOrAfter = unique.filter((e) => compareIds(e.id, id) >= 0);
    const focus = atOrAfter.length ? atOrAfter[atOrAfter.length - 1] : unique[0];
    return {
      type: 'entries', mode: 'replace', entries: unique.map((e) => wireEntry(e)),
      moreOlder: around.moreOlder, moreNewer: around.moreNewer, focusId: focus?.id,
    };
  }

  /** One entry with its values whole; undefined when it is gone. */
  async entry(id: string): Promise<Extract<HostMessage, { type: 'entry' }>> {
    const found = await readEntry(await this.client(), this.key, id);
    return found ? { type: 'entry', id, entry: wireEntry(found, true) } : { type: 'entry', id };
  }

  async groups(): Promise<Extract<HostMessage, { type: 'groups' }>> {
    try {
      return { type: 'groups', groups: (await listGroups(await this.client(), this.key)).map(wireGroup) };
    } catch (err) {
      if (err instanceof StreamError && err.kind === 'no-key') return { type: 'groups', groups: [] };
      throw err;
    }
  }

  async consumers(group: Buffer): Promise<Extract<HostMessage, { type: 'consumers' }>> {
    const consumers = await listConsumers(await this.client(), this.key, group);
    return { type: 'consumers', group: group.toString('base64'), consumers: consumers.map(wireConsumer) };
  }

  /** A page of the group's pending entries (one consumer's when given), after `after` when paging on. */
  async pending(group: Buffer, count: number, consumer?: Buffer, after?: string): Promise<Pending> {
    const page = await readPending(await this.client(), this.key, group, after === undefined ? { count, consumer } : { after, count, consumer });
    const out: Pending = { type: 'pending', group: group.toString('base64'), entries: page.entries.map(wirePending), more: page.more, append: after !== undefined };
    if (consumer) out.consumer = consumer.toString('base64');
    return out;
  }
}
