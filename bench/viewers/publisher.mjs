/**
 * The load for the pub/sub half of the viewers bench: one connection PUBLISHing as fast as the
 * server takes it, for a fixed time. Commands go out as pre-encoded RESP in pipelined batches
 * (BATCH commands per write, at most IN_FLIGHT batches unanswered) over a raw socket, so the
 * publisher costs little CPU next to the server and the subscribers it is measuring; the integer
 * replies (how many subscribers each message reached) are counted and summed.
 *
 * Payloads are ~110-byte JSON order events, each with its own sequence number.
 */
import { createConnection } from 'node:net';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';

const BATCH = 1_000;
const IN_FLIGHT = 4;

export function payload(seq, now) {
  return `{"seq":${seq},"event":"order.created","order":"ord-${seq}","amount":${(seq % 100_000) / 100},"currency":"EUR","ts":${now}}`;
}

/**
 * Publishes to `channel` for `ms` milliseconds (as fast as the server takes it, or at `rate`
 * messages a second), then waits for every reply. Resolves with
 * { published, receivers (sum of the replies), errors, elapsedMs (first write to last reply) }.
 */
export async function publishFor({ host, port, channel, ms, rate }) {
  const socket = createConnection({ host, port });
  socket.setNoDelay(true);
  await once(socket, 'connect');

  let sent = 0;
  let replies = 0;
  let receivers = 0;
  let errors = 0;
  let firstError;
  // Reply parser state: the type byte of the line being read (-1 between lines) and its digits.
  let type = -1;
  let n = 0;
  let line = '';
  let wake;
  socket.on('data', (buf) => {
    for (let i = 0; i < buf.length; i++) {
      const c = buf[i];
      if (type === -1) {
        type = c;
        n = 0;
        line = '';
      } else if (c === 10) {
        if (type === 58) receivers += n;
        else {
          errors++;
          firstError ??= `${String.fromCharCode(type)}${line.trim()}`;
        }
        replies++;
        type = -1;
      } else if (type === 58) {
        if (c >= 48 && c <= 57) n = n * 10 + (c - 48);
      } else if (line.length < 200) line += String.fromCharCode(c);
    }
    if (wake) {
      const w = wake;
      wake = undefined;
      w();
    }
  });
  const closed = once(socket, 'close').then(() => {
    throw new Error(`the publisher's connection closed after ${replies} replies`);
  });
  closed.catch(() => {});
  const replied = () => Promise.race([new Promise((resolve) => (wake = resolve)), closed]);

  const head = `*3\r\n$7\r\nPUBLISH\r\n$${Buffer.byteLength(channel)}\r\n${channel}\r\n`;
  const t0 = performance.now();
  const deadline = t0 + ms;
  while (performance.now() < deadline) {
    while (sent - replies >= BATCH * IN_FLIGHT) await replied();
    // A fixed rate: the next batch waits for its time (rounded to the timer's granularity).
    const due = rate ? t0 + (sent / rate) * 1000 - performance.now() : 0;
    if (due > 1) await new Promise((r) => setTimeout(r, due));
    const now = Date.now();
    let chunk = '';
    for (let i = 0; i < BATCH; i++) {
      const p = payload(sent + i + 1, now);
      chunk += `${head}$${p.length}\r\n${p}\r\n`;
    }
    sent += BATCH;
    if (!socket.write(chunk, 'latin1')) await Promise.race([once(socket, 'drain'), closed]);
  }
  while (replies < sent) await replied();
  const elapsedMs = performance.now() - t0;
  socket.end();
  if (errors) throw new Error(`${errors} PUBLISH error(s), first: ${firstError}`);
  return { published: sent, receivers, errors, elapsedMs };
}

/** `PUBSUB NUMSUB channel` over `client` (an ioredis client). */
export async function subscriberCount(client, channel) {
  const reply = await client.call('PUBSUB', 'NUMSUB', channel);
  return Number(reply[1]);
}
