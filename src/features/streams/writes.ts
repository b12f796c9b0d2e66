/**
 * The stream viewer's writes: each webview request is validated into a `StreamWrite` (Buffers,
 * checked ids and numbers), stated as the exact command it sends (for the modal confirmation),
 * and applied through core/streams. Nothing here asks the user; the panel does.
 */
import { displayKey } from '../../core/keyspace/keyName';
import { ValueInputError } from '../../core/values/errors';
import { quoteValue } from '../../core/values/describe';
import { STREAM_WRITE_KINDS, StreamWriteOp } from '../../webview/protocol/streamViewer';
import { bytesFrom } from '../keyEditor/wire';
import { isBase64, isEntryId } from './wire';

export type TrimSpec = { maxLen: number } | { minId: string };

export type StreamWrite =
  | { kind: 'add'; id: string; fields: [Buffer, Buffer][]; maxLen?: { count: number; approximate: boolean } }
  | { kind: 'delete'; ids: string[] }
  | { kind: 'trim'; by: TrimSpec; approximate: boolean }
  | { kind: 'createGroup'; group: Buffer; start: string; mkstream: boolean }
  | { kind: 'setGroupId'; group: Buffer; id: string }
  | { kind: 'deleteGroup'; group: Buffer }
  | { kind: 'deleteConsumer'; group: Buffer; consumer: Buffer }
  | { kind: 'ack'; group: Buffer; ids: string[] }
  | { kind: 'claim'; group: Buffer; consumer: Buffer; minIdleMs: number; ids: string[] }
  | { kind: 'autoClaim'; group: Buffer; consumer: Buffer; minIdleMs: number; start: string; count: number };

/** Most ids one write may name (XDEL, XACK, XCLAIM): a selection, not a bulk job. */
const MAX_IDS = 10_000;
const MAX_FIELDS = 1_000;
/** Group positions: `$` (the end), `0` (the start) or an entry id. */
const GROUP_POSITION = (v: unknown): v is string => v === '$' || isEntryId(v);
/** XADD ids: `*`, `<ms>-*` (Redis 7) or a complete id. */
const ADD_ID = /^(\*|\d{1,20}-\*|\d{1,20}(-\d{1,20})?)$/;

/** The button that confirms each kind of write. */
export const CONFIRM_LABEL: Record<StreamWrite['kind'], string> = {
  add: 'Add', delete: 'Delete', trim: 'Trim', createGroup: 'Create', setGroupId: 'Set ID', deleteGroup: 'Delete Group',
  deleteConsumer: 'Delete Consumer', ack: 'Acknowledge', claim: 'Claim', autoClaim: 'Claim',
};

function name(raw: unknown, what: string): Buffer {
  if (!isBase64(raw)) throw new ValueInputError(`${what} is malformed`);
  return Buffer.from(raw, 'base64');
}

function ids(raw: unknown, what: string): string[] {
  if (!Array.isArray(raw) || raw.length === 0) throw new ValueInputError(`select at least one ${what}`);
  if (raw.length > MAX_IDS) throw new ValueInputError(`at most ${MAX_IDS.toLocaleString('en-US')} ${what}s at a time`);
  const bad = raw.find((id) => !isEntryId(id));
  if (bad !== undefined) throw new ValueInputError(`'${String(bad)}' is not a stream entry ID`);
  return [...new Set(raw as string[])];
}

function wholeNumber(raw: unknown, what: string, min = 0): number {
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min) throw new ValueInputError(`${what} must be a whole number${min > 0 ? ` of at least ${min}` : ' (0 or more)'}`);
  return n;
}

function nonEmpty(buf: Buffer, what: string): Buffer {
  if (buf.length === 0) throw new ValueInputError(`${what} is empty`);
  return buf;
}

