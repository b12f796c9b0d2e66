/**
 * Conversions between core values (Buffers) and the key editor protocol (base64 + display text),
 * and the validation of every message the webview sends: anything malformed is rejected here,
 * before it can reach Redis.
 */
import { displayKey } from '../../core/keyspace/keyName';
import { ValueInputError } from '../../core/values/errors';
import { formatValue, parseEdited, valueDigest } from '../../core/values/format';
import { WRITE_KINDS, WriteOp } from '../../core/values/writes';
import { checkScore } from '../../core/values/zset';
import { hasMessageType } from '../../host/webview';
import { EditMode, WEBVIEW_MESSAGE_TYPES, WebviewMessage, WireBytes, WireValue, WireWriteOp } from '../../webview/protocol/keyEditor';

/** Largest part of a value shipped inside a table row; bigger values are fetched whole to edit. */
export const CELL_BYTES = 16 * 1024;

export function wireBytes(buf: Buffer): WireBytes {
  return { b64: buf.toString('base64'), display: displayKey(buf) };
}

/** A value for the webview: formatted (the first `maxBytes` only), sized, with its digest. */
export function wireValue(value: Buffer, maxBytes = CELL_BYTES, totalSize = value.length, digestOf: Buffer = value): WireValue {
  const f = formatValue(value, maxBytes, totalSize);
  const out: WireValue = { kind: f.kind, text: f.text, size: f.size, truncated: f.truncated, digest: valueDigest(digestOf) };
  if (f.compactJson !== undefined) out.compactJson = f.compactJson;
  return out;
}

const EDIT_MODES: readonly EditMode[] = ['text', 'json', 'hex'];
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Bytes from a BytesInput; throws ValueInputError for anything malformed. */
export function bytesFrom(input: unknown, what: string): Buffer {
  if (typeof input !== 'object' || input === null) throw new ValueInputError(`${what} is missing`);
  const o = input as Record<string, unknown>;
  if (typeof o.b64 === 'string') {
    if (!BASE64.test(o.b64)) throw new ValueInputError(`${what} is not base64`);
    return Buffer.from(o.b64, 'base64');
  }
  if (typeof o.text === 'string' && EDIT_MODES.includes(o.mode as EditMode)) {
    try {
      return parseEdited(o.text, o.mode as EditMode, o.compactJson === true);
    } catch (e) {
      throw new ValueInputError(`${what}: ${(e as Error).message}`);
    }
  }
  throw new ValueInputError(`${what} is neither bytes nor edited text`);
}

function index(raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw)) throw new ValueInputError(`list index ${String(raw)} is not a whole number`);
  return raw;
}

function digest(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || !/^[0-9a-f]{40}$/.test(raw)) throw new ValueInputError('the expected-value digest is malformed');
  return raw;
}

/** The core write for a webview's request on `key`; throws ValueInputError when it is malformed. */
export function writeOpFrom(raw: unknown, key: Buffer): WriteOp {
  if (typeof raw !== 'object' || raw === null) throw new ValueInputError('the write is missing');
  const op = raw as Record<string, unknown> & { kind: WireWriteOp['kind'] };
  if (!WRITE_KINDS.includes(op.kind)) throw new ValueInputError(`unknown write '${String(op.kind)}'`);
  switch (op.kind) {
    case 'string.set':
      return { kind: op.kind, key, value: bytesFrom(op.value, 'the value') };
    case 'hash.set':
    case 'hash.add':
      return { kind: op.kind, key, field: bytesFrom(op.field, 'the field'), value: bytesFrom(op.value, 'the value') };
    case 'hash.delete':
      return { kind: op.kind, key, field: bytesFrom(op.field, 'the field') };
    case 'list.set':
      return { kind: op.kind, key, index: index(op.index), value: bytesFrom(op.value, 'the value'), expectedDigest: digest(op.expectedDigest) };
    case 'list.push':
      if (op.end !== 'head' && op.end !== 'tail') throw new ValueInputError('push where? (head or tail)');
      return { kind: op.kind, key, end: op.end, value: bytesFrom(op.value, 'the value') };
    case 'list.remove':
      return { kind: op.kind, key, index: index(op.index), expectedDigest: digest(op.expectedDigest) };
    case 'set.add':
    case 'set.remove':
    case 'zset.remove':
      return { kind: op.kind, key, member: bytesFrom(op.member, 'the member') };
    case 'zset.add':
      if (typeof op.score !== 'string') throw new ValueInputError('the score is missing');
      return { kind: op.kind, key, member: bytesFrom(op.member, 'the member'), score: checkScore(op.score) };
  }
}

/**
 * Checks a raw webview message's type and fields; undefined when it is not a valid
 * WebviewMessage (write payloads are checked further by `writeOpFrom`).
 */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!hasMessageType(raw, WEBVIEW_MESSAGE_TYPES)) return undefined;
  switch (raw.type) {
    case 'ready':
    case 'refresh':
    case 'loadMore':
    case 'loadAll':
      return { type: raw.type };
    case 'scoreRange': {
      const range = raw.range as { min?: unknown; max?: unknown } | undefined;
      if (range === undefined) return { type: 'scoreRange' };
      if (typeof range !== 'object' || range === null || typeof range.min !== 'string' || typeof range.max !== 'string') return undefined;
      return { type: 'scoreRange', range: { min: range.min, max: range.max } };
    }
    case 'loadValue': {
      const t = raw.target as Record<string, unknown> | undefined;
      if (t?.kind === 'hash' && typeof t.field === 'string' && BASE64.test(t.field)) return { type: 'loadValue', target: { kind: 'hash', field: t.field } };
      if (t?.kind === 'list' && typeof t.index === 'number' && Number.isInteger(t.index)) return { type: 'loadValue', target: { kind: 'list', index: t.index } };
      return undefined;
    }
    case 'write':
      if (typeof raw.requestId !== 'number' || typeof raw.op !== 'object' || raw.op === null) return undefined;
      return { type: 'write', requestId: raw.requestId, op: raw.op as WireWriteOp };
  }
}
