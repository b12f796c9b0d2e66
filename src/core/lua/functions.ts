/**
 * Redis 7 functions: list, load, delete and call. Libraries persist and replicate, but a cluster
 * does not spread them between masters, so list/load/delete address every master and report each
 * one's answer.
 */
import { performance } from 'node:perf_hooks';
import { ReadOnlyError } from '../connection/errors';
import type { Arg, RedisClient } from '../values/client';
import { NodeTarget, WritePolicy, closeCounter, everyMaster, movedTarget, refuseOnReadOnly, routeKeys } from './nodes';
import { asScriptError, isReplyError } from './scriptError';

/** One function of a library, as FUNCTION LIST reports it. */
export interface FunctionInfo {
  name: string;
  description?: string;
  /** Declared flags: 'no-writes', 'allow-oom', 'allow-stale', 'no-cluster', 'allow-cross-slot-keys'. */
  flags: string[];
}

/** A function library and the masters that have it. */
export interface LibraryInfo {
  name: string;
  engine: string;
  functions: FunctionInfo[];
  /** Masters that have it ("host:port"), in address order. */
  nodes: string[];
}

/** One node's answer to a command sent to every master. */
export interface NodeResult<T> {
  node: string;
  ok: boolean;
  value?: T;
  /** Redis's error text (or the connection failure) when `ok` is false. */
  error?: string;
}

/** One FCALL request. */
export interface FunctionCall {
  name: string;
  keys: (string | Buffer)[];
  args: (string | Buffer)[];
  /** FCALL_RO: Redis refuses functions not flagged `no-writes`. */
  readOnly?: boolean;
}

/** What a successful FCALL returns. */
export interface FunctionOutcome {
  /** The raw RESP2 reply, as for scripts (see ScriptOutcome.reply). */
  reply: unknown;
  name: string;
  node: string;
  ms: number;
}

/**
 * FUNCTION LIST on the client's node, or on every master of a cluster, merged by library name
 * (the function list comes from the first master, by address, that has the library). Sorted by
 * name. Rejects if any node cannot answer: a partial list would hide libraries.
 */
export async function listLibraries(client: RedisClient): Promise<LibraryInfo[]> {
  const perNode = await Promise.all(
    everyMaster(client).map(async (t) => ({ node: t.node, libraries: parseFunctionList(await t.redis.callBuffer('function', ['list'])) })),
  );
  const merged = new Map<string, LibraryInfo>();
  for (const { node, libraries } of perNode) {
    for (const lib of libraries) {
      const seen = merged.get(lib.name);
      if (seen) seen.nodes.push(node);
      else merged.set(lib.name, { ...lib, nodes: [node] });
    }
  }
  return [...merged.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * FUNCTION LOAD [REPLACE] on the client's node, or on every master of a cluster; `value` is the
 * library name each node reports. Redis's refusals (no `#!lua name=` shebang, compile errors,
 * "already exists" without `replace`) come back per node. Throws a ReadOnlyError, sending nothing,
 * when `options.readOnly` is set or the session's write guard refuses.
 */
export async function loadLibrary(
  client: RedisClient,
  source: string,
  options: { replace: boolean } & WritePolicy,
): Promise<NodeResult<string>[]> {
  refuseOnReadOnly(options, 'FUNCTION LOAD');
  const args = options.replace ? ['load', 'replace', source] : ['load', source];
  return onEveryMaster(client, args, (reply) => text(reply));
}

/** FUNCTION DELETE on the client's node or every master; per-node results ("Library not found" included). */
export async function deleteLibrary(client: RedisClient, name: string, options?: WritePolicy): Promise<NodeResult<void>[]> {
  refuseOnReadOnly(options, 'FUNCTION DELETE');
  return onEveryMaster(client, ['delete', name], () => undefined);
}

async function onEveryMaster<T>(client: RedisClient, args: Arg[], value: (reply: unknown) => T): Promise<NodeResult<T>[]> {
  return Promise.all(
    everyMaster(client).map(async ({ node, redis }): Promise<NodeResult<T>> => {
      try {
        return { node, ok: true, value: value(await redis.callBuffer('function', args)) };
      } catch (err) {
        if (err instanceof ReadOnlyError) throw err;
        return { node, ok: false, error: err instanceof Error ? err.message : String(err) };
      }
    }),
  );
}

/**
 * FCALL (or FCALL_RO) routed like a script run: the master owning the first key's slot, or with
 * no keys the first master by address (a cluster needs the library on every master anyway).
 * Redis errors reject with a ScriptError carrying `functionName`; a non-read-only call on a
 * read-only connection rejects with a ReadOnlyError before anything is sent. `onStart` is called
 * right before the FCALL is sent to a node (again after a MOVED redirect).
 */
export async function callFunction(
  client: RedisClient,
  call: FunctionCall,
  options?: WritePolicy,
  hooks?: { onStart?(info: { node: string }): void },
): Promise<FunctionOutcome> {
  if (!call.readOnly) refuseOnReadOnly(options, 'FCALL (call it read-only: FCALL_RO)');
  const command = call.readOnly ? 'fcall_ro' : 'fcall';
  const argv: Arg[] = [call.name, call.keys.length, ...call.keys, ...call.args];
  let target: NodeTarget = await routeKeys(client, call.keys);
  let redirected = false;
  for (;;) {
    hooks?.onStart?.({ node: target.node });
    const closes = closeCounter(target.redis);
    const closesBefore = closes.count;
    const started = performance.now();
    try {
      const reply = await target.redis.callBuffer(command, argv);
      return { reply, name: call.name, node: target.node, ms: performance.now() - started };
    } catch (err) {
      const ms = performance.now() - started;
      if (isReplyError(err) && closes.count !== closesBefore) {
        // ioredis sent the call again after reconnecting; this answer is not about the call the
        // user watched (typically "Function not found" from a restarted server).
        throw new Error(
          `The connection to ${target.node} closed while ${call.name} was running; after reconnecting the server answered: ${err.message}`,
          { cause: err },
        );
      }
      const moved = redirected ? undefined : await movedTarget(client, err);
      if (moved) {
        target = moved;
        redirected = true;
        continue;
      }
      throw asScriptError(err, { functionName: call.name, node: target.node, ms });
    }
  }
}

function text(reply: unknown): string {
  return Buffer.isBuffer(reply) ? reply.toString('utf8') : String(reply);
}

/** A RESP2 flat [key, value, key, value, ...] array as a map with text keys. */
function pairs(reply: unknown): Map<string, unknown> {
  const out = new Map<string, unknown>();
  if (!Array.isArray(reply)) return out;
  for (let i = 0; i + 1 < reply.length; i += 2) out.set(text(reply[i]), reply[i + 1]);
  return out;
}

/** The RESP2 reply of FUNCTION LIST as plain data (without `nodes`), functions sorted by name. */
export function parseFunctionList(reply: unknown): Omit<LibraryInfo, 'nodes'>[] {
  if (!Array.isArray(reply)) return [];
  return reply.map((entry) => {
    const lib = pairs(entry);
    const functions = lib.get('functions');
    return {
      name: text(lib.get('library_name')),
      engine: text(lib.get('engine')),
      functions: (Array.isArray(functions) ? functions : []).map((f): FunctionInfo => {
        const fn = pairs(f);
        const description = fn.get('description');
        const flags = fn.get('flags');
        return {
          name: text(fn.get('name')),
          ...(description === null || description === undefined ? {} : { description: text(description) }),
          flags: Array.isArray(flags) ? flags.map(text) : [],
        };
      }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    };
  });
}
