/**
 * The server harness does what tests rely on: each kind of server behaves as described in
 * test/harness/servers.ts, and start/stop/restart leave no process behind.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Cluster, Redis, RedisOptions } from 'ioredis';
import { commonConfig, isAlive, launchRedis, pickFreePort, readPid, serverFiles } from '../harness/redis-process';
import { DIR_PREFIX, restartServer, ServerKind, ServerSet, startServers, stopServers } from '../harness/servers';
import { servers } from './hooks';

const clients: (Redis | Cluster)[] = [];

/** A client that fails fast instead of retrying, so a refused connection shows up as an error. */
function client(options: RedisOptions): Redis {
  const c = new Redis({
    host: '127.0.0.1', protocol: 2, lazyConnect: true, enableReadyCheck: false, retryStrategy: () => null, maxRetriesPerRequest: 0, ...options,
  });
  c.on('error', () => undefined); // expected failures are asserted through the command promises
  clients.push(c);
  return c;
}

function infoField(info: string, field: string): string | undefined {
  return info.split('\r\n').find((l) => l.startsWith(`${field}:`))?.slice(field.length + 1);
}

/** Connects, expecting failure; resolves with the error ioredis emitted (connect() itself only says "Connection is closed."). */
async function connectError(c: Redis): Promise<NodeJS.ErrnoException> {
  const emitted = new Promise<Error>((resolve) => c.once('error', resolve));
  await assert.rejects(c.connect());
  return emitted;
}

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

afterEach(() => {
  for (const c of clients.splice(0)) c.disconnect();
});

describe('server harness', () => {
  it('standalone answers PING without auth', async () => {
    const { standalone } = servers();
    assert.equal(await client({ port: standalone.port }).ping(), 'PONG');
  });

  describe('acl', () => {
    const user = (name: 'admin' | 'limited' | 'noperm'): RedisOptions => {
      const { acl } = servers();
      return { port: acl.port, username: acl.users[name].username, password: acl.users[name].password };
    };

    it('admin can SET and GET any key', async () => {
      const admin = client(user('admin'));
      assert.equal(await admin.set('other:x', 'v1'), 'OK');
      assert.equal(await admin.get('other:x'), 'v1');
    });

    it('limited user can write its key pattern only, and cannot run dangerous commands', async () => {
      const { acl } = servers();
      assert.equal(acl.users.limited.keyPattern, 'app:*');
      const app = client(user('limited'));
      assert.equal(await app.set('app:x', '1'), 'OK');
      assert.equal(await app.get('app:x'), '1');
      await assert.rejects(app.set('other:x', '1'), /NOPERM/);
      await assert.rejects(app.info(), /NOPERM/);
    });

    it('noperm user authenticates but cannot even PING', async () => {
      await assert.rejects(client(user('noperm')).ping(), /NOPERM/);
    });

    it('a connection without credentials gets NOAUTH (default user is off)', async () => {
      assert.equal(servers().acl.defaultUserDisabled, true);
      await assert.rejects(client({ port: servers().acl.port }).ping(), /NOAUTH/);
    });

    it('a wrong password is refused', async () => {
      const err = await connectError(client({ ...user('admin'), password: 'wrong' }));
      assert.match(err.message, /WRONGPASS/);
    });
  });

  describe('tls', () => {
    const tlsOptions = (caFile: string, servername = servers().tls.servername): RedisOptions => ({
      port: servers().tls.port, tls: { ca: fs.readFileSync(caFile), servername },
    });

    it('connects when the server is verified against the test CA', async () => {
      const c = client(tlsOptions(servers().tls.caFile));
      assert.equal(await c.ping(), 'PONG');
    });

    it('also accepts a client certificate signed by the test CA', async () => {
      const { tls } = servers();
      const c = client({ port: tls.port, tls: { ca: fs.readFileSync(tls.caFile), servername: tls.servername, cert: fs.readFileSync(tls.clientCertFile), key: fs.readFileSync(tls.clientKeyFile) } });
      assert.equal(await c.ping(), 'PONG');
    });

    it('fails verification against an unrelated CA', async () => {
      const err = await connectError(client(tlsOptions(servers().tls.otherCaFile)));
      // Redis (OpenSSL auto-chain) sends the test CA along with the leaf, hence SELF_SIGNED_CERT_IN_CHAIN.
      assert.match(String(err.code), /^(SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|UNABLE_TO_VERIFY_LEAF_SIGNATURE)$/);
    });

    it('fails when the name does not match the certificate', async () => {
      const err = await connectError(client(tlsOptions(servers().tls.caFile, 'redis.example.com')));
      assert.equal(err.code, 'ERR_TLS_CERT_ALTNAME_INVALID');
    });

    it('does not speak plain TCP on its port', async () => {
      await assert.rejects(client({ port: servers().tls.port, connectTimeout: 1000 }).ping());
    });
  });

  describe('cluster', () => {
    it('is ok with 3 masters and no replicas', async () => {
      const { nodes } = servers().cluster;
      assert.equal(nodes.length, 3);
      const c = client({ port: nodes[0].port });
      const info = String(await c.call('CLUSTER', 'INFO'));
      assert.equal(infoField(info, 'cluster_state'), 'ok');
      assert.equal(infoField(info, 'cluster_size'), '3');
      assert.equal(infoField(info, 'cluster_known_nodes'), '3');
      const lines = String(await c.call('CLUSTER', 'NODES')).trim().split('\n');
      assert.equal(lines.filter((l) => /\bmaster\b/.test(l.split(' ')[2])).length, 3);
      assert.equal(lines.filter((l) => /\bslave\b/.test(l)).length, 0);
    });

    it('spreads keys over all masters through an ioredis Cluster client', async () => {
      const { nodes } = servers().cluster;
      const cluster = new Cluster(nodes, { redisOptions: { protocol: 2 }, clusterRetryStrategy: () => null });
      clients.push(cluster);
      const keys = Array.from({ length: 30 }, (_, i) => `harness:spread:${i}`);
      for (const k of keys) await cluster.set(k, k);
      assert.deepEqual(await Promise.all(keys.map((k) => cluster.get(k))), keys);
      const sizes = await Promise.all(cluster.nodes('master').map((n) => n.dbsize()));
      assert.equal(sizes.length, 3);
      assert.ok(sizes.every((n) => n > 0), `every master holds keys: ${sizes.join(',')}`);
      await Promise.all(keys.map((k) => cluster.del(k)));
    });
  });

  describe('sentinel', () => {
    it('reports the master by name', async () => {
      const { sentinels, masterName, master } = servers().sentinel;
      const s = client({ port: sentinels[0].port });
      assert.deepEqual(await s.call('SENTINEL', 'get-master-addr-by-name', masterName), [master.host, String(master.port)]);
    });

    it('lets an ioredis sentinel client reach the master', async () => {
      const { sentinels, masterName, master } = servers().sentinel;
      const c = new Redis({ sentinels, name: masterName, protocol: 2, lazyConnect: true, sentinelRetryStrategy: () => null, retryStrategy: () => null });
      c.on('error', () => undefined);
      clients.push(c);
      const role = (await c.call('ROLE')) as unknown[];
      assert.equal(role[0], 'master');
      assert.equal(infoField(String(await c.call('INFO', 'server')), 'tcp_port'), String(master.port));
    });
  });
});

