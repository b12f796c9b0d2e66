/**
 * Typed errors for stream commands. Redis answers stream mistakes with terse replies ("ERR no such
 * key", "NOGROUP ...", "BUSYGROUP ..."); these turn them into a kind the viewer can act on and a
 * message that names the stream and group. Anything else (a ReadOnlyError, a connection error)
 * passes through unchanged.
 */
import { displayKey } from '../keyspace/keyName';

export type StreamErrorKind =
  /** A malformed entry id (from the user or the caller). */
  | 'bad-id'
  /** The stream key does not exist. */
  | 'no-key'
  /** The key holds another type. */
  | 'wrong-type'
  /** The consumer group does not exist. */
  | 'no-group'
  /** XGROUP CREATE of a group that already exists. */
  | 'group-exists'
  /** XADD with an id not greater than the stream's last id (or 0-0). */
  | 'id-too-small'
  /** XADD without fields. */
  | 'no-fields';

export class StreamError extends Error {
  constructor(
    readonly kind: StreamErrorKind,
    message: string,
    /** Redis's own reply, when the error came from the server. */
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'StreamError';
  }
}

/** The error Redis (or the caller) raised, as a StreamError when it is one Redis gives for streams. */
export function toStreamError(err: unknown, key: Buffer, group?: Buffer): unknown {
  if (!(err instanceof Error) || err instanceof StreamError) return err;
  const reply = err.message;
  const stream = `stream '${displayKey(key)}'`;
  const groupName = group ? `'${displayKey(group)}'` : 'the group';
  if (/^WRONGTYPE/.test(reply)) return new StreamError('wrong-type', `'${displayKey(key)}' is not a stream`, reply);
  if (/^ERR no such key/i.test(reply)) return new StreamError('no-key', `The ${stream} does not exist`, reply);
  if (/requires the key to exist/i.test(reply)) {
    return new StreamError('no-key', `The ${stream} does not exist (create the group with MKSTREAM to make it)`, reply);
  }
  if (/^NOGROUP/.test(reply)) return new StreamError('no-group', `No consumer group ${groupName} on the ${stream}`, reply);
  if (/^BUSYGROUP/.test(reply)) return new StreamError('group-exists', `Consumer group ${groupName} already exists on the ${stream}`, reply);
  if (/equal or smaller than the target stream top item|must be greater than 0-0/i.test(reply)) {
    return new StreamError('id-too-small', reply.replace(/^ERR\s+/, ''), reply);
  }
  if (/Invalid stream ID/i.test(reply)) return new StreamError('bad-id', reply.replace(/^ERR\s+/, ''), reply);
  return err;
}

/** Awaits `work`, rethrowing a stream reply error as a StreamError (see `toStreamError`). */
export async function streamCall<T>(work: Promise<T>, key: Buffer, group?: Buffer): Promise<T> {
  try {
    return await work;
  } catch (err) {
    throw toStreamError(err, key, group);
  }
}
