// Demo data for `npm run demo`: a few thousand keys that look like a real application's keyspace,
// covering every data type the extension shows and the cases it must render safely.
//
// Deterministic: every value comes from one seeded PRNG, so two runs give the same keys and
// payloads (only TTL clocks, stream ids and dates follow the wall clock). No dependencies beyond
// the ioredis client passed in. Expects an empty database (the demo starts its own server).
import { prng } from '../lib/prng.mjs';

const SEED = 0x5eed_2024;

const FIRST = ['Ada', 'Alan', 'Grace', 'Linus', 'Margaret', 'Dennis', 'Barbara', 'Ken', 'Radia', 'Guido', 'Frances', 'Bjarne', 'Hedy', 'Tim', 'Sophie', 'Yukihiro', 'Fatima', 'Lars', 'Amara', 'Mateo', 'Priya', 'Chen', 'Olga', 'Kwame', 'Ingrid', 'Diego', 'Aiko', 'Noah', 'Zainab', 'Elena'];
const LAST = ['Lovelace', 'Turing', 'Hopper', 'Torvalds', 'Hamilton', 'Ritchie', 'Liskov', 'Thompson', 'Perlman', 'van Rossum', 'Allen', 'Stroustrup', 'Lamarr', 'Berners-Lee', 'Wilson', 'Matsumoto', 'Haddad', 'Nilsson', 'Okafor', 'García', 'Sharma', 'Wei', 'Ivanova', 'Mensah', 'Larsen', 'Fernández', 'Tanaka', 'Schmidt', 'Bello', 'Rossi'];
const DOMAINS = ['example.com', 'mail.example.org', 'acme.io', 'contoso.net', 'initech.dev'];
const COUNTRIES = ['DE', 'FR', 'GB', 'US', 'CA', 'BR', 'IN', 'JP', 'NG', 'SE', 'ES', 'IT', 'PL', 'NL'];
const PLANS = [['free', 60], ['pro', 25], ['team', 11], ['enterprise', 4]];
const AGENTS = ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Safari/17.5', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0 Safari/537.36', 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Mobile/15E148', 'okhttp/4.12.0'];
const ADJ = ['Ergonomic', 'Rustic', 'Sleek', 'Compact', 'Wireless', 'Recycled', 'Heavy-Duty', 'Smart', 'Vintage', 'Portable'];
const NOUN = ['Keyboard', 'Desk Lamp', 'Backpack', 'Headphones', 'Water Bottle', 'Monitor Arm', 'Notebook', 'Chair', 'Mouse', 'Coffee Grinder', 'Standing Mat', 'USB-C Hub'];
const CATEGORIES = ['office', 'audio', 'outdoor', 'kitchen', 'accessories', 'furniture'];
const TAGS = ['sale', 'new', 'bestseller', 'eco', 'limited', 'gift-idea', 'clearance', 'premium', 'bundle', 'refurbished', 'staff-pick', 'back-in-stock'];
const TEMPLATES = ['welcome', 'password-reset', 'order-confirmation', 'shipping-update', 'weekly-digest', 'invoice'];
const ORDER_STATUS = ['created', 'paid', 'packed', 'shipped', 'delivered', 'refunded'];
const CURRENCIES = ['EUR', 'USD', 'GBP'];
const PAGES = ['/', '/pricing', '/docs', '/blog', '/signup', '/login', '/checkout', '/products'];

export const USER_COUNT = 1500;
export const FIRST_USER_ID = 1001;
export const SESSION_COUNT = 600;
export const PRODUCT_COUNT = 800;
export const LEADERBOARD_SIZE = 500;
export const STREAM_LENGTH = 300;

/** Sends commands in pipelines of `size`, so thousands of writes cost a handful of round trips. */
class Batch {
  constructor(client, size = 500) {
    this.client = client;
    this.size = size;
    this.pipeline = client.pipeline();
    this.count = 0;
    this.total = 0;
  }

  /** Queues one command, e.g. add('hset', key, fields). */
  async add(command, ...args) {
    this.pipeline[command](...args);
    this.count++;
    if (this.count >= this.size) await this.flush();
  }

