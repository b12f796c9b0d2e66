/**
 * How the viewers suite talks to its subscriber processes (Node IPC, `fork`): both sides wait for
 * a message of a given type, whether it came before or after they started waiting.
 *
 * The exchange: child -> `ready` (subscribed); parent -> `start` / child -> `started` (the publish
 * window opens); parent -> `published` { published } (it closed); child -> `result` { ... } once it
 * has drained what the server still had for it.
 */
import { fork } from 'node:child_process';

/** A mailbox over an IPC channel (`process` in a child, a ChildProcess in the parent). */
export function mailbox(channel, label) {
  const waiting = new Map();
  const arrived = new Map();
  let failure;
  const fail = (err) => {
    failure = err;
    for (const w of waiting.values()) w.reject(err);
    waiting.clear();
  };
  channel.on('message', (msg) => {
    const w = waiting.get(msg.type);
    if (w) {
      waiting.delete(msg.type);
      w.resolve(msg);
    } else arrived.set(msg.type, msg);
  });
  return {
    fail,
    /** Resolves once the message is handed to the channel. */
    send: (msg) => new Promise((resolve, reject) => channel.send(msg, (err) => (err ? reject(err) : resolve()))),
    /** The next message of `type`; rejects after `timeoutMs` or when the other side fails. */
    next(type, timeoutMs = 30_000) {
      if (failure) return Promise.reject(failure);
      const early = arrived.get(type);
      if (early) {
        arrived.delete(type);
        return Promise.resolve(early);
      }
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(type);
          reject(new Error(`${label}: no '${type}' within ${timeoutMs / 1000} s`));
        }, timeoutMs);
        waiting.set(type, {
          resolve: (m) => (clearTimeout(timer), resolve(m)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
      });
    },
  };
}

/**
 * Forks `file` with `args`; resolves at once with { box, exited, kill }. `box` fails (every wait
 * rejects) if the child exits before its `result`, or with an `error` message it sends.
 */
export function startChild(file, args, { label, execArgv = [] }) {
  const child = fork(file, args, { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const box = mailbox(child, label);
  let done = false;
  child.on('message', (msg) => {
    if (msg.type === 'error') box.fail(new Error(`${label}: ${msg.message}`));
    if (msg.type === 'result') done = true;
  });
  const exited = new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      if (!done) box.fail(new Error(`${label} exited (${code ?? signal}) before its result`));
      resolve(code ?? signal);
    });
  });
  child.on('error', (err) => box.fail(err));
  return { box, exited, kill: () => child.exitCode === null && child.kill('SIGKILL') };
}

/**
 * In a child: resolves once `count()` reaches `target`, or has not moved for `idleMs`, or after
 * `maxMs` in all: what the server had queued for this subscriber has arrived (or never will).
 */
export async function drain(count, target, { idleMs = 2_000, maxMs = 20_000, stepMs = 50 } = {}) {
  const t0 = Date.now();
  let last = count();
  let lastMove = t0;
  while (count() < target && Date.now() - lastMove < idleMs && Date.now() - t0 < maxMs) {
    await new Promise((r) => setTimeout(r, stepMs));
    const now = count();
    if (now !== last) {
      last = now;
      lastMove = Date.now();
    }
  }
  return Date.now() - t0;
}

/** In a child: reports an uncaught failure to the parent, then exits 1. */
export function reportFailures() {
  const report = (err) => {
    try {
      process.send?.({ type: 'error', message: err?.stack ?? String(err) });
    } finally {
      setTimeout(() => process.exit(1), 50);
    }
  };
  process.on('uncaughtException', report);
  process.on('unhandledRejection', report);
}
