/**
 * Messages between the stream viewer webview and the extension host, both directions,
 * discriminated on `type`. Bytes from Redis (key, field names, group and consumer names) travel
 * as base64 plus a display string, values as formatted text (see the key editor protocol). The
 * webview sends `ready` first and gets a `state` in reply. Entries are always listed newest first.
 * Shared by host and browser code: no Node or DOM types here.
 */
import type { BytesInput, WireBytes, WireValue } from './keyEditor';

export type { BytesInput, WireBytes, WireValue };

/** XINFO STREAM, as the header shows it. */
export interface WireStreamInfo {
  length: number;
  firstId?: string;
  lastId?: string;
  lastGeneratedId: string;
  groups: number;
  radixTreeKeys: number;
  radixTreeNodes: number;
  maxDeletedEntryId?: string;
  entriesAdded?: number;
  recordedFirstEntryId?: string;
}

export interface StreamHeader {
  key: WireBytes;
  connectionName: string;
  db: number;
  /** The connection refuses writes: the viewer shows no write controls. */
  readOnly: boolean;
  /** Undefined when the key no longer exists. */
  info?: WireStreamInfo;
  /** Entries per page (the `redisDevkit.streams.pageSize` setting). */
  pageSize: number;
}

export interface WireEntry {
  id: string;
  fields: { field: WireBytes; value: WireValue }[];
}

export interface WireGroup {
  name: WireBytes;
  consumers: number;
  pending: number;
  lastDeliveredId: string;
  entriesRead: number | null;
  lag: number | null;
}

export interface WireConsumer {
  name: WireBytes;
  pending: number;
  idleMs: number;
  inactiveMs: number | null;
}

export interface WirePending {
  id: string;
  consumer: WireBytes;
  idleMs: number;
  deliveries: number;
}

/**
 * A write as the webview asks for it. The host validates it, states the exact command in a modal
 * confirmation and only then sends it. Existing names travel as base64 (`b64` strings); typed
 * names as BytesInput.
 */
export type StreamWriteOp =
  | { kind: 'add'; id: string; fields: { field: BytesInput; value: BytesInput }[]; maxLen?: { count: number; approximate: boolean } }
  | { kind: 'delete'; ids: string[] }
  | { kind: 'trim'; by: 'maxlen' | 'minid'; threshold: string; approximate: boolean }
  | { kind: 'createGroup'; group: BytesInput; start: string; mkstream: boolean }
  | { kind: 'setGroupId'; group: string; id: string }
  | { kind: 'deleteGroup'; group: string }
  | { kind: 'deleteConsumer'; group: string; consumer: string }
  | { kind: 'ack'; group: string; ids: string[] }
  | { kind: 'claim'; group: string; consumer: BytesInput; minIdleMs: number; ids: string[] }
  | { kind: 'autoClaim'; group: string; consumer: BytesInput; minIdleMs: number; start: string; count: number };

export const STREAM_WRITE_KINDS: readonly StreamWriteOp['kind'][] = ['add', 'delete', 'trim', 'createGroup', 'setGroupId', 'deleteGroup', 'deleteConsumer', 'ack', 'claim', 'autoClaim'];

/**
 * How a list of entries lands in the table: `replace` starts over (open, refresh, jump),
 * `older` appends below, `newer` and `tail` add on top.
 */
export type EntriesMode = 'replace' | 'older' | 'newer' | 'tail';

/** Host -> webview. */
export type HostMessage =
  | { type: 'state'; header: StreamHeader; tailing: boolean }
  | { type: 'header'; header: StreamHeader }
  /**
   * Entries newest first. `moreOlder`/`moreNewer` say whether the table can grow further that way
   * (absent: unchanged); `focusId` is the entry a jump landed on.
   */
  | { type: 'entries'; mode: EntriesMode; entries: WireEntry[]; moreOlder?: boolean; moreNewer?: boolean; focusId?: string }
  /** A whole entry (its values untruncated), asked for by `loadEntry`; undefined entry: it is gone. */
  | { type: 'entry'; id: string; entry?: WireEntry }
  | { type: 'tail'; on: boolean; error?: string }
  /** Entries deleted (XDEL): drop these rows. */
  | { type: 'removed'; ids: string[] }
  | { type: 'groups'; groups: WireGroup[] }
  | { type: 'consumers'; group: string; consumers: WireConsumer[] }
  /** Pending entries of `group` (b64), optionally of one consumer; `append` adds to the page shown. */
  | { type: 'pending'; group: string; consumer?: string; entries: WirePending[]; more: boolean; append: boolean }
  | { type: 'writeDone'; requestId: number; ok: boolean; message: string }
  | { type: 'busy'; busy: boolean }
  | { type: 'error'; message: string }
  | { type: 'batch'; messages: HostMessage[] };

/** Webview -> host. */
export type WebviewMessage =
  | { type: 'ready' }
  /** Re-read the header and the newest page. */
  | { type: 'refresh' }
  /** Re-read the header only. */
  | { type: 'refreshHeader' }
  /** The page older than `before` (the oldest entry shown). */
  | { type: 'loadOlder'; before: string }
  /** The page newer than `after` (the newest entry shown). */
  | { type: 'loadNewer'; after: string }
  /** An ID, milliseconds, or a date-time: show the entries around it. */
  | { type: 'jump'; target: string }
  | { type: 'loadEntry'; id: string }
  /**
   * Start or stop the live tail. `after`: the newest entry shown when the table is at the top, so
   * nothing added since it was read is missed (absent: from now on).
   */
  | { type: 'tail'; on: boolean; after?: string }
  | { type: 'loadGroups' }
  /** Consumers and the first page of pending entries of `group` (b64). */
  | { type: 'selectGroup'; group: string; consumer?: string }
  | { type: 'loadPending'; group: string; consumer?: string; after: string }
  | { type: 'write'; requestId: number; op: StreamWriteOp };

export const WEBVIEW_MESSAGE_TYPES: readonly WebviewMessage['type'][] = [
  'ready', 'refresh', 'refreshHeader', 'loadOlder', 'loadNewer', 'jump', 'loadEntry', 'tail', 'loadGroups', 'selectGroup', 'loadPending', 'write',
];
