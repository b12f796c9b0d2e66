/**
 * Seeds a server with exactly N keys in realistic namespaces, generated (deterministically, from a
 * fixed PRNG seed) as RESP and streamed into `redis-cli --pipe`:
 *
 *   35%  user:<id>:profile (hash), user:<id>:settings (string), user:<id>:roles (set)
 *   20%  session:<uuid> (string, EX 1 day)
 *   15%  cache:product:<id> (string, EX 1 day)
 *   15%  app:prod:eu:orders:<id>, app:prod:us:orders:<id>, app:staging:eu:orders:<id> (hash)
 *   15%  rate:<ip>:<minute> (string, EX 1 day; 20 minutes per IP)
 *   300  odd keys (N/100 when N < 30,000): mostly top-level without a delimiter (config-7,
 *        lock.mail.12, "my key 3", non-UTF-8 bytes, emoji), lists, zsets, streams, and delimiter
 *        edge cases (":lead-9", "trail-19:", "a::b-29", "legacy/path/39")
 *
 * Every argument is built as a latin1 string (one char per byte), so UTF-8 and binary keys go
 * through byte-exact.
 */
import { spawn } from 'node:child_process';
import { prng } from '../../scripts/lib/prng.mjs';

const DAY = '86400';


function cmd(args) {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${a.length}\r\n${a}\r\n`;
  return out;
}

const bytes = (text) => Buffer.from(text, 'utf8').toString('latin1');

/** How many keys of each kind make N. */
export function plan(n) {
  const odd = Math.min(300, Math.floor(n / 100));
  const rest = n - odd;
  const users = Math.floor(rest * 0.35);
  const sessions = Math.floor(rest * 0.2);
  const cache = Math.floor(rest * 0.15);
  const orders = Math.floor(rest * 0.15);
  const rate = rest - users - sessions - cache - orders;
  return { users, sessions, cache, orders, rate, odd };
}

/** Yields RESP chunks (latin1 strings of ~10,000 commands) that create exactly n keys. */
export function* respChunks(n) {
  const p = plan(n);
  const rnd = prng(0x5eed);
  const hex = (digits) => {
    let s = '';
    for (let i = 0; i < digits; i++) s += '0123456789abcdef'[(rnd() * 16) | 0];
    return s;
  };
  let chunk = '';
  let inChunk = 0;
  const flush = function* (force = false) {
    if (inChunk >= 10_000 || (force && inChunk > 0)) {
      yield chunk;
      chunk = '';
      inChunk = 0;
    }
  };
  const emit = (args) => {
    chunk += cmd(args);
    inChunk++;
  };

  for (let i = 0; i < p.users; i++) {
    const uid = String(100_000 + Math.floor(i / 3));
    switch (i % 3) {
      case 0:
        emit(['HSET', `user:${uid}:profile`, 'name', `User ${uid}`, 'email', `u${uid}@example.com`, 'plan', rnd() < 0.2 ? 'pro' : 'free']);
        break;
      case 1:
        emit(['SET', `user:${uid}:settings`, `{"theme":"${rnd() < 0.5 ? 'dark' : 'light'}","lang":"en","tz":"Europe/Paris"}`]);
        break;
      default:
        emit(['SADD', `user:${uid}:roles`, 'reader', rnd() < 0.3 ? 'editor' : 'commenter']);
    }
    yield* flush();
  }
  for (let i = 0; i < p.sessions; i++) {
    // Random v4-shaped UUID whose last group is the index: unique by construction.
    const uuid = `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[(rnd() * 4) | 0]}${hex(3)}-${i.toString(16).padStart(12, '0')}`;
    emit(['SET', `session:${uuid}`, `{"uid":${100_000 + ((rnd() * 1e6) | 0)},"ua":"Mozilla/5.0"}`, 'EX', DAY]);
    yield* flush();
  }
  for (let i = 0; i < p.cache; i++) {
    const id = String(1 + i);
    emit(['SET', `cache:product:${id}`, `{"id":${id},"price":${((rnd() * 10_000) | 0) / 100},"stock":${(rnd() * 500) | 0}}`, 'EX', DAY]);
    yield* flush();
  }
  for (let i = 0; i < p.orders; i++) {
    const r = i % 10;
    const where = r < 6 ? 'prod:eu' : r < 9 ? 'prod:us' : 'staging:eu';
    emit(['HSET', `app:${where}:orders:${7_000_000 + i}`, 'status', rnd() < 0.9 ? 'paid' : 'pending', 'total', String(((rnd() * 50_000) | 0) / 100), 'items', String(1 + ((rnd() * 9) | 0))]);
    yield* flush();
  }
  for (let i = 0; i < p.rate; i++) {
    const ip = Math.floor(i / 20);
    const addr = `10.${(ip >> 16) & 255}.${(ip >> 8) & 255}.${ip & 255}`;
    emit(['SET', `rate:${addr}:${28_450_000 + (i % 20)}`, String(1 + ((rnd() * 100) | 0)), 'EX', DAY]);
    yield* flush();
  }
  const words = ['config', 'feature_flags', 'healthcheck', 'maintenance', 'schema_version', 'celery', 'last_deploy', 'hits', 'visitors', 'migrations'];
  for (let j = 0; j < p.odd; j++) {
    const w = words[j % words.length];
    switch (j % 10) {
      case 0:
        emit(['SET', `${w}-${j}`, 'on']);
        break;
      case 1:
        emit(['SET', `lock.${w}.${j}`, hex(16), 'EX', DAY]);
        break;
      case 2:
        emit(['SET', `tmp_${j}`, 'x'.repeat(64)]);
        break;
      case 3:
        emit(['RPUSH', `jobs-${j}`, 'a', 'b', 'c']);
        break;
      case 4:
        emit(['ZADD', `leaderboard-${j}`, '10', 'ann', '20', 'bob']);
        break;
      case 5:
        emit(['XADD', `events-${j}`, '*', 'type', 'signup', 'uid', '100001']);
        break;
      case 6:
        emit(['SET', `my key ${j}`, 'spaces']);
        break;
      case 7:
        emit(['SET', bytes(`café-ключ-🔑-${j}`), bytes('ünïcødé')]);
        break;
      case 8:
        emit(['SET', `\xff\xfe-${j}`, 'not utf-8']);
        break;
      default: {
        const shapes = [`:lead-${j}`, `trail-${j}:`, `a::b-${j}`, `legacy/path/${j}`];
        emit(['SET', shapes[Math.floor(j / 10) % shapes.length], 'edge']);
      }
    }
    yield* flush();
  }
  yield* flush(true);
}

/**
 * Streams the keyspace into `redis-cli --pipe` and checks it reports no errors. Resolves with the
 * number of replies redis-cli counted.
 */
export async function seed({ host, port, keys }) {
  const child = spawn('redis-cli', ['-h', host, '-p', String(port), '--pipe'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exit = new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
  const stdinError = new Promise((_, reject) => child.stdin.on('error', reject));
  for (const chunk of respChunks(keys)) {
    if (!child.stdin.write(Buffer.from(chunk, 'latin1'))) {
      await Promise.race([new Promise((r) => child.stdin.once('drain', r)), stdinError, exit.then((code) => Promise.reject(new Error(`redis-cli --pipe exited early (${code}): ${output.trim()}`)))]);
    }
  }
  child.stdin.end();
  const code = await exit;
  const m = /errors:\s*(\d+),\s*replies:\s*(\d+)/.exec(output);
  if (code !== 0 || !m || m[1] !== '0') throw new Error(`redis-cli --pipe failed (exit ${code}): ${output.trim()}`);
  return Number(m[2]);
}
