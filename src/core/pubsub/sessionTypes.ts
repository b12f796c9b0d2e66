/** What a pub/sub session reports and accepts (the session itself is in subscriber.ts). */
import type { Logger } from '../log';
import type { PubSubMessage } from './message';

export type PubSubState =
  | { state: 'connected'; node: string }
  | { state: 'reconnecting'; node: string; error?: string }
  /** A connection came back and its subscriptions were made again (counts: what it now holds). */
  | { state: 'resubscribed'; node: string; channels: number; patterns: number; shardChannels: number }
  | { state: 'error'; node: string; message: string }
  | { state: 'closed' };

export interface PubSubSessionEvents {
  message: [message: PubSubMessage];
  state: [state: PubSubState];
}

export interface PubSubSessionOptions {
  /** Names the session in log lines. */
  name?: string;
  logger?: Logger;
  /** CLIENT SETNAME of the subscriber connections (default `redis-devkit-pubsub`). */
  connectionName?: string;
}

/** The subscriptions a session holds, in the order they were made. */
export interface Subscriptions {
  channels: Buffer[];
  patterns: Buffer[];
  shardChannels: Buffer[];
}
