/** The stream viewer: "Open Stream…" opens (or reveals) one viewer panel per stream key. */
import { keyToken } from '../../core/keyspace/keyName';
import { KeyRef } from '../../core/keyspace/keyRef';
import { Commands, registerCommand } from '../../host/commands';
import { FeatureContext } from '../featureContext';
import { keyRefFrom } from '../keyEditor/target';
import { StreamViewerPanel } from './panel';
import { askForStream, checkIsStream } from './target';

export { StreamViewerPanel } from './panel';

/** What the extension API exposes of the stream viewers (integration tests use it). */
export interface StreamViewerApi {
  /** The open stream viewer panels. */
  panels(): StreamViewerPanel[];
}

function panelId(ref: KeyRef): string {
  return `${ref.connectionId}\n${ref.db}\n${keyToken(ref.key)}`;
}

export function register(ctx: FeatureContext): StreamViewerApi {
  const panels = new Map<string, StreamViewerPanel>();
  const services = { connections: ctx.connections, log: ctx.log, extensionUri: ctx.extension.extensionUri };

  /**
   * Opens the viewer for `arg` (a key node, `{connectionId, db, keyBase64}`, or nothing: ask);
   * true when one shows. A click in the tree passes `{ preserveFocus: true }` so the tree keeps focus.
   * A key that is not a stream is refused with an error naming its type.
   */
  const open = async (arg?: unknown, options?: { preserveFocus?: boolean }): Promise<boolean> => {
    const preserveFocus = options?.preserveFocus === true;
    const ref = arg === undefined ? await askForStream(ctx.connections) : keyRefFrom(arg);
    if (!ref) {
      if (arg !== undefined) throw new Error('Open Stream needs a stream key: {connectionId, db, key} (got something else).');
      return false;
    }
    const id = panelId(ref);
    const existing = panels.get(id);
    if (existing) {
      existing.reveal(preserveFocus);
      return true;
    }
    // Connect and check the type first, so a failure is reported as such rather than as an empty viewer.
    const session = ctx.connections.session(ref.connectionId) ?? (await ctx.connections.connect(ref.connectionId));
    await checkIsStream(await session.forDb(ref.db), ref, session.config.name);
    if (panels.has(id)) {
      panels.get(id)?.reveal(preserveFocus);
      return true;
    }
    const panel = new StreamViewerPanel(ref, services, preserveFocus);
    panels.set(id, panel);
    panel.onDidDispose(() => panels.delete(id));
    return true;
  };

  ctx.subscriptions.push(registerCommand(Commands.openStream, open, ctx.log), { dispose: () => [...panels.values()].forEach((p) => p.dispose()) });
  return { panels: () => [...panels.values()] };
}
