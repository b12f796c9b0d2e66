/**
 * The one place that decides whether a command writes, and the guard that makes a read-only
 * connection refuse such commands before a byte is sent. Every later feature gets it for free
 * because it sits on the client itself (plain commands, pipelines and MULTI alike).
 */
import commandTable from '@ioredis/commands/built/commands.json';
import type { Cluster, Redis } from 'ioredis';
import { ReadOnlyError } from './errors';

interface CommandSpec {
  flags: string[];
  subcommands?: Record<string, CommandSpec>;
}

const TABLE = commandTable as unknown as Record<string, CommandSpec>;

/** Commands (and subcommands) with side effects that the table does not flag `write` or `admin`. */
const SIDE_EFFECTS = new Set(['publish', 'spublish', 'script flush', 'memory purge']);

/** Admin commands (and subcommands) that only read; every other admin command counts as a write. */
const ADMIN_READS = new Set([
  'acl getuser', 'acl list', 'acl users', 'acl dryrun', 'acl log',
  'client list', 'config get', 'module list', 'monitor',
  'latency doctor', 'latency graph', 'latency histogram', 'latency history', 'latency latest',
  'slowlog get', 'slowlog len', 'cluster count-failure-reports', 'cluster replicas', 'cluster slaves',
  'hotkeys get', 'backup list', 'backup status',
]);

/** Read-only commands of common modules that the core table does not know. */
const MODULE_READS = new Set([
  'json.get', 'json.mget', 'json.type', 'json.strlen', 'json.arrlen', 'json.arrindex', 'json.objkeys',
  'json.objlen', 'json.resp', 'json.debug', 'ft.search', 'ft.aggregate', 'ft.info', 'ft._list',
  'ts.get', 'ts.mget', 'ts.range', 'ts.revrange', 'ts.mrange', 'ts.mrevrange', 'ts.info', 'ts.queryindex',
  'bf.exists', 'bf.mexists', 'bf.info', 'cf.exists', 'cf.info', 'cms.query', 'cms.info', 'topk.query', 'topk.list', 'topk.info',
]);

/**
 * True when `name` (with its first argument, for container commands like FUNCTION or CONFIG) may
 * change data or server state. Unknown commands count as writes: a read-only connection should
 * not send what it cannot vouch for.
 */
export function isWriteCommand(name: string, firstArg?: string | Buffer | number): boolean {
  const cmd = name.toLowerCase();
  if (MODULE_READS.has(cmd)) return false;
  if (SIDE_EFFECTS.has(cmd)) return true;
  const spec = TABLE[cmd];
  if (!spec) return true;
  const sub = firstArg !== undefined && spec.subcommands ? String(firstArg).toLowerCase() : undefined;
  const subSpec = sub !== undefined ? spec.subcommands?.[sub] : undefined;
  if (spec.subcommands && sub !== undefined && !subSpec) return true;
  if (sub !== undefined && SIDE_EFFECTS.has(`${cmd} ${sub}`)) return true;
  const flags = subSpec ? subSpec.flags : spec.flags;
  if (flags.includes('write')) return true;
  if (flags.includes('script_runner')) return !flags.includes('readonly');
  if (flags.includes('admin')) return !ADMIN_READS.has(subSpec ? `${cmd} ${sub}` : cmd);
  return false;
}

/** What ioredis hands to `sendCommand`: enough of its Command to judge and to refuse it. */
interface GuardedCommand {
  name: string;
  args: (string | Buffer | number)[];
  reject(err: Error): void;
  promise: Promise<unknown>;
}

interface QueueHolder {
  _queue?: GuardedCommand[];
  exec: (...args: unknown[]) => Promise<unknown>;
}

/**
 * Makes `client` refuse write commands with a `ReadOnlyError` naming `connectionName`. Plain
 * commands are refused in `sendCommand`; pipelines and MULTI are checked whole at `exec`, so a
 * batch with one write sends nothing at all.
 */
export function guardReadOnly<T extends Redis | Cluster>(client: T, connectionName: string): T {
  // ioredis's public typings do not expose sendCommand's Command shape; we patch the instance.
  const target = client as unknown as {
    sendCommand(command: GuardedCommand, ...rest: unknown[]): unknown;
    pipeline(...args: unknown[]): QueueHolder;
    multi(...args: unknown[]): QueueHolder | Promise<unknown>;
  };
  const refusal = (command: GuardedCommand) =>
    isWriteCommand(command.name, command.args[0]) ? new ReadOnlyError(connectionName, command.name) : undefined;

  const sendCommand = target.sendCommand.bind(target);
  target.sendCommand = (command: GuardedCommand, ...rest: unknown[]) => {
    const err = refusal(command);
    if (err) {
      command.reject(err);
      return command.promise;
    }
    return sendCommand(command, ...rest);
  };

  const guardBatch = (batch: QueueHolder) => {
    const exec = batch.exec.bind(batch);
    batch.exec = (...args: unknown[]) => {
      const refused = (batch._queue ?? []).map(refusal).find((e) => e !== undefined);
      return refused ? Promise.reject(refused) : exec(...args);
    };
    return batch;
  };
  const pipeline = target.pipeline.bind(target);
  target.pipeline = (...args: unknown[]) => guardBatch(pipeline(...args));
  const multi = target.multi.bind(target);
  target.multi = (...args: unknown[]) => {
    const batch = multi(...args);
    return batch instanceof Promise ? batch : guardBatch(batch);
  };
  return client;
}
