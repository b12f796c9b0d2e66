/**
 * A minimal RESP2 client for the harness's own probes (readiness, cluster join, sentinel checks).
 * It deliberately is not ioredis: a probe must make exactly one connection attempt, never queue,
 * never retry and never reconnect, so that "is this server up and is it ours" has a crisp answer.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';

export type Reply = string | number | null | RespError | Reply[];

/** An error reply (`-ERR ...`, `-NOAUTH ...`) from the server. */
export class RespError extends Error {
  override readonly name = 'RespError';
}

export interface ProbeTarget {
  host: string;
  port: number;
  /** When set, connect with TLS using these options. */
  tls?: tls.ConnectionOptions;
}

interface Parsed {
  value: Reply;
  next: number;
}

/** Parses one reply starting at `at`; undefined when the buffer does not hold all of it yet. */
function parseReply(buf: Buffer, at: number): Parsed | undefined {
  const eol = buf.indexOf('\r\n', at);
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[at]);
  const line = buf.toString('utf8', at + 1, eol);
  const after = eol + 2;
  switch (type) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: new RespError(line), next: after };
    case ':':
      return { value: Number(line), next: after };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, next: after };
      if (buf.length < after + len + 2) return undefined;
      return { value: buf.toString('utf8', after, after + len), next: after + len + 2 };
    }
    case '*': {
      const count = Number(line);
      if (count < 0) return { value: null, next: after };
      const items: Reply[] = [];
      let pos = after;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, pos);
        if (!item) return undefined;
        items.push(item.value);
        pos = item.next;
      }
      return { value: items, next: pos };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

function encode(args: readonly string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
}

/**
 * Opens one connection, sends `commands` pipelined, resolves with one reply per command (error
 * replies are returned as `RespError` values, not thrown) and closes. Rejects on a socket error,
 * a TLS failure or when `timeoutMs` passes.
 */
export function sendCommands(target: ProbeTarget, commands: readonly (readonly string[])[], timeoutMs = 2000): Promise<Reply[]> {
  return new Promise((resolve, reject) => {
    const socket: net.Socket = target.tls
      ? tls.connect({ host: target.host, port: target.port, ...target.tls })
      : net.connect({ host: target.host, port: target.port });
    let buf = Buffer.alloc(0);
    let pos = 0;
    const replies: Reply[] = [];
    let settled = false;
    const finish = (err: Error | undefined): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(replies);
    };
    const timer = setTimeout(() => finish(new Error(`no reply from ${target.host}:${target.port} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(target.tls ? 'secureConnect' : 'connect', () => {
      socket.write(commands.map(encode).join(''));
    });
    socket.on('data', (chunk: Buffer) => {
      buf = Buffer.concat([buf, chunk]);
      try {
        for (;;) {
          const parsed = parseReply(buf, pos);
          if (!parsed) break;
          replies.push(parsed.value);
          pos = parsed.next;
          if (replies.length === commands.length) return finish(undefined);
        }
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.on('error', (err) => finish(err));
    socket.on('close', () => finish(new Error(`connection to ${target.host}:${target.port} closed after ${replies.length} of ${commands.length} replies`)));
  });
}

/** Parses `INFO` output into a field map (section headers and blank lines skipped). */
export function parseInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\r\n')) {
    if (!line || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon > 0) out[line.slice(0, colon)] = line.slice(colon + 1);
  }
  return out;
}
