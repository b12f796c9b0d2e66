/**
 * Runs scripts through the server's script cache: the SHA1 is computed here, EVALSHA goes first,
 * and only a NOSCRIPT answer makes the runner send the source (SCRIPT LOAD on that same node, then
 * EVALSHA once more). An unchanged script is therefore sent in full at most once per node, unless
 * that node lost its cache (restart, failover, SCRIPT FLUSH).
 */
import { performance } from 'node:perf_hooks';
import { ReadOnlyError } from '../connection/errors';
import type { Arg, RedisClient } from '../values/client';
import { isCluster } from '../values/topology';
import { NodeTarget, closeCounter, movedTarget, routeKeys, targetFor } from './nodes';
import { asScriptError, errorCode, isReplyError } from './scriptError';
import { scriptSha } from './sha';

/** One run request: the script's source and its KEYS and ARGV. */
export interface ScriptRun {
  source: string;
  keys: (string | Buffer)[];
  args: (string | Buffer)[];
  /** EVALSHA_RO: Redis refuses any write the script attempts. */
  readOnly?: boolean;
}

/** What a successful run returns. */
export interface ScriptOutcome {
  /**
   * The raw RESP2 reply as ioredis `callBuffer` returns it: Buffer, number, null or nested arrays;
   * error elements inside arrays stay Error objects.
   */
  reply: unknown;
  sha: string;
  /** The first EVALSHA found the script: no SCRIPT LOAD was needed. */
  cacheHit: boolean;
  /** "host:port" that ran it. */
  node: string;
  /** Wall time of the EVALSHA that produced the reply. */
  ms: number;
}

/** Callbacks during a run. */
export interface RunHooks {
  /**
   * Called right before EVALSHA is sent to a node, once per node and run (a NOSCRIPT retry on the
   * same node does not call it again; a MOVED redirect to another node does). The UI uses `node`
   * to offer "Kill script".
   */
  onStart?(info: { sha: string; node: string }): void;
}

/** How a runner treats its connection. */
export interface RunnerOptions {
  /**
   * The connection is read-only: a run without `readOnly` is refused with a ReadOnlyError before
   * anything is sent. Pass it for guarded sessions: on a cluster the runner addresses nodes
   * directly, past the session's write guard.
   */
  readOnly?: boolean;
  connectionName?: string;
}

/** One run's request as sent: the same argv goes to every attempt. */
interface Job {
  source: string;
  hooks?: RunHooks;
  sha: string;
  command: 'evalsha' | 'evalsha_ro';
  argv: Arg[];
  argvBytes: number;
}

/** Sources whose sha is remembered; past this many the memo starts over (a run is one hash away). */
const SHA_MEMO_SIZE = 64;

/**
 * A script runner bound to one client. Keep one per client for the connection's lifetime: it
 * remembers which scripts each node has loaded.
 *
 * Routing: standalone and sentinel run on the client's node. On a cluster a run goes to the master
 * owning the first key's slot, sent on that master's own connection; with no keys, to the first
 * master by address. Keys in other slots are not checked here: the node answers
 * `CROSSSLOT Keys in request don't hash to the same slot`, which reaches the caller as a ScriptError
 * with code 'CROSSSLOT' and sends nothing else. That keeps one copy of the slot rule (the server's;
 * even the `allow-cross-slot-keys` shebang flag does not lift it for declared KEYS, only for keys
 * the script reaches by other means) and keeps hashing every key off the re-run path. A MOVED
 * answer (slot migrated since the client read the slot map) is followed once.
 */
export class ScriptRunner {
  /** node -> shas that node is known to hold in its script cache. */
  private readonly loaded = new Map<string, Set<string>>();
  /** "node sha" -> the SCRIPT LOAD in flight, so concurrent runs load a script once. */
  private readonly loading = new Map<string, Promise<void>>();
  private readonly shas = new Map<string, string>();
  /** A standalone client's one node, worked out once (sentinel and cluster targets can move). */
  private readonly fixedTarget?: NodeTarget;
  private sent = 0;

  constructor(
    private readonly client: RedisClient,
    private readonly options: RunnerOptions = {},
  ) {
    if (!isCluster(client) && !client.options.sentinels?.length) this.fixedTarget = targetFor(client, []);
  }

  /** Total RESP bytes of the commands this runner sent (EVALSHA, EVALSHA_RO and SCRIPT LOAD). */
  get bytesSent(): number {
    return this.sent;
  }

  /** The "host:port" a run with these keys goes to (see the class comment for the rules). */
  nodeFor(keys: (string | Buffer)[]): string {
    return targetFor(this.client, keys).node;
  }

  /** Whether this runner has seen `node` hold the script with this sha. */
  isLoaded(node: string, sha: string): boolean {
    return this.loaded.get(node)?.has(sha) === true;
  }

