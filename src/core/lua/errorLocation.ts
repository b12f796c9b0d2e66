/**
 * Maps the text of a Redis script error to the line of the file it came from. Redis puts the line
 * in several places depending on the error and the version (see shared reference, "Error formats").
 */

/** Where a Redis script error points, and what it says without the location noise. */
export interface ScriptErrorLocation {
  /** 0-based line in the file (Redis reports 1-based lines of the exact script text). */
  line: number;
  /** Redis's message without the sha, script name, location and a leading `ERR `. */
  message: string;
  /** compile: the script did not load; runtime: a Lua error; command: an error reply raised by redis.call (or error({err=})). */
  kind: 'compile' | 'runtime' | 'command';
  source: 'script' | 'function';
}

/** 7.0+: the trailing `script: <sha or fn>, on @user_script:N.` Redis appends to every script error. */
const TRAILING = /\s*script: \S*, on @user_(script|function):(\d+)\.\s*$/;
/** A Lua-level location `user_script:N:`; Redis <= 6.2 also writes `@user_script:N:` and `@user_script: N:`. */
const INLINE = /@?user_(script|function): ?(\d+):/;
/** Every location-like prefix to strip from the message, including 6.x's `@enable_strict_lua:N:`. */
const LOCATION_PREFIX = /^\s*@?(?:user_(?:script|function)|enable_strict_lua): ?\d+:\s*/;
/** 6.x wrapper around runtime errors. */
const RUNNING = /^Error running script \(call to [^)]*\):\s*/;
const COMPILING = /^Error compiling (?:script \(new function\)|function):\s*/;
const REGISTERING = /^Error registering functions:\s*/;
/** Errors about the shebang name no line, but they are all about line 1. */
const SHEBANG = /^(?:Unexpected engine in script shebang|Unexpected flag in script shebang|Unknown lua shebang option|Invalid metadata value given|Library name was not given|Missing library metadata)/;

function stripErr(text: string): string {
  return text.replace(/^ERR\s+/, '');
}

function cleanMessage(text: string): string {
  let msg = stripErr(text.trim());
  for (;;) {
    const next = stripErr(msg.replace(RUNNING, '').replace(COMPILING, '').replace(REGISTERING, '').replace(LOCATION_PREFIX, ''));
    if (next === msg) break;
    msg = next;
  }
  return msg.trim();
}

/**
 * Finds the script line an error from Redis refers to. Prefers the trailing
 * `on @user_(script|function):N.`, else the first `user_(script|function):N:` (also the Redis <= 6.2
 * `@user_script:N:` forms). Shebang and library-metadata errors map to the first line.
 * @returns undefined when the text names no line (e.g. a plain `redis.error_reply` or `NOSCRIPT`).
 */
export function locateScriptError(redisMessage: string): ScriptErrorLocation | undefined {
  const text = redisMessage.replace(/^ReplyError:\s*/, '').trim();
  const trailing = TRAILING.exec(text);
  const body = trailing ? text.slice(0, trailing.index) : text;
  const inline = INLINE.exec(body);
  const compile = /Error compiling (?:script|function)/.test(body);
  const registering = REGISTERING.test(stripErr(body));
  const message = cleanMessage(body);

  if (!trailing && !inline) {
    if (!SHEBANG.test(message)) return undefined;
    return { line: 0, message, kind: 'compile', source: /metadata|Library name/.test(message) ? 'function' : 'script' };
  }
  const [, source, lineText] = trailing ?? inline ?? [];
  const kind: ScriptErrorLocation['kind'] = compile || registering ? 'compile' : inline && !isCommandError(body, inline.index) ? 'runtime' : 'command';
  return {
    line: Math.max(0, Number(lineText) - 1),
    message,
    kind,
    source: source === 'function' ? 'function' : 'script',
  };
}

/**
 * True when the located text is an error reply of a Redis command rather than a Lua error. In 7.0
 * command errors carry only the trailing location; in 6.x the inline location is `@user_script: N:`
 * (with a space), which only Redis's own error-reply path writes.
 */
function isCommandError(body: string, inlineIndex: number): boolean {
  return /^@user_(?:script|function): \d+:/.test(body.slice(inlineIndex)) || /@user_(?:script|function):\d+: @user_(?:script|function): \d+:/.test(body);
}
