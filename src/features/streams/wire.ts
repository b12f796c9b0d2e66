/**
 * Conversions from core stream data (Buffers) to the stream viewer protocol, and the check of
 * every message the webview sends: anything malformed is dropped here, before it reaches Redis.
 * Write payloads are checked further by `writes.ts`.
 */
import type { StreamEntry } from '../../core/streams/entries';
import type { ConsumerInfo, GroupInfo, PendingEntry } from '../../core/streams/groups';
import type { StreamInfo } from '../../core/streams/info';
import { hasMessageType } from '../../host/webview';
import { WEBVIEW_MESSAGE_TYPES, WebviewMessage, WireConsumer, WireEntry, WireGroup, WirePending, WireStreamInfo } from '../../webview/protocol/streamViewer';
import { CELL_BYTES, wireBytes, wireValue } from '../keyEditor/wire';

/** A complete stream entry id: `<ms>-<seq>` (both 64-bit unsigned) or bare `<ms>`. */
const ENTRY_ID = /^\d{1,20}(-\d{1,20})?$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function isEntryId(value: unknown): value is string {
  return typeof value === 'string' && ENTRY_ID.test(value);
}

export function isBase64(value: unknown): value is string {
  return typeof value === 'string' && BASE64.test(value);
}

/** An entry for the table: each value formatted, the first CELL_BYTES only unless `whole`. */
export function wireEntry(entry: StreamEntry, whole = false): WireEntry {
  return { id: entry.id, fields: entry.fields.map((f) => ({ field: wireBytes(f.field), value: wireValue(f.value, whole ? Infinity : CELL_BYTES) })) };
}

export function wireInfo(info: StreamInfo): WireStreamInfo {
  // Optional facts only when the server reported them (older servers lack the 7.0 ones).
  const out: WireStreamInfo = {
    length: info.length, lastGeneratedId: info.lastGeneratedId, groups: info.groups,
    radixTreeKeys: info.radixTreeKeys, radixTreeNodes: info.radixTreeNodes,
  };
  if (info.firstId !== undefined) out.firstId = info.firstId;
  if (info.lastId !== undefined) out.lastId = info.lastId;
  if (info.maxDeletedEntryId !== undefined) out.maxDeletedEntryId = info.maxDeletedEntryId;
  if (info.entriesAdded !== undefined) out.entriesAdded = info.entriesAdded;
  if (info.recordedFirstEntryId !== undefined) out.recordedFirstEntryId = info.recordedFirstEntryId;
  return out;
}

export function wireGroup(g: GroupInfo): WireGroup {
  return { name: wireBytes(g.name), consumers: g.consumers, pending: g.pending, lastDeliveredId: g.lastDeliveredId, entriesRead: g.entriesRead, lag: g.lag };
}

export function wireConsumer(c: ConsumerInfo): WireConsumer {
  return { name: wireBytes(c.name), pending: c.pending, idleMs: c.idleMs, inactiveMs: c.inactiveMs };
}

export function wirePending(p: PendingEntry): WirePending {
  return { id: p.id, consumer: wireBytes(p.consumer), idleMs: p.idleMs, deliveries: p.deliveries };
}

/** An optional base64 name: undefined when absent, null when present but malformed. */
function optionalName(raw: unknown): string | undefined | null {
  if (raw === undefined) return undefined;
  return isBase64(raw) ? raw : null;
}

/**
 * Checks a raw webview message's type and fields; undefined when it is not a valid
 * WebviewMessage (write payloads are checked further by `writeFrom`).
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!hasMessageType(raw, WEBVIEW_MESSAGE_TYPES)) return undefined;
  switch (raw.type) {
    case 'ready':
    case 'refresh':
    case 'refreshHeader':
    case 'loadGroups':
      return { type: raw.type };
    case 'loadOlder':
      return isEntryId(raw.before) ? { type: 'loadOlder', before: raw.before } : undefined;
    case 'loadNewer':
      return isEntryId(raw.after) ? { type: 'loadNewer', after: raw.after } : undefined;
    case 'loadEntry':
      return isEntryId(raw.id) ? { type: 'loadEntry', id: raw.id } : undefined;
    case 'jump':
      return typeof raw.target === 'string' && raw.target.length <= 200 ? { type: 'jump', target: raw.target } : undefined;
    case 'tail':
      if (typeof raw.on !== 'boolean' || (raw.after !== undefined && !isEntryId(raw.after))) return undefined;
      return raw.after === undefined ? { type: 'tail', on: raw.on } : { type: 'tail', on: raw.on, after: raw.after };
    case 'selectGroup': {
      const consumer = optionalName(raw.consumer);
      if (!isBase64(raw.group) || consumer === null) return undefined;
      return consumer === undefined ? { type: 'selectGroup', group: raw.group } : { type: 'selectGroup', group: raw.group, consumer };
    }
    case 'loadPending': {
      const consumer = optionalName(raw.consumer);
      if (!isBase64(raw.group) || consumer === null || !isEntryId(raw.after)) return undefined;
      return consumer === undefined ? { type: 'loadPending', group: raw.group, after: raw.after } : { type: 'loadPending', group: raw.group, consumer, after: raw.after };
    }
    case 'write':
      if (typeof raw.requestId !== 'number' || !Number.isInteger(raw.requestId) || typeof raw.op !== 'object' || raw.op === null) return undefined;
      return { type: 'write', requestId: raw.requestId, op: raw.op as Extract<WebviewMessage, { type: 'write' }>['op'] };
  }
}
