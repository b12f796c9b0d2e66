/**
 * What a confirmation says beyond the command (how many entries a trim removes, how many pending
 * entries a consumer holds), and applying a confirmed write through core/streams.
 */
import { displayKey } from '../../core/keyspace/keyName';
import { listConsumers, listGroups, ack, autoClaim, claim, createGroup, deleteConsumer, deleteGroup, setGroupId } from '../../core/streams/groups';
import { addEntry, countTrimmed, deleteEntries, trim } from '../../core/streams/writes';
import { RedisClient } from '../../core/values/client';
import { StreamWrite } from './writes';

const n = (count: number) => count.toLocaleString('en-US');
const plural = (count: number, one: string, many = `${one}s`) => `${n(count)} ${count === 1 ? one : many}`;

/**
 * Facts for the confirmation's detail, read before asking: what the write will remove or
 * discard. Reads only (the same client; a read-only connection never gets this far).
 */
export async function writeFacts(client: RedisClient, key: Buffer, w: StreamWrite): Promise<string> {
  switch (w.kind) {
    case 'trim': {
      const { count, exact, atMost } = await countTrimmed(client, key, w.by);
      if (atMost === 0) return 'No entries fall outside the limit: nothing will be removed.';
      const amount = exact ? plural(count, 'entry', 'entries') : `between ${n(count)} and ${plural(atMost, 'entry', 'entries')}`;
      return w.approximate
        ? `Up to ${amount} will be removed: approximate trimming (~) removes whole radix-tree nodes only, so it may remove fewer, even none.`
        : `${amount.charAt(0).toUpperCase()}${amount.slice(1)} will be removed for good.`;
    }
    case 'delete':
      return `${plural(w.ids.length, 'entry', 'entries')} will be removed for good (IDs that no longer exist are skipped).`;
    case 'deleteConsumer': {
      const consumers = await listConsumers(client, key, w.group);
      const c = consumers.find((x) => x.name.equals(w.consumer));
      if (!c) return `The group has no consumer '${displayKey(w.consumer)}' (any more).`;
      return c.pending === 0
        ? `'${displayKey(w.consumer)}' holds no pending entries.`
        : `'${displayKey(w.consumer)}' holds ${plural(c.pending, 'pending entry', 'pending entries')}: they leave the group's pending list unacknowledged, and nobody can claim them afterwards (claim or acknowledge them first).`;
    }
    case 'deleteGroup': {
      const g = (await listGroups(client, key)).find((x) => x.name.equals(w.group));
      if (!g) return `There is no group '${displayKey(w.group)}' (any more).`;
      return `The group's ${plural(g.consumers, 'consumer')} and ${plural(g.pending, 'pending entry', 'pending entries')} are deleted with it.`;
    }
    case 'setGroupId':
      return 'The group will next deliver the entries after this ID; its pending entries are kept.';
    case 'ack':
      return `${plural(w.ids.length, 'entry', 'entries')} leave the group's pending list.`;
    case 'claim':
      return `Entries idle for at least ${n(w.minIdleMs)} ms move to '${displayKey(w.consumer)}'; others stay where they are. JUSTID: the delivery counts are not increased.`;
    case 'autoClaim':
      return `Up to ${plural(w.count, 'pending entry', 'pending entries')} idle for at least ${n(w.minIdleMs)} ms, from ID ${w.start} on, move to '${displayKey(w.consumer)}'. JUSTID: the delivery counts are not increased.`;
    case 'add':
      return w.maxLen ? `The stream is then trimmed to ${w.maxLen.approximate ? 'about ' : ''}${plural(w.maxLen.count, 'entry', 'entries')}.` : 'The entry is appended to the stream.';
    case 'createGroup':
      return w.mkstream ? 'MKSTREAM creates the stream when it does not exist.' : 'The stream must exist.';
  }
}

export interface WriteOutcome {
  /** False when the command ran but did nothing (no such entry, group, consumer). */
  changed: boolean;
  summary: string;
}

export async function applyStreamWrite(client: RedisClient, key: Buffer, w: StreamWrite): Promise<WriteOutcome> {
  switch (w.kind) {
    case 'add': {
      const id = await addEntry(client, key, w.fields, { id: w.id, maxLen: w.maxLen });
      return { changed: true, summary: `added entry ${id}` };
    }
    case 'delete': {
      const removed = await deleteEntries(client, key, w.ids);
      return { changed: removed > 0, summary: removed === 0 ? 'none of those entries exist any more' : `deleted ${plural(removed, 'entry', 'entries')}` };
    }
    case 'trim': {
      const removed = await trim(client, key, w.by, w.approximate);
      return { changed: true, summary: `trimmed ${plural(removed, 'entry', 'entries')}` };
    }
    case 'createGroup':
      await createGroup(client, key, w.group, w.start, w.mkstream);
      return { changed: true, summary: `created group '${displayKey(w.group)}' at ${w.start}` };
    case 'setGroupId':
      await setGroupId(client, key, w.group, w.id);
      return { changed: true, summary: `set the last delivered ID of '${displayKey(w.group)}' to ${w.id}` };
    case 'deleteGroup': {
      const gone = await deleteGroup(client, key, w.group);
      return { changed: gone, summary: gone ? `deleted group '${displayKey(w.group)}'` : `there is no group '${displayKey(w.group)}' any more` };
    }
    case 'deleteConsumer': {
      const pending = await deleteConsumer(client, key, w.group, w.consumer);
      return { changed: true, summary: `deleted consumer '${displayKey(w.consumer)}' (it held ${plural(pending, 'pending entry', 'pending entries')})` };
    }
    case 'ack': {
      const acked = await ack(client, key, w.group, w.ids);
      return { changed: acked > 0, summary: acked === 0 ? 'none of those entries were pending any more' : `acknowledged ${plural(acked, 'entry', 'entries')}` };
    }
    case 'claim': {
      const claimed = await claim(client, key, w.group, w.consumer, w.minIdleMs, w.ids);
      return { changed: claimed.length > 0, summary: `claimed ${n(claimed.length)} of ${plural(w.ids.length, 'entry', 'entries')} for '${displayKey(w.consumer)}'${claimed.length < w.ids.length ? ' (the others were not pending or not idle long enough)' : ''}` };
    }
    case 'autoClaim': {
      const r = await autoClaim(client, key, w.group, w.consumer, w.minIdleMs, { start: w.start, count: w.count });
      const deleted = r.deleted.length ? `; ${plural(r.deleted.length, 'deleted entry', 'deleted entries')} dropped from the pending list` : '';
      const next = r.next === '0-0' ? 'the scan reached the end' : `next start ID ${r.next}`;
      return { changed: r.claimed.length > 0 || r.deleted.length > 0, summary: `claimed ${plural(r.claimed.length, 'entry', 'entries')} for '${displayKey(w.consumer)}'${deleted}; ${next}` };
    }
  }
}
