/**
 * Stopping a runaway script or function. The connection that started it is blocked waiting for
 * the reply, so the kill goes on a second, fresh connection to the busy node. SHUTDOWN NOSAVE is
 * never sent: it would stop the server and lose its unsaved data, a decision for a person.
 */
import type { RedisClient } from '../values/client';
import { freshConnection } from './nodes';
import { ScriptError, errorCode, isReplyError } from './scriptError';

/** 'killed': stopped; 'notBusy': nothing was running; 'unkillable': it wrote, Redis refuses. */
export type KillOutcome = 'killed' | 'notBusy' | 'unkillable';

/**
 * SCRIPT KILL (`kind` 'script') or FUNCTION KILL ('function') on `node` ("host:port", as the
 * runner's `onStart` reported; standalone and sentinel clients have one node and ignore it), sent
 * on a new connection that is closed afterwards. Allowed on read-only connections: it only stops
 * a script. If Redis says the other kind is running (its BUSY answer names the command to use),
 * that one is sent instead. Outcomes: 'killed' (the run then rejects with Redis's "Script killed
 * by user" ScriptError), 'notBusy' (nothing was running), 'unkillable' (it already wrote; the
 * message explains the only way out). Other Redis errors reject as ScriptError; failing to
 * connect rejects with the connection error.
 */
export async function killBusyScript(
  client: RedisClient,
  node: string,
  kind: 'script' | 'function',
): Promise<{ outcome: KillOutcome; message: string }> {
  const connection = freshConnection(client, node);
  // Failures reach us as rejections of connect() and of the command; no unhandled 'error' events.
  connection.on('error', () => undefined);
  try {
    await connection.connect();
    return await sendKill(connection, node, kind, true);
  } finally {
    connection.disconnect();
  }
}

async function sendKill(
  connection: RedisClient,
  node: string,
  kind: 'script' | 'function',
  maySwitch: boolean,
): Promise<{ outcome: KillOutcome; message: string }> {
  const what = kind === 'script' ? 'script' : 'function';
  const command = `${kind.toUpperCase()} KILL`;
  try {
    await connection.callBuffer(kind, ['kill']);
    return { outcome: 'killed', message: `Stopped the ${what} running on ${node} (${command}).` };
  } catch (err) {
    if (!isReplyError(err)) throw err;
    const code = errorCode(err.message);
    if (code === 'NOTBUSY') return { outcome: 'notBusy', message: `No script or function is running on ${node}: nothing to kill (${err.message}).` };
    if (code === 'UNKILLABLE') return { outcome: 'unkillable', message: unkillableMessage(node, what) };
    const other = kind === 'script' ? 'function' : 'script';
    if (code === 'BUSY' && maySwitch && new RegExp(`${other} kill`, 'i').test(err.message)) {
      return sendKill(connection, node, other, false);
    }
    throw new ScriptError(err.message, { code, node });
  }
}

function unkillableMessage(node: string, what: string): string {
  return (
    `The ${what} on ${node} cannot be killed: it has already written data, and Redis refuses to stop it ` +
    'half-way because that would leave a partial write (UNKILLABLE). It keeps the server busy until it ' +
    'finishes. The only way to stop it sooner is SHUTDOWN NOSAVE on that server, which stops Redis and ' +
    'loses every change since the last save; Redis DevKit never sends that for you.'
  );
}
