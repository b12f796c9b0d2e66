/**
 * Key browser tree elements: plain data with stable ids. The same object is handed out for the
 * same id (VS Code matches change events to rows by identity), via `NodeCache`.
 */
import { keyToken } from '../../core/keyspace/keyName';

export interface DatabaseNode {
  kind: 'db';
  id: string;
  connectionId: string;
  db: number;
}

export interface FolderNode {
  kind: 'folder';
  id: string;
  connectionId: string;
  db: number;
  /** Key prefix this folder stands for, as latin1 (byte-exact), delimiter included. */
  prefix: string;
  /** Prefix of the parent folder ('' for the database level). */
  parentPrefix: string;
  name: string;
}

export interface KeyNode {
  kind: 'key';
  id: string;
  connectionId: string;
  db: number;
  key: Buffer;
  /** The folder the key is listed in ('' for the database level). */
  prefix: string;
}

/** Every element kind the key browser adds to the Connections tree. */
export const BROWSER_NODE_KINDS = ['db', 'folder', 'key', 'more'] as const;

/** "Load more…" (continue the SCAN) or "Show more…" (list more of the keys already scanned). */
export interface MoreNode {
  kind: 'more';
  id: string;
  connectionId: string;
  db: number;
  prefix: string;
  what: 'scan' | 'show';
}

export type BrowserNode = DatabaseNode | FolderNode | KeyNode | MoreNode;

export class NodeCache {
  private readonly nodes = new Map<string, BrowserNode>();

  db(connectionId: string, db: number): DatabaseNode {
    return this.get({ kind: 'db', id: `${connectionId}/${db}`, connectionId, db });
  }

  folder(connectionId: string, db: number, prefix: string, parentPrefix: string, name: string): FolderNode {
    return this.get({ kind: 'folder', id: NodeCache.folderId(connectionId, db, prefix), connectionId, db, prefix, parentPrefix, name });
  }

  static folderId(connectionId: string, db: number, prefix: string): string {
    return `${connectionId}/${db}/f:${Buffer.from(prefix, 'latin1').toString('base64')}`;
  }

  key(connectionId: string, db: number, key: Buffer, prefix: string): KeyNode {
    return this.get({ kind: 'key', id: `${connectionId}/${db}/k:${keyToken(key)}`, connectionId, db, key, prefix });
  }

  more(connectionId: string, db: number, prefix: string, what: 'scan' | 'show'): MoreNode {
    return this.get({ kind: 'more', id: `${connectionId}/${db}/${what}:${Buffer.from(prefix, 'latin1').toString('base64')}`, connectionId, db, prefix, what });
  }

  /** Looks a node up by id (for change events), without creating it. */
  find(id: string): BrowserNode | undefined {
    return this.nodes.get(id);
  }

  /** Forgets every node of a connection (or one of its databases). */
  forget(connectionId: string, db?: number): void {
    const start = db === undefined ? `${connectionId}/` : `${connectionId}/${db}`;
    for (const id of [...this.nodes.keys()]) if (id === start || id.startsWith(db === undefined ? start : `${start}/`)) this.nodes.delete(id);
  }

  private get<T extends BrowserNode>(fresh: T): T {
    const known = this.nodes.get(fresh.id);
    if (known) return known as T;
    this.nodes.set(fresh.id, fresh);
    return fresh;
  }
}
