/** The pub/sub viewer's settings, read as plain values. */
import * as vscode from 'vscode';

export const MAX_MESSAGES_SETTING = 'redisDevkit.pubsub.maxMessages';
const DEFAULT_MAX_MESSAGES = 10_000;

/** `redisDevkit.pubsub.maxMessages`, as a whole number within the range package.json declares. */
export function maxMessages(): number {
  const value = vscode.workspace.getConfiguration('redisDevkit.pubsub').get<number>('maxMessages', DEFAULT_MAX_MESSAGES);
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_MAX_MESSAGES;
  return Math.min(1_000_000, Math.max(100, Math.floor(value)));
}
