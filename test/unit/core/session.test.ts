/**
 * The connection factory against real servers of every kind the harness starts, including each
 * failure a user can hit: every failure must name its cause and arrive within the timeout.
 */
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { Redis } from 'ioredis';
import { ConnectionConfig, ConnectionSecrets } from '../../../src/core/connection/config';
import { ConnectionError, ConnectionErrorKind, ReadOnlyError } from '../../../src/core/connection/errors';
import { RedisSession, openSession } from '../../../src/core/connection/session';
import { silentLogger } from '../../../src/core/log';
import { restartServer } from '../../harness/servers';
import { servers } from '../hooks';

const TIMEOUT_MS = 1500;
const open = (config: ConnectionConfig, secrets: ConnectionSecrets = {}) => openSession(config, secrets, { timeoutMs: TIMEOUT_MS, logger: silentLogger });

function standalone(port: number, extra: Partial<ConnectionConfig> = {}): ConnectionConfig {
  return { id: 't', name: 'test-conn', topology: 'standalone', host: '127.0.0.1', port, ...extra };
}

async function expectFailure(config: ConnectionConfig, secrets: ConnectionSecrets, kind: ConnectionErrorKind, message: RegExp): Promise<void> {
  const started = Date.now();
  await assert.rejects(open(config, secrets), (e: unknown) => {
    assert.ok(e instanceof ConnectionError, `expected a ConnectionError, got ${String(e)}`);
    assert.equal(e.kind, kind, `kind for: ${e.message}`);
    assert.match(e.message, message);
    return true;
  });
  assert.ok(Date.now() - started < TIMEOUT_MS + 1000, `failed within the timeout (took ${Date.now() - started} ms)`);
}

