/** The Markdown export and the pure helpers of the health report (no server). */
import * as assert from 'node:assert/strict';
import { escapeMarkdown, healthReportMarkdown, HealthReport, keyPrefixes, namespacesMissingTtl } from '../../../src/core/keyspace/health';
import { formatBytes, formatDuration, formatMicros, formatPct } from '../../../src/core/keyspace/health/format';
import { TopList } from '../../../src/core/keyspace/health/accumulate';
import { DEFAULT_INDEX_OPTIONS, NamespaceIndex } from '../../../src/core/keyspace/namespaceIndex';

const key = (text: string) => Buffer.from(text, 'latin1');

function report(): HealthReport {
  const evil = 'x|y <script>alert(1)</script> `code` *b*';
  return {
    mode: 'full', db: 0, cluster: false, delimiters: [':'], startedAt: '2024-05-01T10:00:00.000Z', durationMs: 1234,
    totalKeys: 10, analyzed: 10, vanished: 0, denied: 0, exact: true,
    nodes: [{ node: '127.0.0.1:6379', keys: 10, expires: 4, analyzed: 10, cachedScripts: 2, memoryDoctor: 'Sam, I detected a few issues' }],
    types: [{ type: 'string', keys: 10, estimatedKeys: 10, memory: 2048, pct: 100 }],
    namespaces: [
      { prefix: 'user:', display: 'user:', depth: 1, keys: 6, noTtl: 6, noTtlPct: 100, memory: 1024, estimatedKeys: 6 },
      { prefix: 'cache:', display: 'cache:', depth: 1, keys: 4, noTtl: 0, noTtlPct: 0, memory: 1024, estimatedKeys: 4 },
    ],
    rootKeys: { keys: 0, noTtl: 0, noTtlPct: 0 },
    untrackedKeys: 0,
    expiry: { withTtl: 4, noTtl: 6, within1h: 1, within24h: 4, estimated: { withTtl: 4, noTtl: 6, within1h: 1, within24h: 4 }, soonest: [{ key: key('cache:1'), display: 'cache:1', type: 'string', ttlMs: 90_000, node: 'n' }] },
    biggestByMemory: [{ key: key(evil), display: evil, type: 'string', memory: 1536, length: 10, node: 'n' }],
    biggestByLength: [],
    analyzedMemory: 2048,
    server: { version: '7.0.15', cachedScripts: 2, memoryDoctor: 'Sam, I detected a few issues\n```', slowlog: [{ id: 1, timestamp: 1714557600, durationUs: 12500, args: ['KEYS', '*'], node: 'n' }], unavailable: [] },
  };
}