  async flush() {
    if (this.count === 0) return;
    const results = await this.pipeline.exec();
    const failed = results.find(([err]) => err);
    if (failed) throw new Error(`seeding failed: ${failed[0].message}`);
    this.total += this.count;
    this.pipeline = this.client.pipeline();
    this.count = 0;
  }
}

function makeTools(rand) {
  const int = (min, max) => min + Math.floor(rand() * (max - min + 1));
  const pick = (list) => list[Math.floor(rand() * list.length)];
  const weighted = (pairs) => {
    let r = rand() * pairs.reduce((s, [, w]) => s + w, 0);
    for (const [value, w] of pairs) if ((r -= w) < 0) return value;
    return pairs[pairs.length - 1][0];
  };
  const hex = (n) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[int(0, 3)]}${hex(3)}-${hex(12)}`;
  const bytes = (n) => Buffer.from(Array.from({ length: n }, () => int(0, 255)));
  const ip = () => `${int(11, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
  return { int, pick, weighted, hex, uuid, bytes, ip };
}

const DAY = 86_400_000;
const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);
const slug = (s) => s.toLowerCase().normalize('NFD').replace(/[^a-z0-9]+/g, '.').replace(/^\.|\.$/g, '');

/**
 * Fills the connected database with realistic sample data (about 3,600 keys plus a few in db 1).
 *
 * @param {import('ioredis').Redis} client a connected ioredis client on the database to fill
 * @param {{ now?: number }} [options] clock for TTLs, dates and stream ids (default Date.now())
 * @returns {Promise<{ keys: number, commands: number, ms: number }>} keys in the database afterwards
 */
