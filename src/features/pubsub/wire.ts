/**
 * Conversions between core pub/sub values (Buffers) and the viewer protocol, and the validation
 * of every message the webview sends: anything malformed is rejected here, before it reaches Redis.
 */
import { displayName, previewPayload } from '../../core/pubsub/format';
import { PubSubMessage } from '../../core/pubsub/message';
import { hasMessageType } from '../../host/webview';
import { NameInput, SUBSCRIPTION_KINDS, SubscriptionKind, WEBVIEW_MESSAGE_TYPES, WebviewMessage, WireMessage, WireName } from '../../webview/protocol/pubsubViewer';

/** Longest channel name, pattern or payload accepted from the webview (characters). */
export const MAX_INPUT = 512 * 1024;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function wireName(name: Buffer): WireName {
  return { b64: name.toString('base64'), display: displayName(name) };
}

export function wireMessage(seq: number, m: PubSubMessage): WireMessage {
  const preview = previewPayload(m.payload);
  const out: WireMessage = {
    seq, time: m.time, kind: m.kind, channel: displayName(m.channel), preview: preview.text,
    binary: preview.binary, size: m.payload.length, truncated: preview.truncated,
  };
  if (m.pattern) out.pattern = displayName(m.pattern);
  return out;
}

/** The bytes of a NameInput; undefined when it is malformed or empty. */
export function nameBytes(input: NameInput): Buffer | undefined {
  const bytes = 'b64' in input ? Buffer.from(input.b64, 'base64') : Buffer.from(input.text, 'utf8');
  return bytes.length ? bytes : undefined;
}

function isKind(v: unknown): v is SubscriptionKind {
  return typeof v === 'string' && (SUBSCRIPTION_KINDS as readonly string[]).includes(v);
}

function isBase64(v: unknown): v is string {
  return typeof v === 'string' && v.length <= MAX_INPUT * 2 && BASE64.test(v);
}

function isText(v: unknown): v is string {
  return typeof v === 'string' && v.length <= MAX_INPUT;
}

function nameInput(raw: unknown): NameInput | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const o = raw as Record<string, unknown>;
  if (isBase64(o.b64) && o.b64.length > 0) return { b64: o.b64 };
  if (isText(o.text) && o.text.length > 0) return { text: o.text };
  return undefined;
}

/** A WebviewMessage when `raw` is a well-formed one, else undefined. */
export function parseWebviewMessage(raw: unknown): WebviewMessage | undefined {
  if (!hasMessageType(raw, WEBVIEW_MESSAGE_TYPES)) return undefined;
  switch (raw.type) {
    case 'ready':
    case 'clear':
    case 'export':
      return { type: raw.type };
    case 'subscribe': {
      const name = nameInput(raw.name);
      return isKind(raw.kind) && name ? { type: 'subscribe', kind: raw.kind, name } : undefined;
    }
    case 'unsubscribe':
      return isKind(raw.kind) && isBase64(raw.b64) && raw.b64.length > 0 ? { type: 'unsubscribe', kind: raw.kind, b64: raw.b64 } : undefined;
    case 'refreshChannels':
      return isText(raw.pattern) ? { type: 'refreshChannels', pattern: raw.pattern } : undefined;
    case 'publish':
      if (typeof raw.requestId !== 'number' || !Number.isInteger(raw.requestId)) return undefined;
      if (!isText(raw.channel) || raw.channel.length === 0 || !isText(raw.payload)) return undefined;
      if (raw.payloadMode !== 'text' && raw.payloadMode !== 'hex') return undefined;
      if (typeof raw.sharded !== 'boolean') return undefined;
      return { type: 'publish', requestId: raw.requestId, channel: raw.channel, payload: raw.payload, payloadMode: raw.payloadMode, sharded: raw.sharded };
    case 'pause':
      return typeof raw.paused === 'boolean' ? { type: 'pause', paused: raw.paused } : undefined;
    case 'expand':
      return typeof raw.seq === 'number' && Number.isInteger(raw.seq) && raw.seq > 0 ? { type: 'expand', seq: raw.seq } : undefined;
  }
}
