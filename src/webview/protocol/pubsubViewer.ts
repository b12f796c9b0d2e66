/**
 * Messages between the pub/sub viewer webview and the extension host, both directions,
 * discriminated on `type`. Names from Redis travel as base64 (exact, to send back) plus display
 * text; messages as a one-line preview, the whole payload only when a row is expanded. The
 * webview sends `ready` first and gets a `state` in reply, then the kept messages. Live messages
 * come in `messages` posts (at most ~10 a second), each with what arrived since the previous one
 * and the counters. Shared by host and browser code: no Node or DOM types here.
 */

export type MessageKind = 'message' | 'pmessage' | 'smessage';
export type SubscriptionKind = 'channel' | 'pattern' | 'shard';

export const SUBSCRIPTION_KINDS: readonly SubscriptionKind[] = ['channel', 'pattern', 'shard'];

/** Exact bytes (base64) and the escaped text to show for them. */
export interface WireName {
  b64: string;
  display: string;
}

/** One received message as the live list shows it. */
export interface WireMessage {
  /** Its number since the panel opened (1, 2, ...): identity for expanding, and order. */
  seq: number;
  /** Arrival time, ms since the epoch. */
  time: number;
  kind: MessageKind;
  /** Channel name as display text (control characters and invalid bytes escaped). */
  channel: string;
  /** The pattern that matched (pmessage). */
  pattern?: string;
  /** The payload's start: UTF-8 text, or spaced hex bytes when `binary`. */
  preview: string;
  binary: boolean;
  /** Payload size in bytes. */
  size: number;
  /** `preview` is only the start of the payload. */
  truncated: boolean;
}

/** Counters, sent with every `messages` post (they keep counting while paused). */
export interface Stats {
  /** Messages received since the panel opened. */
  received: number;
  /** Messages held now (at most `maxMessages`). */
  kept: number;
  /** Messages dropped because more than `maxMessages` arrived. */
  dropped: number;
  /** Messages removed by Clear. */
  cleared: number;
  /** Messages per second, over the last few seconds. */
  ratePerSecond: number;
  maxMessages: number;
  /** Kept messages never shown because they arrived faster than the view can show (export has them). */
  skipped: number;
}

export interface WireSubscription {
  kind: SubscriptionKind;
  name: WireName;
}

/** A channel the server reports active, with its subscriber count. */
export interface ActiveChannelRow {
  name: WireName;
  subscribers: number;
  shard: boolean;
}

export interface PanelInfo {
  connectionName: string;
  topology: 'standalone' | 'cluster' | 'sentinel';
  readOnly: boolean;
  /** The publish form is offered (false on read-only connections). */
  canPublish: boolean;
  /** Shard channels (SSUBSCRIBE / SPUBLISH) are offered: cluster connections. */
  sharded: boolean;
}

/** The subscriber connection's condition, as the note above the list says it. */
export interface ConnectionNote {
  state: 'connected' | 'reconnecting' | 'resubscribed' | 'error';
  text: string;
  /** When it happened, ms since the epoch. */
  time: number;
}

/** A payload shown whole: pretty JSON, text, or a hex dump (only its start when `truncated`). */
export interface PayloadDetail {
  kind: 'text' | 'json' | 'binary';
  text: string;
  size: number;
  truncated: boolean;
}

/** Host -> webview. */
export type HostMessage =
  | { type: 'state'; info: PanelInfo; subscriptions: WireSubscription[]; stats: Stats; paused: boolean; connection: ConnectionNote }
  /**
   * New messages since the previous post (`reset`: the whole list, replacing what the webview
   * has), the counters, and `firstSeq`: the oldest message the host still keeps (older rows go).
   * While paused, `messages` is empty and only the counters move.
   */
  | { type: 'messages'; messages: WireMessage[]; firstSeq: number; reset: boolean; stats: Stats; paused: boolean }
  | { type: 'subscriptions'; subscriptions: WireSubscription[] }
  | { type: 'channels'; pattern: string; channels: ActiveChannelRow[]; truncated: boolean; patternSubscriptions: number }
  | { type: 'connection'; connection: ConnectionNote }
  | { type: 'published'; requestId: number; ok: boolean; receivers?: number; message: string }
  | { type: 'detail'; seq: number; detail?: PayloadDetail; message?: string }
  | { type: 'exported'; ok: boolean; message: string }
  | { type: 'error'; message: string }
  | { type: 'batch'; messages: HostMessage[] };

/** A name the user typed (UTF-8 text) or one that came from the server (exact bytes). */
export type NameInput = { text: string } | { b64: string };

/** Webview -> host. */
export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'subscribe'; kind: SubscriptionKind; name: NameInput }
  | { type: 'unsubscribe'; kind: SubscriptionKind; b64: string }
  | { type: 'refreshChannels'; pattern: string }
  | { type: 'publish'; requestId: number; channel: string; payload: string; payloadMode: 'text' | 'hex'; sharded: boolean }
  | { type: 'pause'; paused: boolean }
  | { type: 'clear' }
  | { type: 'export' }
  | { type: 'expand'; seq: number };

export const WEBVIEW_MESSAGE_TYPES: readonly WebviewMessage['type'][] = ['ready', 'subscribe', 'unsubscribe', 'refreshChannels', 'publish', 'pause', 'clear', 'export', 'expand'];