export async function seed(client, { now = Date.now() } = {}) {
  const started = Date.now();
  const rand = prng(SEED);
  const { int, pick, weighted, uuid, bytes, ip } = makeTools(rand);
  const batch = new Batch(client);

  // Users: hashes under user:<id>, plus a secondary index by email.
  const users = [];
  for (let i = 0; i < USER_COUNT; i++) {
    const id = FIRST_USER_ID + i;
    const name = `${pick(FIRST)} ${pick(LAST)}`;
    const email = `${slug(name)}${int(1, 99)}@${pick(DOMAINS)}`;
    const created = now - int(1, 900) * DAY - int(0, DAY);
    users.push({ id, name, email });
    await batch.add('hset', `user:${id}`, {
      name,
      email,
      plan: weighted(PLANS),
      created: new Date(created).toISOString(),
      country: pick(COUNTRIES),
      last_login: new Date(now - int(0, 30 * DAY)).toISOString(),
      email_verified: rand() < 0.9 ? 'true' : 'false',
    });
    await batch.add('set', `user:email:${email}`, String(id));
  }

  // Sessions: JSON strings that expire in 30 min to 2 h, like a login store.
  for (let i = 0; i < SESSION_COUNT; i++) {
    const user = pick(users);
    const createdAt = now - int(0, 90) * 60_000;
    const value = JSON.stringify({ userId: user.id, email: user.email, ip: ip(), userAgent: pick(AGENTS), createdAt: new Date(createdAt).toISOString(), csrf: uuid().replace(/-/g, '') });
    await batch.add('set', `session:${uuid()}`, value, 'EX', int(30 * 60, 2 * 60 * 60));
  }

  // Product cache: JSON strings WITHOUT a TTL (the anti-pattern the demo is meant to surface).
  const products = [];
  for (let i = 0; i < PRODUCT_COUNT; i++) {
    const id = 20_000 + i * 7;
    const product = {
      id,
      sku: `SKU-${id}-${pick(CATEGORIES).slice(0, 3).toUpperCase()}`,
      name: `${pick(ADJ)} ${pick(NOUN)}`,
      category: pick(CATEGORIES),
      price: { amount: int(499, 39_999) / 100, currency: pick(CURRENCIES) },
      stock: int(0, 400),
      rating: Math.round((2.5 + rand() * 2.5) * 10) / 10,
      updatedAt: new Date(now - int(0, 60) * DAY).toISOString(),
    };
    products.push(product);
    await batch.add('set', `cache:product:${id}`, JSON.stringify(product));
  }
  // A few cache entries that do have TTLs, for contrast.
  for (let i = 0; i < 40; i++) {
    const user = users[i * 7];
    await batch.add('set', `cache:user:${user.id}:profile`, JSON.stringify({ id: user.id, name: user.name, avatar: `https://cdn.example.com/a/${user.id}.png` }), 'EX', int(600, 3600));
  }

  // Orders under deep namespaces: app:<env>:<region>:orders:<id>.
  const orderIds = [];
  for (const [env, region, count] of [['prod', 'eu', 120], ['prod', 'us', 60], ['staging', 'eu', 20]]) {
    for (let i = 0; i < count; i++) {
      const id = `${region.toUpperCase()}-${100_000 + orderIds.length * 13}`;
      orderIds.push(id);
      const lines = Array.from({ length: int(1, 4) }, () => {
        const p = pick(products);
        return { productId: p.id, qty: int(1, 3), price: p.price.amount };
      });
      const total = Math.round(lines.reduce((s, l) => s + l.qty * l.price, 0) * 100) / 100;
      await batch.add('set', `app:${env}:${region}:orders:${id}`, JSON.stringify({ id, userId: pick(users).id, status: pick(ORDER_STATUS), currency: region === 'eu' ? 'EUR' : 'USD', total, lines, placedAt: new Date(now - int(0, 14 * DAY)).toISOString() }));
    }
  }
  await batch.add('hset', 'app:prod:eu:config', { 'checkout.enabled': 'true', 'checkout.maxItems': '50', 'payments.provider': 'stripe', 'search.engine': 'redisearch' });

  // Email job queue (list, oldest job at the right end, as LPUSH/BRPOP workers use it).
  for (let i = 0; i < 250; i++) {
    const user = pick(users);
    await batch.add('lpush', 'queue:emails', JSON.stringify({ jobId: uuid(), template: pick(TEMPLATES), to: user.email, userId: user.id, attempts: weighted([[0, 85], [1, 10], [2, 5]]), enqueuedAt: new Date(now - (250 - i) * 9_000).toISOString() }));
  }
  for (let i = 0; i < 12; i++) {
    await batch.add('rpush', 'queue:emails:dead', JSON.stringify({ jobId: uuid(), template: pick(TEMPLATES), to: `bounce-${i}@invalid.example`, attempts: 5, error: '550 5.1.1 mailbox unavailable' }));
  }

  // Tags: sets of product ids.
  for (const tag of TAGS) {
    const members = new Set(Array.from({ length: int(20, 120) }, () => String(pick(products).id)));
    await batch.add('sadd', `tags:${tag}`, ...members);
  }

  // Leaderboard: 500 players with scores.
  const board = [];
  for (let i = 0; i < LEADERBOARD_SIZE; i++) board.push(int(0, 250_000), `player:${slug(pick(FIRST))}_${int(100, 9999)}_${i}`);
  await batch.add('zadd', 'leaderboard:global', ...board);
  await batch.add('zadd', 'leaderboard:weekly', ...board.slice(0, 200).map((v, i) => (i % 2 === 0 ? Math.floor(v / 10) : v)));

  // Counters, rate limits, locks, feature flags, geo.
  for (const page of PAGES) await batch.add('set', `counter:pageviews:${page}`, String(int(1_000, 2_000_000)));
  for (let i = 0; i < 30; i++) await batch.add('set', `ratelimit:api:${ip()}`, String(int(1, 100)), 'EX', int(30 * 60, 60 * 60));
  for (let i = 0; i < 5; i++) await batch.add('set', `lock:order:${pick(orderIds)}`, uuid(), 'EX', 3600);
  await batch.add('hset', 'config:features', { 'new-checkout': 'on', 'dark-mode': 'on', 'beta-search': 'off', 'recommendations.v2': '25%' });
  await batch.add('geoadd', 'geo:stores', 13.405, 52.52, 'store:berlin', 2.3522, 48.8566, 'store:paris', -0.1276, 51.5072, 'store:london', -73.9857, 40.7484, 'store:nyc', 139.6917, 35.6895, 'store:tokyo');

  // HyperLogLogs: unique visitors per day for the last week.
  for (let d = 6; d >= 0; d--) {
    const key = `stats:visitors:${isoDay(now - d * DAY)}`;
    const visitors = int(1_500, 4_000);
    for (let start = 0; start < visitors; start += 500) {
      const chunk = Array.from({ length: Math.min(500, visitors - start) }, () => `v${int(1, 20_000)}`);
      await batch.add('pfadd', key, ...chunk);
    }
  }

  // Binary data: a value that is not UTF-8 (a PNG header and noise) and a key name that isn't either.
  await batch.add('set', 'blob:avatar:1001', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), bytes(248)]));
  await batch.add('set', 'blob:thumbnail:20007', Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), bytes(124)]));
  await batch.add('set', Buffer.concat([Buffer.from('bin:'), Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x80]), Buffer.from(':key')]), 'a key whose name is not valid UTF-8');

  // Key names that must render as text, never as markup.
  await batch.add('set', 'odd:key with spaces', 'spaces in a key name');
  await batch.add('set', 'odd:ünïcødé:日本語:🚀', 'unicode key name');
  await batch.add('set', 'odd:<b>html</b>', '<b>this must show as text, not bold</b>');
  await batch.add('set', 'odd:<img src=x onerror=alert(1)>', '<script>alert("xss")</script>');
  await batch.add('set', 'odd:line\nbreak\ttab', 'control characters in a key name');
  await batch.add('hset', 'odd:hash:"quotes"&amp;', { '<field>': '<value onclick="alert(1)">', 'emoji 🎉': 'ok' });

  // A second database, so the tree has more than db 0 to show.
  const db1 = client.duplicate({ db: 1 });
  try {
    const p = db1.pipeline();
    for (let i = 0; i < 25; i++) p.set(`jobs:scheduled:${i}`, JSON.stringify({ cron: `${i} * * * *`, task: pick(['cleanup', 'report', 'sync', 'backup']) }));
    p.hset('jobs:meta', { owner: 'ops', version: '3' });
    const results = await p.exec();
    const failed = results.find(([err]) => err);
    if (failed) throw new Error(`seeding db 1 failed: ${failed[0].message}`);
  } finally {
    db1.disconnect();
  }

  await batch.flush();
  await seedStream(client, { now, rand, pick, int, users, products });
  const keys = await client.dbsize();
  return { keys, commands: batch.total, ms: Date.now() - started };
}

