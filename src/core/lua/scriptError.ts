/**
 * The typed error for a script or function that Redis refused or that failed while running. The
 * message is Redis's own text, unchanged, so the line mapper can read `user_script:N` from it.
 */

/** What a ScriptError records besides Redis's message. */
export interface ScriptErrorInit {
  /** First word of the Redis error: 'ERR', 'WRONGTYPE', 'BUSY', 'NOSCRIPT', 'UNKILLABLE', ... */
  code: string;
  sha?: string;
  functionName?: string;
  /** "host:port" that answered. */
  node?: string;
  /** Wall time of the command that failed. */
  ms?: number;
}

/** A Redis error reply to EVALSHA / FCALL (compile, runtime, command error inside the script, kill). */
export class ScriptError extends Error {
  readonly code: string;
  readonly sha?: string;
  readonly functionName?: string;
  readonly node?: string;
  readonly ms?: number;

  constructor(message: string, init: ScriptErrorInit) {
    super(message);
    this.name = 'ScriptError';
    this.code = init.code;
    this.sha = init.sha;
    this.functionName = init.functionName;
    this.node = init.node;
    this.ms = init.ms;
  }
}

/** The error code Redis puts first ("WRONGTYPE Operation against ..." -> 'WRONGTYPE'); 'ERR' if none. */
export function errorCode(message: string): string {
  return /^([A-Z][A-Z0-9_-]*)(?:\s|$)/.exec(message)?.[1] ?? 'ERR';
}

/**
 * True for an error Redis sent as its reply, as opposed to a socket failure or a refusal made
 * locally (ReadOnlyError). ioredis 6 raises `ReplyError` (and its `SimpleError` subclass); the name
 * is checked rather than the class so a second bundled copy of ioredis is recognised too.
 */
export function isReplyError(err: unknown): err is Error {
  return err instanceof Error && err.name === 'ReplyError';
}

/** `err` as a ScriptError when Redis sent it; anything else is returned unchanged. */
export function asScriptError(err: unknown, init: Omit<ScriptErrorInit, 'code'>): unknown {
  return isReplyError(err) ? new ScriptError(err.message, { code: errorCode(err.message), ...init }) : err;
}