describe('health report Markdown', () => {
  it('renders every section with exact figures', () => {
    const md = healthReportMarkdown(report(), 'cache-prod · db 0');
    assert.match(md, /^# Keyspace health: cache-prod · db 0\n/);
    assert.match(md, /Full scan of 10 of 10 keys, 2024-05-01 10:00:00 UTC, took 1\.2 s\./);
    assert.match(md, /\| Without TTL \| 6 \(60%\) \|/);
    assert.match(md, /\| user: \| 1 \| 6 \| 6 \| 100% \| 1 KB \|/);
    assert.match(md, /\| Expiring within 1 h \| 1 \|/);
    assert.match(md, /\| cache:1 \| string \| 1\.5 min \|/);
    assert.match(md, /\| 12\.5 ms \| 2024-05-01 10:00:00 UTC \| KEYS \\\* \|/);
    assert.match(md, /## Server signals/);
  });

  it('escapes key names so they cannot break the table or inject HTML', () => {
    const md = healthReportMarkdown(report(), 't');
    const row = md.split('\n').find((l) => l.includes('alert'));
    assert.ok(row);
    assert.equal(row, '| x\\|y \\<script\\>alert(1)\\</script\\> \\`code\\` \\*b\\* | string | 1.5 KB | 10 | none |');
    assert.equal(row.split(/(?<!\\)\|/).length, 7, 'five cells');
  });

  it('fences MEMORY DOCTOR text longer than any backtick run inside it', () => {
    const md = healthReportMarkdown(report(), 't');
    assert.match(md, /````text\nSam, I detected a few issues\n```\n````/);
  });

  it('states sample counts with their whole-keyspace estimates', () => {
    const sample: HealthReport = { ...report(), mode: 'sample', exact: false, totalKeys: 100 };
    sample.expiry = { ...sample.expiry, estimated: { withTtl: 40, noTtl: 60, within1h: 10, within24h: 40 } };
    sample.namespaces = sample.namespaces.map((n) => ({ ...n, estimatedKeys: n.keys * 10 }));
    const md = healthReportMarkdown(sample, 't');
    assert.match(md, /Sample of 10 of 100 keys/);
    assert.match(md, /Counts are from the sample; percentages estimate the whole keyspace\./);
    assert.match(md, /\| Without TTL \| 6 sampled, ≈ 60 in all \(60%\) \|/);
    assert.match(md, /\| Prefix \| Level \| Keys \(sampled\) \| Keys \(estimated\) \| No TTL \|/);
    assert.match(md, /\| user: \| 1 \| 6 \| ≈ 60 \| 6 \| 100% \|/);
  });

  it('escapes every Markdown metacharacter', () => {
    assert.equal(escapeMarkdown('a_b[c](d)#e&f~g'), 'a\\_b\\[c\\](d)\\#e\\&f\\~g');
  });
});

describe('health report helpers', () => {
  it('splits prefixes like the key tree', () => {
    assert.deepEqual(keyPrefixes(key('user:1:profile'), [':']), ['user:', 'user:1:']);
    assert.deepEqual(keyPrefixes(key('user:1'), [':']), ['user:']);
    assert.deepEqual(keyPrefixes(key('plain'), [':']), []);
    assert.deepEqual(keyPrefixes(key('a::b:c'), ['::', ':']), ['a::', 'a::b:']);
    assert.deepEqual(keyPrefixes(key('a/b:c/d'), [':', '/']), ['a/', 'a/b:']);
  });

  it('gives the same prefixes as the folders of the key tree, so the tree can match them', () => {
    const delimiters = [':', '::', '/'];
    const keys = ['a::b:c', 'a:b::c', 'x/y:z', 'user:1:profile', 'plain', 'bin:\xff\x00:\x01', 'q::', ':lead', 'a/b/c/d'].map(key);
    const index = new NamespaceIndex({ ...DEFAULT_INDEX_OPTIONS, delimiters });
    index.add(keys);
    for (const k of keys) {
      for (const prefix of keyPrefixes(k, delimiters)) assert.ok(index.list(prefix), `${JSON.stringify(prefix)} of ${JSON.stringify(k.toString('latin1'))} is a tree folder`);
    }
  });

  it('keeps the top N of a stream, building entries only for those that make it', () => {
    const top = new TopList<number>(3);
    let built = 0;
    for (const n of [5, 1, 9, 3, 7, 2, 8, 6, 4, 10]) top.offer(n, () => (built++, n));
    assert.deepEqual(top.values(), [10, 9, 8]);
    assert.ok(built < 10, `built ${built}`);
  });

  it('filters namespaces missing TTLs by share', () => {
    const r = report();
    assert.deepEqual(namespacesMissingTtl(r).map((n) => n.prefix), ['user:']);
    assert.deepEqual(namespacesMissingTtl(r, 100).map((n) => n.prefix), ['user:']);
    assert.deepEqual(namespacesMissingTtl({ namespaces: [] }), []);
  });

  it('formats figures', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(500 * 1024 * 1024), '500 MB');
    assert.equal(formatPct(80), '80%');
    assert.equal(formatPct(54.5), '54.5%');
    assert.equal(formatBytes(1024), '1 KB');
    assert.equal(formatDuration(45_000), '45 s');
    assert.equal(formatMicros(12_500), '12.5 ms');
    assert.equal(formatDuration(2 * 3_600_000), '2 h');
    assert.equal(formatMicros(850), '850 µs');
  });
});