/**
 * events:orders: 300 entries spread over the last 6 hours, and a consumer group `billing` whose two
 * consumers have read part of it, leaving some entries pending (read but not acknowledged).
 */
async function seedStream(client, { now, rand, pick, int, users, products }) {
  const key = 'events:orders';
  const p = client.pipeline();
  p.del(key);
  const start = now - 6 * 60 * 60_000;
  const step = Math.floor((6 * 60 * 60_000) / STREAM_LENGTH);
  for (let i = 0; i < STREAM_LENGTH; i++) {
    const product = pick(products);
    const fields = ['type', pick(['order.created', 'order.created', 'order.paid', 'order.shipped', 'order.refunded']), 'orderId', `EU-${200_000 + i}`, 'userId', String(pick(users).id), 'productId', String(product.id), 'amount', String(product.price.amount), 'currency', product.price.currency];
    if (rand() < 0.1) fields.push('note', 'gift wrap requested');
    p.xadd(key, `${start + i * step + int(0, step - 1)}-0`, ...fields);
  }
  p.xgroup('CREATE', key, 'billing', '0');
  p.xgroup('CREATE', key, 'analytics', '$');
  const created = await p.exec();
  const failed = created.find(([err]) => err);
  if (failed) throw new Error(`seeding ${key} failed: ${failed[0].message}`);

  // billing-1 reads 100 and acks 70; billing-2 reads the next 40 and acks 25: 45 pending.
  const readAndAck = async (consumer, count, ack) => {
    const reply = await client.xreadgroup('GROUP', 'billing', consumer, 'COUNT', count, 'STREAMS', key, '>');
    const ids = reply[0][1].map(([id]) => id);
    if (ack > 0) await client.xack(key, 'billing', ...ids.slice(0, ack));
  };
  await readAndAck('billing-1', 100, 70);
  await readAndAck('billing-2', 40, 25);
}
