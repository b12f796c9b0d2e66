/**
 * COMMAND DOCS from the server the active Lua file runs on, for completion and hovers: fetched once
 * per connection, only while it is connected (completion never opens a connection by itself).
 */
import * as vscode from 'vscode';
import { CommandDoc, parseCommandDocsReply } from '../../core/lua/commandDocs';
import { ConnectionManager } from '../connections/manager';
import { LuaTargets } from './target';

const cache = new Map<string, Promise<CommandDoc[] | undefined>>();

export function serverCommandDocs(connections: ConnectionManager, targets: LuaTargets): Promise<CommandDoc[] | undefined> {
  const doc = vscode.window.activeTextEditor?.document;
  const id = doc ? targets.connectionIdFor(doc.uri) : undefined;
  const session = id ? connections.session(id) : undefined;
  if (!id || !session || connections.status(id).state !== 'connected') return Promise.resolve(undefined);
  let docs = cache.get(id);
  if (!docs) {
    docs = (session.client.callBuffer('COMMAND', 'DOCS') as Promise<unknown>).then(parseCommandDocsReply).catch(() => undefined);
    cache.set(id, docs);
    // A failed fetch (old server, ACL) is tried again next time.
    void docs.then((d) => d === undefined && cache.delete(id));
  }
  return docs;
}