/** The write a webview asks for, checked; throws ValueInputError naming what is wrong. */
export function writeFrom(raw: unknown): StreamWrite {
  if (typeof raw !== 'object' || raw === null) throw new ValueInputError('the write is missing');
  const op = raw as Record<string, unknown> & { kind: StreamWriteOp['kind'] };
  if (!STREAM_WRITE_KINDS.includes(op.kind)) throw new ValueInputError(`unknown write '${String(op.kind)}'`);
  switch (op.kind) {
    case 'add': {
      const id = typeof op.id === 'string' ? op.id.trim() : '';
      if (!ADD_ID.test(id)) throw new ValueInputError(`'${id}' is not an entry ID for XADD: use *, <ms>-* or <ms>-<seq>`);
      if (!Array.isArray(op.fields) || op.fields.length === 0) throw new ValueInputError('an entry needs at least one field');
      if (op.fields.length > MAX_FIELDS) throw new ValueInputError(`at most ${MAX_FIELDS} fields`);
      const fields = op.fields.map((f: unknown, i: number): [Buffer, Buffer] => {
        const pair = (typeof f === 'object' && f !== null ? f : {}) as { field?: unknown; value?: unknown };
        return [nonEmpty(bytesFrom(pair.field, `field ${i + 1}`), `the name of field ${i + 1}`), bytesFrom(pair.value, `the value of field ${i + 1}`)];
      });
      const out: StreamWrite = { kind: 'add', id, fields };
      if (op.maxLen !== undefined) {
        const m = op.maxLen as { count?: unknown; approximate?: unknown } | null;
        if (typeof m !== 'object' || m === null) throw new ValueInputError('MAXLEN is malformed');
        out.maxLen = { count: wholeNumber(m.count, 'MAXLEN'), approximate: m.approximate === true };
      }
      return out;
    }
    case 'delete':
      return { kind: 'delete', ids: ids(op.ids, 'entry') };
    case 'trim': {
      const threshold = typeof op.threshold === 'string' ? op.threshold.trim() : '';
      const approximate = op.approximate === true;
      if (op.by === 'maxlen') return { kind: 'trim', by: { maxLen: wholeNumber(threshold, 'MAXLEN') }, approximate };
      if (op.by === 'minid') {
        if (!isEntryId(threshold)) throw new ValueInputError(`'${threshold}' is not a stream entry ID for MINID`);
        return { kind: 'trim', by: { minId: threshold }, approximate };
      }
      throw new ValueInputError('trim by MAXLEN or MINID?');
    }
    case 'createGroup': {
      const start = typeof op.start === 'string' ? op.start.trim() : '';
      if (!GROUP_POSITION(start)) throw new ValueInputError(`'${start}' is not a start position: use $, 0 or an entry ID`);
      return { kind: 'createGroup', group: nonEmpty(bytesFrom(op.group, 'the group name'), 'the group name'), start, mkstream: op.mkstream === true };
    }
    case 'setGroupId': {
      const id = typeof op.id === 'string' ? op.id.trim() : '';
      if (!GROUP_POSITION(id)) throw new ValueInputError(`'${id}' is not a position: use $, 0 or an entry ID`);
      return { kind: 'setGroupId', group: name(op.group, 'the group'), id };
    }
    case 'deleteGroup':
      return { kind: 'deleteGroup', group: name(op.group, 'the group') };
    case 'deleteConsumer':
      return { kind: 'deleteConsumer', group: name(op.group, 'the group'), consumer: name(op.consumer, 'the consumer') };
    case 'ack':
      return { kind: 'ack', group: name(op.group, 'the group'), ids: ids(op.ids, 'pending entry') };
    case 'claim':
      return {
        kind: 'claim', group: name(op.group, 'the group'), consumer: nonEmpty(bytesFrom(op.consumer, 'the consumer'), 'the consumer name'),
        minIdleMs: wholeNumber(op.minIdleMs, 'the minimum idle time'), ids: ids(op.ids, 'pending entry'),
      };
    case 'autoClaim': {
      const start = typeof op.start === 'string' && op.start.trim() !== '' ? op.start.trim() : '0-0';
      if (!isEntryId(start)) throw new ValueInputError(`'${start}' is not a stream entry ID to start from`);
      return {
        kind: 'autoClaim', group: name(op.group, 'the group'), consumer: nonEmpty(bytesFrom(op.consumer, 'the consumer'), 'the consumer name'),
        minIdleMs: wholeNumber(op.minIdleMs, 'the minimum idle time'), start, count: wholeNumber(op.count, 'COUNT', 1),
      };
    }
  }
}

/** Ids for a description: all of a short list, else the first few and how many in all. */
function idList(list: string[]): string {
  if (list.length <= 8) return list.join(' ');
  return `${list.slice(0, 6).join(' ')} … (${list.length.toLocaleString('en-US')} IDs)`;
}

/** One line: the exact command the write sends, names escaped as key names are. */
export function describeStreamWrite(key: Buffer, w: StreamWrite): string {
  const k = displayKey(key);
  switch (w.kind) {
    case 'add': {
      const trim = w.maxLen ? ` MAXLEN ${w.maxLen.approximate ? '~' : '='} ${w.maxLen.count}` : '';
      const fields = w.fields.slice(0, 10).map(([f, v]) => `${displayKey(f)} ${quoteValue(v)}`).join(' ');
      return `XADD ${k}${trim} ${w.id} ${fields}${w.fields.length > 10 ? ` … (${w.fields.length} fields)` : ''}`;
    }
    case 'delete':
      return `XDEL ${k} ${idList(w.ids)}`;
    case 'trim':
      return `XTRIM ${k} ${'maxLen' in w.by ? 'MAXLEN' : 'MINID'} ${w.approximate ? '~' : '='} ${'maxLen' in w.by ? w.by.maxLen : w.by.minId}`;
    case 'createGroup':
      return `XGROUP CREATE ${k} ${displayKey(w.group)} ${w.start}${w.mkstream ? ' MKSTREAM' : ''}`;
    case 'setGroupId':
      return `XGROUP SETID ${k} ${displayKey(w.group)} ${w.id}`;
    case 'deleteGroup':
      return `XGROUP DESTROY ${k} ${displayKey(w.group)}`;
    case 'deleteConsumer':
      return `XGROUP DELCONSUMER ${k} ${displayKey(w.group)} ${displayKey(w.consumer)}`;
    case 'ack':
      return `XACK ${k} ${displayKey(w.group)} ${idList(w.ids)}`;
    case 'claim':
      return `XCLAIM ${k} ${displayKey(w.group)} ${displayKey(w.consumer)} ${w.minIdleMs} ${idList(w.ids)} JUSTID`;
    case 'autoClaim':
      return `XAUTOCLAIM ${k} ${displayKey(w.group)} ${displayKey(w.consumer)} ${w.minIdleMs} ${w.start} COUNT ${w.count} JUSTID`;
  }
}