describe('openSession', function () {
  this.timeout(20_000);
  const sessions: RedisSession[] = [];
  const keep = (s: RedisSession) => (sessions.push(s), s);
  afterEach(async () => {
    await Promise.all(sessions.splice(0).map((s) => s.close()));
  });

  describe('standalone', () => {
    it('connects and reports the server', async () => {
      const s = keep(await open(standalone(servers().standalone.port)));
      assert.equal(s.state, 'connected');
      const info = await s.serverInfo();
      assert.match(info.version ?? '', /^\d+\.\d+\.\d+$/);
      assert.equal(info.mode, 'standalone');
      assert.equal(info.role, 'master');
      assert.match(info.usedMemoryHuman ?? '', /\d/);
    });

    it('selects the configured db and counts keys per db', async () => {
      const s = keep(await open(standalone(servers().standalone.port, { db: 3 })));
      await s.client.set('session-test:db3', 'x');
      const direct = new Redis({ port: servers().standalone.port, db: 3, lazyConnect: true, protocol: 2 });
      try {
        await direct.connect();
        assert.equal(await direct.get('session-test:db3'), 'x');
      } finally {
        direct.disconnect();
      }
      const info = await s.serverInfo();
      assert.ok(info.keyspace.some((k) => k.db === 3 && k.keys >= 1), JSON.stringify(info.keyspace));
    });

    it('names a refused port', async () => {
      const port = await freePort();
      await expectFailure(standalone(port), {}, 'refused', new RegExp(`Connection refused by 127.0.0.1:${port}`));
    });

    it('names a host that does not resolve', async () => {
      await expectFailure(standalone(6379, { host: 'no-such-host.invalid' }), {}, 'dns', /Host not found: no-such-host\.invalid/);
    });

    it('gives up on a server that never answers, within the timeout', async () => {
      const silent = net.createServer(() => undefined);
      await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
      try {
        const port = (silent.address() as net.AddressInfo).port;
        await expectFailure(standalone(port), {}, 'timeout', /did not answer within 1\.5 s/);
      } finally {
        silent.close();
      }
    });

    it('rejects an invalid config before connecting', async () => {
      await expectFailure(standalone(0), {}, 'config', /port 0 is not between 1 and 65535/);
    });
  });

  describe('ACL', () => {
    const acl = () => servers().acl;

    it('connects as a user with full access', async () => {
      const { username, password } = acl().users.admin;
      const s = keep(await open(standalone(acl().port, { username }), { password }));
      assert.equal((await s.serverInfo()).role, 'master');
    });

    it('connects as a key-pattern user, and says why server info is limited', async () => {
      const { username, password } = acl().users.limited;
      const s = keep(await open(standalone(acl().port, { username }), { password }));
      await s.client.set('app:session-test', '1');
      await assert.rejects(s.client.set('other:session-test', '1'), /NOPERM/);
      const info = await s.serverInfo();
      assert.equal(info.limitedBy, `ACL user '${username}' may not run INFO`);
    });

    it('names a wrong password with the user', async () => {
      await expectFailure(standalone(acl().port, { username: 'admin' }), { password: 'wrong' }, 'auth', /Authentication failed for admin@test-conn: wrong username or password/);
    });

    it('names a missing password (NOAUTH)', async () => {
      await expectFailure(standalone(acl().port), {}, 'noauth', /test-conn requires a password \(NOAUTH\)/);
    });

    it('names a user without permission', async () => {
      const { username, password } = acl().users.noperm;
      await expectFailure(standalone(acl().port, { username }), { password }, 'permission', new RegExp(`ACL user '${username}' on test-conn has no permission to run 'ping'`));
    });
  });

  describe('TLS', () => {
    const tls = () => servers().tls;
    const config = (extra: Partial<ConnectionConfig['tls']> = {}) =>
      standalone(tls().port, { tls: { caFile: tls().caFile, servername: tls().servername, ...extra } });

    it('connects with the CA and server name', async () => {
      const s = keep(await open(config()));
      assert.equal(await s.client.ping(), 'PONG');
    });

    it('connects with a client certificate (mutual TLS)', async () => {
      const s = keep(await open(config({ certFile: tls().clientCertFile, keyFile: tls().clientKeyFile })));
      assert.equal(await s.client.ping(), 'PONG');
    });

    it('names a certificate that does not verify', async () => {
      await expectFailure(config({ caFile: tls().otherCaFile }), {}, 'tls', /TLS verification failed for 127\.0\.0\.1:\d+/);
    });

    it('connects to the same server with verification off', async () => {
      const s = keep(await open(config({ caFile: tls().otherCaFile, verify: false })));
      assert.equal(await s.client.ping(), 'PONG');
    });

    it('names a missing CA file', async () => {
      await expectFailure(config({ caFile: '/nonexistent/ca.pem' }), {}, 'config', /Cannot read the TLS CA file '\/nonexistent\/ca\.pem' for test-conn: ENOENT/);
    });

    it('fails clearly when TLS meets a plain server, and plain meets TLS', async () => {
      // Which of these a mismatch produces depends on who gives up first; each must point at TLS.
      const mismatch = (e: unknown) => e instanceof ConnectionError && ['tls', 'closed', 'timeout'].includes(e.kind) && /TLS|rediss:\/\//.test(e.message);
      await assert.rejects(open(standalone(servers().standalone.port, { tls: {} })), mismatch);
      await assert.rejects(open(standalone(tls().port)), mismatch);
    });
  });

  describe('cluster', () => {
    const cluster = (): ConnectionConfig => ({ id: 'c', name: 'test-cluster', topology: 'cluster', host: '', port: 6379, nodes: servers().cluster.nodes.slice(0, 1) });

    it('discovers all masters from one seed and sums keys over them', async () => {
      const s = keep(await open(cluster()));
      const keys = Array.from({ length: 30 }, (_, i) => `session-test:cluster:${i}`);
      await Promise.all(keys.map((k) => s.client.set(k, '1')));
      const info = await s.serverInfo();
      assert.equal(info.mode, 'cluster');
      assert.equal(info.masters, 3);
      const db0 = info.keyspace.find((k) => k.db === 0);
      assert.ok(db0 && db0.keys >= keys.length, JSON.stringify(info.keyspace));
    });

    it('names a seed that is not a cluster node', async () => {
      const config = { ...cluster(), nodes: [servers().standalone] };
      await expectFailure(config, {}, 'not-cluster', /is not a cluster node/);
    });
  });

  describe('sentinel', () => {
    const sentinel = (master = servers().sentinel.masterName): ConnectionConfig => ({
      id: 's', name: 'test-sentinel', topology: 'sentinel', host: '', port: 6379, nodes: servers().sentinel.sentinels, sentinelMasterName: master,
    });

    it('follows the sentinels to the master', async () => {
      const s = keep(await open(sentinel()));
      const info = await s.serverInfo();
      assert.equal(info.mode, 'sentinel');
      assert.equal(info.role, 'master');
      assert.equal(info.sentinelMaster?.port, servers().sentinel.master.port);
      await s.client.set('session-test:sentinel', '1');
    });

    it('names an unknown master', async () => {
      await expectFailure(sentinel('nosuchmaster'), {}, 'sentinel-master', /monitors no master named 'nosuchmaster'/);
    });

    it('names sentinels that do not answer', async () => {
      const config = { ...sentinel(), nodes: [{ host: '127.0.0.1', port: await freePort() }] };
      await expectFailure(config, {}, 'refused', /No sentinel answered for test-sentinel: Connection refused/);
    });
  });

  describe('read-only connections', () => {
    const probe = async (key: string) => {
      const direct = new Redis({ port: servers().standalone.port, lazyConnect: true, protocol: 2 });
      try {
        await direct.connect();
        return await direct.exists(key);
      } finally {
        direct.disconnect();
      }
    };

    it('refuses writes before sending them, naming the connection', async () => {
      const s = keep(await open(standalone(servers().standalone.port, { readOnly: true, name: 'prod-cache' })));
      await assert.rejects(s.client.set('session-test:ro', '1'), (e: unknown) => e instanceof ReadOnlyError && /'prod-cache' is a read-only connection: SET was not sent/.test(e.message));
      await assert.rejects(s.client.call('EVAL', 'return 1', '0'), ReadOnlyError);
      await assert.rejects(s.client.pipeline().get('session-test:ro').set('session-test:ro', '1').exec(), ReadOnlyError);
      await assert.rejects(s.client.multi().set('session-test:ro', '1').exec(), ReadOnlyError);
      assert.equal(await probe('session-test:ro'), 0, 'nothing reached the server');
      assert.equal(await s.client.get('session-test:ro'), null, 'reads still work');
      assert.equal(await s.client.call('EVAL_RO', 'return 7', '0'), 7);
    });

    it('guards a cluster too', async () => {
      const s = keep(await open({ id: 'c', name: 'ro-cluster', topology: 'cluster', host: '', port: 6379, nodes: servers().cluster.nodes, readOnly: true }));
      await assert.rejects(s.client.set('session-test:ro', '1'), ReadOnlyError);
      assert.equal(await s.client.get('session-test:ro'), null);
    });
  });

  describe('server restart', () => {
    it('reconnects by itself and reports each state', async () => {
      const s = keep(await open(standalone(servers().standalone.port)));
      const states: string[] = [];
      s.on('state', (state) => states.push(state));
      await restartServer(servers(), 'standalone');
      await waitFor(() => states.includes('connected'), 10_000);
      assert.deepEqual(states, ['reconnecting', 'connected']);
      assert.equal(await s.client.ping(), 'PONG');
    });
  });
});

async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as net.AddressInfo).port;
  await new Promise((r) => srv.close(r));
  return port;
}

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
