/** A pub/sub message as the subscriber session delivers it: exact bytes, arrival time. */

export type MessageKind = 'message' | 'pmessage' | 'smessage';

export interface PubSubMessage {
  /** Arrival time, ms since the epoch. */
  time: number;
  /** `message` (SUBSCRIBE), `pmessage` (PSUBSCRIBE, with the matching pattern) or `smessage` (SSUBSCRIBE). */
  kind: MessageKind;
  channel: Buffer;
  /** The subscribed pattern that matched (pmessage only). */
  pattern?: Buffer;
  payload: Buffer;
}

/** What a subscription is to: a channel (SUBSCRIBE), a pattern (PSUBSCRIBE) or a shard channel (SSUBSCRIBE). */
export type SubscriptionKind = 'channel' | 'pattern' | 'shard';

export const SUBSCRIPTION_KINDS: readonly SubscriptionKind[] = ['channel', 'pattern', 'shard'];