describe('server harness lifecycle', function () {
  this.timeout(30_000);
  let own: ServerSet | undefined;
  afterEach(async () => {
    if (own) await stopServers(own);
    own = undefined;
  });

  it('restartServer: a retrying client sees the server go and come back, empty', async () => {
    own = await startServers(['standalone']);
    const events: string[] = [];
    const c = new Redis({ host: '127.0.0.1', port: own.standalone.port, protocol: 2, retryStrategy: () => 50 });
    c.on('error', () => undefined); // connection refused while the server is down
    c.on('close', () => events.push('close'));
    c.on('ready', () => events.push('ready'));
    clients.push(c);
    await c.set('harness:restart', '1');
    const runIdBefore = infoField(String(await c.call('INFO', 'server')), 'run_id');
    const pidBefore = readPid(serverFiles(path.join(own.dir, 'standalone')).pidFile);

    await restartServer(own, 'standalone');

    assert.ok(pidBefore !== undefined && !isAlive(pidBefore), 'the old process is gone');
    await until('the client to reconnect', () => events.includes('close') && events.lastIndexOf('ready') > events.indexOf('close'));
    assert.equal(events[0], 'ready');
    assert.ok(events.indexOf('close') > 0, `close after the first ready: ${events.join(',')}`);
    const info = String(await c.call('INFO', 'server'));
    assert.notEqual(infoField(info, 'run_id'), runIdBefore, 'a new server process answers');
    assert.equal(infoField(info, 'tcp_port'), String(own.standalone.port), 'on the same port');
    assert.equal(await c.exists('harness:restart'), 0);
    assert.equal(await c.dbsize(), 0);
  });

  it('stopServers ends every process of the set and removes its directory', async () => {
    own = await startServers(['standalone', 'sentinel']);
    const set = own;
    own = undefined;
    const pidFiles = ['standalone', 'sentinel/master', 'sentinel/sentinel1'].map((d) => serverFiles(path.join(set.dir, d)).pidFile);
    const pids = pidFiles.map(readPid);
    assert.ok(pids.every((p) => p !== undefined && isAlive(p)), 'all three processes run');
    await stopServers(set);
    assert.ok(pids.every((p) => !isAlive(p as number)), 'all three processes are gone');
    assert.equal(fs.existsSync(set.dir), false);
  });

  it('moves to another port when the chosen one is taken (redis-server still exits 0)', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), DIR_PREFIX));
    own = { dir } as ServerSet;
    const taken = servers().standalone.port;
    const offered: number[] = [];
    const files = serverFiles(path.join(dir, 'collide'));
    const launched = await launchRedis({
      name: 'collision probe',
      binary: 'redis-server',
      files,
      config: (p) => [`port ${p}`, ...commonConfig(files), 'save ""'],
      pickPort: async () => {
        const port = offered.length === 0 ? taken : await pickFreePort();
        offered.push(port);
        return port;
      },
    });
    assert.equal(offered.length, 2, 'a second port was asked for');
    assert.equal(launched.port, offered[1]);
    assert.equal(await client({ port: launched.port }).ping(), 'PONG');
    assert.equal(readPid(files.pidFile), launched.pid);
  });

  it('rejects unknown kinds before starting anything', async () => {
    await assert.rejects(startServers(['standalone', 'bogus' as ServerKind]), /unknown server kind\(s\): bogus/);
  });
});
