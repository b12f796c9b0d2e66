/** Sample mode bounds and cancellation of the keyspace health report, on a real standalone server. */
import * as assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { analyzeKeyspace } from '../../../src/core/keyspace/health';
import { ScanCancelled } from '../../../src/core/keyspace/scan';
import { servers } from '../hooks';

const DB = 12;

/** 2,500 `a:` keys without TTL, 1,500 `b:` keys with a TTL, 1,000 `c:` keys without: 5,000 in all. */
async function seedThreeNamespaces(client: Redis): Promise<void> {
  const p = client.pipeline();
  for (let i = 0; i < 2500; i++) p.set(`a:${i}`, 'v');
  for (let i = 0; i < 1500; i++) p.set(`b:${i}`, 'v', 'EX', 7200);
  for (let i = 0; i < 1000; i++) p.set(`c:${i}`, 'v');
  await p.exec();
}

describe('analyzeKeyspace (sample)', function () {
  this.timeout(30_000);
  let client: Redis;

  before(async () => {
    client = new Redis({ port: servers().standalone.port, db: DB, protocol: 2 });
    await client.flushdb();
    await seedThreeNamespaces(client);
  });
  after(async () => {
    await client.flushdb();
    client.disconnect();
  });

  it('reads exactly sampleSize keys, spread over the keyspace, and estimates the rest', async () => {
    const report = await analyzeKeyspace(client, { mode: 'sample', sampleSize: 1000, delimiters: [':'] });
    assert.equal(report.exact, false);
    assert.equal(report.totalKeys, 5000);
    assert.equal(report.analyzed, 1000);
    assert.equal(report.nodes[0].analyzed, 1000);
    const ns = new Map(report.namespaces.map((n) => [n.prefix, n]));
    // Binomial with n = 1000: a share p is within ±5 standard deviations unless SCAN order were biased.
    const within = (prefix: string, p: number) => {
      const got = ns.get(prefix)?.keys ?? 0;
      const sd = Math.sqrt(1000 * p * (1 - p));
      assert.ok(Math.abs(got - 1000 * p) <= 5 * sd, `${prefix} ${got} of 1000 sampled keys, expected about ${1000 * p}`);
      const estimate = ns.get(prefix)?.estimatedKeys ?? 0;
      assert.ok(Math.abs(estimate - 5000 * p) <= 5 * 5 * sd, `${prefix} estimated ${estimate}, really ${5000 * p}`);
    };
    within('a:', 0.5);
    within('b:', 0.3);
    within('c:', 0.2);
    assert.equal(ns.get('a:')?.noTtlPct, 100);
    assert.equal(ns.get('b:')?.noTtlPct, 0);
    assert.equal(ns.get('c:')?.noTtlPct, 100);
    assert.equal(report.expiry.noTtl + report.expiry.withTtl, 1000);
    assert.equal(report.expiry.within24h, report.expiry.withTtl);
    assert.equal(report.expiry.within1h, 0);
    // Each sampled key stands for 5 keys of the keyspace.
    const est = report.expiry.estimated;
    assert.equal(est.noTtl + est.withTtl, 5000);
    assert.equal(est.noTtl, report.expiry.noTtl * 5);
    assert.equal(report.types[0].estimatedKeys, 5000);
  });

  it('is exact when the sample covers the whole keyspace', async () => {
    const report = await analyzeKeyspace(client, { mode: 'sample', sampleSize: 10_000, delimiters: [':'] });
    assert.equal(report.exact, true);
    assert.equal(report.analyzed, 5000);
    assert.equal(report.namespaces.find((n) => n.prefix === 'b:')?.keys, 1500);
  });

  it('stops at once when cancelled after the first progress report', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    let callsAfterAbort = 0;
    const run = analyzeKeyspace(client, {
      mode: 'full',
      delimiters: [':'],
      scanCount: 50,
      signal: controller.signal,
      onProgress: (scanned) => {
        if (abortedAt) callsAfterAbort++;
        else if (scanned > 0) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
    });
    await assert.rejects(run, (e: unknown) => e instanceof ScanCancelled);
    const took = Date.now() - abortedAt;
    assert.ok(abortedAt > 0, 'progress was reported');
    assert.ok(took < 100, `rejected ${took} ms after the abort`);
    assert.equal(callsAfterAbort, 0, 'no batch was processed after the abort');
  });

  it('rejects before any round trip when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    let progressed = false;
    await assert.rejects(
      analyzeKeyspace(client, { mode: 'full', delimiters: [':'], signal: controller.signal, onProgress: () => (progressed = true) }),
      ScanCancelled,
    );
    assert.equal(progressed, false);
  });

  it('does not wait for a reply in flight when cancelled', async () => {
    // Another connection keeps the server busy for about a second; the cancel must not wait for it.
    const blocker = new Redis({ port: servers().standalone.port, db: DB, protocol: 2 });
    const controller = new AbortController();
    let abortedAt = 0;
    try {
      const run = analyzeKeyspace(client, { mode: 'full', delimiters: [':'], scanCount: 100, signal: controller.signal });
      const busy = blocker.eval('local i = 0 while i < 80000000 do i = i + 1 end return i', 0);
      await new Promise((r) => setTimeout(r, 50));
      abortedAt = Date.now();
      controller.abort();
      await assert.rejects(run, ScanCancelled);
      const took = Date.now() - abortedAt;
      assert.ok(took < 100, `rejected ${took} ms after the abort, while the server was busy`);
      const busyFor = await busy.then(() => Date.now() - abortedAt);
      assert.ok(busyFor > 200, `the server was still busy ${busyFor} ms after the abort (else this test proves nothing)`);
    } finally {
      blocker.disconnect();
    }
  });
});
