/** The stream viewer's header: XINFO STREAM (never FULL, which would read every entry). */
import { RedisClient, send } from '../values/client';
import { streamCall } from './errors';
import { num, pairs, str } from './reply';

export interface StreamInfo {
  length: number;
  /** Id of the oldest entry; undefined when the stream is empty. */
  firstId?: string;
  /** Id of the newest entry; undefined when the stream is empty. */
  lastId?: string;
  /** The id the last XADD generated (may belong to a deleted entry). */
  lastGeneratedId: string;
  groups: number;
  radixTreeKeys: number;
  radixTreeNodes: number;
  /** Redis 7.0+: the largest id ever deleted. */
  maxDeletedEntryId?: string;
  /** Redis 7.0+: entries ever added. */
  entriesAdded?: number;
  /** Redis 7.0+: the first id still recorded (after trims and deletes). */
  recordedFirstEntryId?: string;
}

/** The id of a first-entry / last-entry value: `[id, [field, value, ...]]`, or nil. */
function entryId(value: unknown): string | undefined {
  return Array.isArray(value) ? str(value[0]) : undefined;
}

/**
 * XINFO STREAM for the header. Throws a StreamError ('no-key' when the stream is gone,
 * 'wrong-type' when the key holds something else).
 */
export async function streamInfo(client: RedisClient, key: Buffer): Promise<StreamInfo> {
  const info = pairs(await streamCall(send<unknown[]>(client, 'XINFO', 'STREAM', key), key));
  const out: StreamInfo = {
    length: num(info.get('length'), 0),
    lastGeneratedId: str(info.get('last-generated-id')) ?? '0-0',
    groups: num(info.get('groups'), 0),
    radixTreeKeys: num(info.get('radix-tree-keys'), 0),
    radixTreeNodes: num(info.get('radix-tree-nodes'), 0),
  };
  // Optional facts only when present, so older servers yield no misleading zeros.
  const firstId = entryId(info.get('first-entry'));
  const lastId = entryId(info.get('last-entry'));
  const maxDeleted = str(info.get('max-deleted-entry-id'));
  const recordedFirst = str(info.get('recorded-first-entry-id'));
  if (firstId !== undefined) out.firstId = firstId;
  if (lastId !== undefined) out.lastId = lastId;
  if (maxDeleted !== undefined) out.maxDeletedEntryId = maxDeleted;
  if (info.has('entries-added')) out.entriesAdded = num(info.get('entries-added'), 0);
  if (recordedFirst !== undefined) out.recordedFirstEntryId = recordedFirst;
  return out;
}
