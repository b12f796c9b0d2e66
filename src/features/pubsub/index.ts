/**
 * The pub/sub viewer: "Open Pub/Sub…" (palette, or a connection's context menu) opens a panel
 * with its own subscriber connection. One panel per invocation; a second argument subscribes at
 * once: `{ channels?, patterns?, shardChannels? }`.
 */
import { Commands, registerCommand } from '../../host/commands';
import { FeatureContext } from '../featureContext';
import { PubSubPanel } from './panel';
import { connectionIdFrom, initialFrom, pickConnection } from './target';

/** What the extension API exposes of the viewers (integration tests use it). */
export interface PubSubApi {
  /** The open pub/sub panels, oldest first. */
  panels(): PubSubPanel[];
}

export function register(ctx: FeatureContext): PubSubApi {
  const panels = new Set<PubSubPanel>();
  const services = { connections: ctx.connections, log: ctx.log, logger: ctx.logger, extensionUri: ctx.extension.extensionUri };

  /** Opens a viewer on the connection `arg` names (or the one picked); true when one opened. */
  const open = async (arg?: unknown, subscriptions?: unknown): Promise<boolean> => {
    const initial = initialFrom(subscriptions);
    const given = connectionIdFrom(arg);
    if (arg !== undefined && given === undefined) throw new Error('Open Pub/Sub needs a connection: a connection from the Redis tree or its id.');
    const connectionId = given ?? (await pickConnection(ctx.connections));
    if (!connectionId) return false;
    if (!ctx.connections.store.get(connectionId)) throw new Error(`No saved connection with id '${connectionId}'.`);
    // Connect first, so a connection failure is reported as such rather than as an empty viewer.
    const session = ctx.connections.session(connectionId) ?? (await ctx.connections.connect(connectionId));
    const panel = await PubSubPanel.open(services, connectionId, session, initial);
    panels.add(panel);
    panel.onDidDispose(() => panels.delete(panel));
    // A plain result: the palette sends command results back to the renderer.
    return true;
  };

  ctx.subscriptions.push(registerCommand(Commands.openPubSub, open, ctx.log), { dispose: () => [...panels].forEach((p) => p.dispose()) });
  return { panels: () => [...panels] };
}
