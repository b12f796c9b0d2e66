/**
 * How pub/sub messages are shown and exported: a short preview for the live list (text, or hex
 * for binary), the whole payload formatted on demand (pretty JSON, text, or a hex dump), and the
 * NDJSON export line.
 */
import { isUtf8 } from 'node:buffer';
import { displayKey } from '../keyspace/keyName';
import { FormattedValue, formatValue, isText } from '../values/format';
import { PubSubMessage } from './message';

/** Payload bytes previewed in the live list (and searched by its filter). */
export const PREVIEW_BYTES = 2048;
/** Bytes of a binary payload previewed as hex. */
export const PREVIEW_HEX_BYTES = 64;
/** Largest part of a payload formatted when a row is expanded. */
export const DETAIL_BYTES = 256 * 1024;

export interface PayloadPreview {
  /** The payload's start as text, or as spaced hex bytes when it is binary. */
  text: string;
  binary: boolean;
  /** The preview covers only the start of the payload. */
  truncated: boolean;
}

/** The start of `payload` for one line of the live list. */
export function previewPayload(payload: Buffer, maxBytes = PREVIEW_BYTES): PayloadPreview {
  const head = payload.length > maxBytes ? charBoundary(payload.subarray(0, maxBytes)) : payload;
  if (isText(head)) return { text: head.toString('utf8'), binary: false, truncated: head.length < payload.length };
  const bytes = payload.subarray(0, PREVIEW_HEX_BYTES);
  return { text: spacedHex(bytes), binary: true, truncated: bytes.length < payload.length };
}

/** The whole payload (up to `maxBytes`) for an expanded row: pretty JSON, text, or a hex dump. */
export function payloadDetail(payload: Buffer, maxBytes = DETAIL_BYTES): FormattedValue {
  return formatValue(payload, maxBytes);
}

/** A channel or pattern name as text: UTF-8 with control characters and invalid bytes escaped. */
export function displayName(name: Buffer): string {
  return displayKey(name);
}

function spacedHex(bytes: Buffer): string {
  return bytes.toString('hex').replace(/(..)(?!$)/g, '$1 ');
}

/** A prefix cut back to end on a UTF-8 character boundary (drops at most 3 bytes). */
function charBoundary(bytes: Buffer): Buffer {
  for (let cut = 0; cut <= 3 && cut < bytes.length; cut++) {
    const candidate = bytes.subarray(0, bytes.length - cut);
    if (isUtf8(candidate)) return candidate;
  }
  return bytes;
}

/** One NDJSON export record: names and payload as UTF-8 text when valid, else as hex (`...Hex`). */
export interface NdjsonRecord {
  time: string;
  kind: PubSubMessage['kind'];
  channel?: string;
  channelHex?: string;
  pattern?: string;
  patternHex?: string;
  payload?: string;
  payloadHex?: string;
}

/** The export record of one message. Every byte survives: what is not valid UTF-8 goes as hex. */
export function ndjsonRecord(message: PubSubMessage): NdjsonRecord {
  const record: NdjsonRecord = { time: new Date(message.time).toISOString(), kind: message.kind };
  if (isUtf8(message.channel)) record.channel = message.channel.toString('utf8');
  else record.channelHex = message.channel.toString('hex');
  if (message.pattern) {
    if (isUtf8(message.pattern)) record.pattern = message.pattern.toString('utf8');
    else record.patternHex = message.pattern.toString('hex');
  }
  if (isUtf8(message.payload)) record.payload = message.payload.toString('utf8');
  else record.payloadHex = message.payload.toString('hex');
  return record;
}

/** One line of NDJSON (no trailing newline). */
export function ndjsonLine(message: PubSubMessage): string {
  return JSON.stringify(ndjsonRecord(message));
}

/** Messages as NDJSON text, one per line, each line ending in a newline. */
export function toNdjson(messages: Iterable<PubSubMessage>): string {
  const lines: string[] = [];
  for (const m of messages) lines.push(ndjsonLine(m));
  return lines.length ? `${lines.join('\n')}\n` : '';
}
