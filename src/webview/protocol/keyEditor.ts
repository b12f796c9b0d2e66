/**
 * Messages between the key editor webview and the extension host, both directions, discriminated
 * on `type`. Bytes from Redis travel as base64 (exact) plus a display string; values as formatted
 * text with a digest, so checked writes can name the value they replace without shipping it back.
 * The webview sends `ready` first and gets a `state` in reply. Shared by host and browser code:
 * no Node or DOM types here.
 */

/** Exact bytes (base64) and the escaped text to show for them. */
export interface WireBytes {
  b64: string;
  display: string;
}

export type ValueKind = 'text' | 'json' | 'binary';
export type EditMode = 'text' | 'json' | 'hex';

/** A value as the editor shows it. */
export interface WireValue {
  kind: ValueKind;
  /** UTF-8 text, pretty JSON or a hex dump; only the first bytes when `truncated`. */
  text: string;
  /** Size of the whole value in bytes. */
  size: number;
  truncated: boolean;
  /** JSON stored compact: a save compacts the edited text again. */
  compactJson?: boolean;
  /** SHA-1 (hex) of the whole value, for writes that must check it is unchanged. */
  digest: string;
}

export type ValueType = 'string' | 'hash' | 'list' | 'set' | 'zset' | 'stream' | 'hyperloglog' | 'json' | 'none' | 'other';

export interface KeyHeader {
  key: WireBytes;
  type: ValueType;
  /** What TYPE said (e.g. ReJSON-RL, or a module's type). */
  rawType: string;
  /** -1: no expiry; -2: the key does not exist. */
  ttlMs: number;
  length?: number;
  encoding?: string;
  memoryBytes?: number;
  connectionName: string;
  db: number;
  /** The connection refuses writes: the editor shows no write controls. */
  readOnly: boolean;
}

export type Row =
  | { kind: 'hash'; field: WireBytes; value: WireValue }
  | { kind: 'list'; index: number; value: WireValue }
  | { kind: 'set'; member: WireBytes }
  | { kind: 'zset'; member: WireBytes; score: string }
  | { kind: 'stream'; id: string; fields: { field: WireBytes; value: WireValue }[] };

/** What sits under the header: one value, a paged table, or a note. */
export type Body =
  | { kind: 'string'; value: WireValue }
  | { kind: 'hyperloglog'; count: number }
  | { kind: 'json'; value: WireValue }
  | { kind: 'table'; rowKind: Row['kind']; rows: Row[]; more: boolean; scoreRange?: { min: string; max: string } }
  | { kind: 'missing' }
  | { kind: 'unsupported' };

/** Bytes the user gives: existing bytes by base64, or typed text read back in `mode`. */
export type BytesInput = { b64: string } | { text: string; mode: EditMode; compactJson?: boolean };

/** A write as the webview asks for it; the host adds the key, describes it and confirms it. */
export type WireWriteOp =
  | { kind: 'string.set'; value: BytesInput }
  | { kind: 'hash.set'; field: BytesInput; value: BytesInput }
  | { kind: 'hash.add'; field: BytesInput; value: BytesInput }
  | { kind: 'hash.delete'; field: BytesInput }
  | { kind: 'list.set'; index: number; value: BytesInput; expectedDigest?: string }
  | { kind: 'list.push'; end: 'head' | 'tail'; value: BytesInput }
  | { kind: 'list.remove'; index: number; expectedDigest?: string }
  | { kind: 'set.add'; member: BytesInput }
  | { kind: 'set.remove'; member: BytesInput }
  | { kind: 'zset.add'; member: BytesInput; score: string }
  | { kind: 'zset.remove'; member: BytesInput };

/** A value too large to ship in a row, asked for whole before editing. */
export type ValueTarget = { kind: 'hash'; field: string } | { kind: 'list'; index: number };

/** Host -> webview. */
export type HostMessage =
  | { type: 'state'; header: KeyHeader; body: Body }
  | { type: 'rows'; rows: Row[]; more: boolean }
  | { type: 'value'; target: ValueTarget; value: WireValue }
  | { type: 'writeDone'; requestId: number; ok: boolean; message: string }
  /** After a write: the new header, and the row to replace or add (`upsert`) or drop (`remove`, a rowIdentity). */
  | { type: 'patch'; header: KeyHeader; upsert?: Row; remove?: string }
  | { type: 'busy'; busy: boolean }
  | { type: 'error'; message: string }
  | { type: 'batch'; messages: HostMessage[] };

/** Webview -> host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'refresh' }
  | { type: 'loadMore' }
  | { type: 'loadAll' }
  | { type: 'scoreRange'; range?: { min: string; max: string } }
  | { type: 'loadValue'; target: ValueTarget }
  | { type: 'write'; requestId: number; op: WireWriteOp };

export const WEBVIEW_MESSAGE_TYPES: readonly WebviewMessage['type'][] = ['ready', 'refresh', 'loadMore', 'loadAll', 'scoreRange', 'loadValue', 'write'];

/** A row's identity within its table: the field or member bytes, the list index, the stream id. */
export function rowIdentity(row: Row): string {
  switch (row.kind) {
    case 'hash':
      return row.field.b64;
    case 'set':
    case 'zset':
      return row.member.b64;
    case 'list':
      return `#${row.index}`;
    case 'stream':
      return row.id;
  }
}