  /**
   * Runs the script. Redis errors (compile, runtime, errors of commands inside the script, a kill)
   * reject with a ScriptError carrying Redis's text; a non-read-only run on a read-only connection
   * rejects with a ReadOnlyError before anything is sent; connection failures pass through.
   */
  run(run: ScriptRun, hooks?: RunHooks): Promise<ScriptOutcome> {
    // Not `async`: a re-run is one EVALSHA, and every promise layer between the caller and
    // ioredis costs measurable time per run (see bench/lua).
    try {
      if (this.options.readOnly && !run.readOnly) {
        throw new ReadOnlyError(this.options.connectionName ?? 'this connection', 'EVALSHA (run it read-only: EVALSHA_RO)');
      }
      const command = run.readOnly ? 'evalsha_ro' : 'evalsha';
      const sha = this.sha(run.source);
      const argv: Arg[] = [sha, run.keys.length, ...run.keys, ...run.args];
      const job: Job = { source: run.source, hooks, sha, command, argv, argvBytes: respBytes(command, argv) };
      let target: NodeTarget | undefined;
      try {
        target = this.fixedTarget ?? targetFor(this.client, run.keys);
      } catch {
        // A cluster whose slot map lacks the slot: routeKeys refreshes it first.
      }
      return target ? this.send(job, target) : routeKeys(this.client, run.keys).then((t) => this.send(job, t));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  private async send(job: Job, first: NodeTarget): Promise<ScriptOutcome> {
    const { sha, command, argv } = job;
    let target = first;
    let announced: string | undefined;
    let loadedNow = false;
    let redirected = false;
    for (;;) {
      if (announced !== target.node) {
        announced = target.node;
        job.hooks?.onStart?.({ sha, node: target.node });
      }
      const knownBefore = this.isLoaded(target.node, sha);
      const closes = closeCounter(target.redis);
      const closesBefore = closes.count;
      this.sent += job.argvBytes;
      const started = performance.now();
      try {
        const reply = await target.redis.callBuffer(command, argv);
        const ms = performance.now() - started;
        if (!knownBefore) this.remember(target.node, sha);
        return { reply, sha, cacheHit: !loadedNow, node: target.node, ms };
      } catch (err) {
        const ms = performance.now() - started;
        if (isReplyError(err)) {
          const code = errorCode(err.message);
          if (code === 'NOSCRIPT' && closes.count !== closesBefore) {
            // ioredis resends a command that was in flight when the connection dropped. If the
            // server restarted meanwhile (say after SHUTDOWN NOSAVE of an unkillable script),
            // loading and running it again would start a run nobody asked for.
            throw new Error(
              `The connection to ${target.node} closed while the script (sha ${sha}) was running, and the server no longer has it (NOSCRIPT): it restarted or failed over. The script was not run again; run it again if you mean to.`,
              { cause: err },
            );
          }
          if (code === 'NOSCRIPT' && !loadedNow) {
            await this.load(target, sha, job.source, knownBefore);
            loadedNow = true;
            continue;
          }
          if (code === 'MOVED' && !redirected) {
            const moved = await movedTarget(this.client, err);
            if (moved) {
              target = moved;
              redirected = true;
              continue;
            }
          }
        }
        throw asScriptError(err, { sha, node: target.node, ms });
      }
    }
  }

  private sha(source: string): string {
    let sha = this.shas.get(source);
    if (sha === undefined) {
      sha = scriptSha(source);
      if (this.shas.size >= SHA_MEMO_SIZE) this.shas.clear();
      this.shas.set(source, sha);
    }
    return sha;
  }

  private remember(node: string, sha: string): void {
    let set = this.loaded.get(node);
    if (!set) this.loaded.set(node, (set = new Set()));
    set.add(sha);
  }

  /**
   * SCRIPT LOAD on the node that answered NOSCRIPT, unless another run is loading it right now or
   * loaded it while our EVALSHA was on its way (then the retry alone suffices). `knownBefore`: the
   * node was believed to hold it when EVALSHA was sent, so NOSCRIPT means it lost its cache.
   */
  private async load(target: NodeTarget, sha: string, source: string, knownBefore: boolean): Promise<void> {
    const key = `${target.node} ${sha}`;
    const pending = this.loading.get(key);
    if (pending) return pending;
    if (!knownBefore && this.isLoaded(target.node, sha)) return;
    this.loaded.get(target.node)?.delete(sha);
    const loading = (async () => {
      const argv: Arg[] = ['load', source];
      this.sent += respBytes('script', argv);
      const started = performance.now();
      let reply: unknown;
      try {
        reply = await target.redis.callBuffer('script', argv);
      } catch (err) {
        throw asScriptError(err, { sha, node: target.node, ms: performance.now() - started });
      }
      const loadedSha = Buffer.isBuffer(reply) ? reply.toString('latin1') : String(reply);
      if (loadedSha !== sha) {
        throw new Error(`SCRIPT LOAD on ${target.node} returned sha ${loadedSha}, expected ${sha}: the server received different bytes than were hashed.`);
      }
      this.remember(target.node, sha);
    })();
    this.loading.set(key, loading);
    try {
      await loading;
    } finally {
      this.loading.delete(key);
    }
  }
}

/** Size of a command as RESP on the wire: `*N\r\n` then `$len\r\n<bytes>\r\n` per argument. */
export function respBytes(command: string, args: readonly Arg[]): number {
  let total = 3 + digits(args.length + 1) + bulk(command.length);
  for (const arg of args) {
    total += bulk(typeof arg === 'string' ? Buffer.byteLength(arg) : Buffer.isBuffer(arg) ? arg.length : String(arg).length);
  }
  return total;
}

function bulk(length: number): number {
  return 5 + digits(length) + length;
}

function digits(n: number): number {
  return n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : String(n).length;
}
