import * as assert from 'node:assert/strict';
import { ConnectionConfig } from '../../../src/core/connection/config';
import { UrlError, formatRedisUrl, parseRedisUrl, redactUrl } from '../../../src/core/connection/url';

function expectUrlError(url: string, part: string, message: RegExp): void {
  assert.throws(
    () => parseRedisUrl(url),
    (e: unknown) => e instanceof UrlError && e.part === part && message.test(e.message),
    `expected ${url} to fail on ${part} with ${message}`,
  );
}

describe('parseRedisUrl', () => {
  it('reads a full standalone URL', () => {
    const { config, secrets } = parseRedisUrl('redis://alice:s3cr%40t@cache.example.com:6380/2');
    assert.deepEqual(config, { name: 'cache.example.com:6380', topology: 'standalone', host: 'cache.example.com', port: 6380, username: 'alice', db: 2 });
    assert.deepEqual(secrets, { password: 's3cr@t' });
  });

  it('defaults the port and db, and needs no credentials', () => {
    const { config, secrets } = parseRedisUrl('redis://localhost');
    assert.equal(config.port, 6379);
    assert.equal(config.db, undefined);
    assert.equal(config.username, undefined);
    assert.deepEqual(secrets, {});
  });

  it('reads the password-only forms', () => {
    assert.deepEqual(parseRedisUrl('redis://:pw@h').secrets, { password: 'pw' });
    assert.equal(parseRedisUrl('redis://:pw@h').config.username, undefined);
    // A lone userinfo is the username, as ioredis and redis-py read it.
    assert.deepEqual(parseRedisUrl('redis://alice@h').secrets, {});
    assert.equal(parseRedisUrl('redis://alice@h').config.username, 'alice');
  });

  it('turns rediss:// into TLS with verification unless verify=false', () => {
    assert.deepEqual(parseRedisUrl('rediss://h:6380').config.tls, {});
    assert.deepEqual(parseRedisUrl('rediss://h:6380?verify=false&servername=redis.internal').config.tls, { verify: false, servername: 'redis.internal' });
  });

  it('reads IPv6 literals', () => {
    const { config } = parseRedisUrl('redis://[::1]:7000');
    assert.equal(config.host, '::1');
    assert.equal(config.port, 7000);
    assert.equal(formatRedisUrl({ ...config, id: 'x' }), 'redis://[::1]:7000');
  });

  it('reads sentinel and cluster URLs', () => {
    const s = parseRedisUrl('redis+sentinel://:spw@10.0.0.1,10.0.0.2:26380/mymaster/3').config;
    assert.equal(s.topology, 'sentinel');
    assert.deepEqual(s.nodes, [{ host: '10.0.0.1', port: 26379 }, { host: '10.0.0.2', port: 26380 }]);
    assert.equal(s.sentinelMasterName, 'mymaster');
    assert.equal(s.db, 3);
    const c = parseRedisUrl('redis+cluster://a:7000,b:7001?name=prod%20cluster&readonly=true').config;
    assert.equal(c.topology, 'cluster');
    assert.equal(c.name, 'prod cluster');
    assert.equal(c.readOnly, true);
    assert.deepEqual(c.nodes, [{ host: 'a', port: 7000 }, { host: 'b', port: 7001 }]);
  });

  it('rejects malformed URLs naming the offending part', () => {
    expectUrlError('http://localhost:6379', 'scheme', /unknown scheme 'http:\/\/'/);
    expectUrlError('localhost:6379', 'scheme', /unknown scheme 'localhost:\/\/'/);
    expectUrlError('redis://', 'host', /host is missing/);
    expectUrlError('redis://h:99999', 'port', /port '99999'/);
    expectUrlError('redis://h:abc', 'port', /port 'abc'/);
    expectUrlError('redis://h/x', 'db', /db 'x' is not a number/);
    expectUrlError('redis://h/1?db=2', 'db', /both in the path/);
    expectUrlError('redis://h?timeout=3', 'query', /unknown parameter 'timeout'/);
    expectUrlError('redis://h?readonly=maybe', 'query', /readonly=maybe/);
    expectUrlError('redis://h?verify=false', 'query', /only to rediss/);
    expectUrlError('redis://a:1,b:2', 'host', /redis\+cluster/);
    expectUrlError('redis+sentinel://a:26379', 'master', /master name/);
    expectUrlError('redis+cluster://a:7000/3', 'db', /only db 0/);
    expectUrlError('redis://user:%zz@h', 'password', /invalid %-encoding/);
    expectUrlError('not a url at all', 'url', /is not a URL/);
  });

  it('never echoes a password in an error', () => {
    try {
      parseRedisUrl('redis://alice:hunter2@h:notaport');
      assert.fail('should throw');
    } catch (e) {
      assert.doesNotMatch((e as Error).message, /hunter2/);
    }
    try {
      parseRedisUrl('redis://alice:%zzhunter2@h');
      assert.fail('should throw');
    } catch (e) {
      assert.doesNotMatch((e as Error).message, /hunter2/);
    }
    assert.equal(redactUrl('redis://alice:hunter2@h:6379'), 'redis://alice:***@h:6379');
  });
});

describe('formatRedisUrl', () => {
  const base: ConnectionConfig = { id: '1', name: 'n', topology: 'standalone', host: 'h', port: 6379 };

  it('leaves out the password and round-trips through the parser', () => {
    const configs: ConnectionConfig[] = [
      base,
      { ...base, username: 'al ice', db: 4, readOnly: true },
      { ...base, tls: { verify: false, servername: 'redis.local' } },
      { ...base, topology: 'sentinel', host: '', nodes: [{ host: 's1', port: 26379 }, { host: 's2', port: 26380 }], sentinelMasterName: 'mymaster', db: 1 },
      { ...base, topology: 'cluster', host: '', nodes: [{ host: 'c1', port: 7000 }], tls: {} },
    ];
    for (const config of configs) {
      const url = formatRedisUrl(config);
      assert.doesNotMatch(url, /:[^/@]*@/, `no password section in ${url}`);
      const back = parseRedisUrl(url).config;
      for (const field of ['topology', 'username', 'db', 'readOnly', 'nodes', 'sentinelMasterName', 'tls'] as const) {
        assert.deepEqual(back[field], config[field], `${field} of ${url}`);
      }
    }
  });
});
