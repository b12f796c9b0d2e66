/** The key value editors: "Open Key" opens (or reveals) one editor panel per key. */
import { keyToken } from '../../core/keyspace/keyName';
import { KeyRef } from '../../core/keyspace/keyRef';
import { Commands, registerCommand } from '../../host/commands';
import { FeatureContext } from '../featureContext';
import { KeyEditorPanel } from './panel';
import { askForKey, keyRefFrom } from './target';

/** What the extension API exposes of the editors (integration tests use it). */
export interface KeyEditorApi {
  /** The open editor panels. */
  panels(): readonly KeyEditorPanel[];
}

function panelId(ref: KeyRef): string {
  return `${ref.connectionId}\n${ref.db}\n${keyToken(ref.key)}`;
}

export function register(ctx: FeatureContext): KeyEditorApi {
  const panels = new Map<string, KeyEditorPanel>();
  const services = { connections: ctx.connections, log: ctx.log, extensionUri: ctx.extension.extensionUri };

  /**
   * Opens the editor for `arg` (a key node, `{connectionId, db, keyBase64}`, or nothing: ask); true
   * when one shows. A click in the tree passes `{ preserveFocus: true }`, as the Explorer does, so the
   * tree keeps keyboard focus (F2, Delete, Ctrl+C act on the key just opened).
   */
  const open = async (arg?: unknown, options?: { preserveFocus?: boolean }): Promise<boolean> => {
    const preserveFocus = options?.preserveFocus === true;
    const ref = arg === undefined ? await askForKey(ctx.connections) : keyRefFrom(arg);
    if (!ref) {
      if (arg !== undefined) throw new Error('Open Key needs a key: {connectionId, db, key} (got something else).');
      return false;
    }
    const id = panelId(ref);
    const existing = panels.get(id);
    if (existing) {
      existing.reveal(preserveFocus);
      return true;
    }
    // Connect first, so a connection failure is reported as such rather than as an empty editor.
    const session = ctx.connections.session(ref.connectionId) ?? (await ctx.connections.connect(ref.connectionId));
    await session.forDb(ref.db);
    const panel = new KeyEditorPanel(ref, services, preserveFocus);
    panels.set(id, panel);
    panel.onDidDispose(() => panels.delete(id));
    // A plain result: the palette sends command results back to the renderer.
    return true;
  };

  ctx.subscriptions.push(registerCommand(Commands.openKey, open, ctx.log), { dispose: () => [...panels.values()].forEach((p) => p.dispose()) });
  return { panels: () => [...panels.values()] };
}
