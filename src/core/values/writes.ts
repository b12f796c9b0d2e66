/**
 * Every edit the value editors can make, as plain data: the host describes one for the user's
 * confirmation (`describeWrite`), then applies exactly that (`applyWrite`). On a read-only
 * connection the client's guard refuses each of them before anything is sent.
 */
import { RedisClient } from './client';
import { addHashField, deleteHashField, setHashField } from './hash';
import { pushListItem, removeListItem, setListItem } from './list';
import { addSetMember, removeSetMember } from './set';
import { writeString } from './string';
import { addZsetMember, removeZsetMember } from './zset';

export type WriteOp =
  | { kind: 'string.set'; key: Buffer; value: Buffer }
  | { kind: 'hash.set'; key: Buffer; field: Buffer; value: Buffer }
  | { kind: 'hash.add'; key: Buffer; field: Buffer; value: Buffer }
  | { kind: 'hash.delete'; key: Buffer; field: Buffer }
  | { kind: 'list.set'; key: Buffer; index: number; value: Buffer; expectedDigest?: string }
  | { kind: 'list.push'; key: Buffer; end: 'head' | 'tail'; value: Buffer }
  | { kind: 'list.remove'; key: Buffer; index: number; expectedDigest?: string }
  | { kind: 'set.add'; key: Buffer; member: Buffer }
  | { kind: 'set.remove'; key: Buffer; member: Buffer }
  | { kind: 'zset.add'; key: Buffer; member: Buffer; score: string }
  | { kind: 'zset.remove'; key: Buffer; member: Buffer };

export type WriteKind = WriteOp['kind'];

/** Every WriteOp kind, for validating messages that claim to carry one. */
export const WRITE_KINDS: readonly WriteKind[] = [
  'string.set', 'hash.set', 'hash.add', 'hash.delete', 'list.set', 'list.push', 'list.remove',
  'set.add', 'set.remove', 'zset.add', 'zset.remove',
];

/** What happened, in a few words for a status line ("added", "updated", "nothing to remove"). */
export interface WriteOutcome {
  changed: boolean;
  summary: string;
}

/** Applies one write; throws ReadOnlyError (read-only connection), StaleValueError, or Redis's error. */
export async function applyWrite(client: RedisClient, op: WriteOp): Promise<WriteOutcome> {
  switch (op.kind) {
    case 'string.set':
      await writeString(client, op.key, op.value);
      return { changed: true, summary: 'value saved' };
    case 'hash.set':
      return { changed: true, summary: (await setHashField(client, op.key, op.field, op.value)) ? 'field added' : 'field updated' };
    case 'hash.add': {
      const added = await addHashField(client, op.key, op.field, op.value);
      return { changed: added, summary: added ? 'field added' : 'the field already exists: nothing written (edit it instead)' };
    }
    case 'hash.delete': {
      const deleted = await deleteHashField(client, op.key, op.field);
      return { changed: deleted, summary: deleted ? 'field deleted' : 'the field was already gone' };
    }
    case 'list.set':
      await setListItem(client, op.key, op.index, op.value, op.expectedDigest);
      return { changed: true, summary: `item [${op.index}] saved` };
    case 'list.push': {
      const length = await pushListItem(client, op.key, op.end, op.value);
      return { changed: true, summary: `pushed to the ${op.end}; the list has ${length} items` };
    }
    case 'list.remove':
      await removeListItem(client, op.key, op.index, op.expectedDigest);
      return { changed: true, summary: `item [${op.index}] removed` };
    case 'set.add': {
      const added = await addSetMember(client, op.key, op.member);
      return { changed: added, summary: added ? 'member added' : 'the member was already in the set' };
    }
    case 'set.remove': {
      const removed = await removeSetMember(client, op.key, op.member);
      return { changed: removed, summary: removed ? 'member removed' : 'the member was already gone' };
    }
    case 'zset.add': {
      const added = await addZsetMember(client, op.key, op.member, op.score);
      return { changed: true, summary: added ? 'member added' : 'score updated' };
    }
    case 'zset.remove': {
      const removed = await removeZsetMember(client, op.key, op.member);
      return { changed: removed, summary: removed ? 'member removed' : 'the member was already gone' };
    }
  }
}
