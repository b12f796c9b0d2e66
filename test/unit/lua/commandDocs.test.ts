import * as assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { bundledCommandDocs, CommandDoc, mergeCommandDocs, parseCommandDocsReply } from '../../../src/core/lua/commandDocs';
import { servers } from '../hooks';

function byName(docs: CommandDoc[], name: string): CommandDoc {
  const doc = docs.find((d) => d.name === name);
  assert.ok(doc, `no doc for ${name}`);
  return doc;
}

describe('lua command docs', () => {
  describe('bundled (from @ioredis/commands)', () => {
    const docs = bundledCommandDocs();

    it('has GET, SET and HSET with arity, flags, key positions and a syntax line', () => {
      assert.deepEqual(byName(docs, 'GET'), { name: 'GET', syntax: 'GET key', arity: 2, flags: ['readonly', 'fast'], keyPositions: 'argument 1' });
      const set = byName(docs, 'SET');
      assert.equal(set.arity, -3);
      assert.ok(set.flags.includes('write'));
      assert.equal(set.syntax, 'SET key arg [arg ...]');
      const hset = byName(docs, 'HSET');
      assert.equal(hset.arity, -4);
      assert.equal(hset.syntax, 'HSET key arg arg [arg ...]');
    });

    it('describes repeated key positions', () => {
      assert.equal(byName(docs, 'MSET').syntax, 'MSET key arg [key arg ...]');
      assert.equal(byName(docs, 'MSET').keyPositions, 'arguments 1 to last, every 2nd');
      assert.equal(byName(docs, 'DEL').syntax, 'DEL key [key ...]');
    });

    it('lists subcommands under their container', () => {
      const kill = byName(docs, 'CLIENT KILL');
      assert.ok(kill.arity < 0);
      assert.ok(byName(docs, 'CLIENT GETNAME').syntax.startsWith('CLIENT GETNAME'));
      assert.equal(byName(docs, 'OBJECT ENCODING').syntax, 'OBJECT ENCODING key');
    });

    it('is sorted and has no duplicates', () => {
      const names = docs.map((d) => d.name);
      assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
      assert.equal(new Set(names).size, names.length);
    });
  });

  describe('COMMAND DOCS from a real server', function () {
    this.timeout(10_000);
    let redis: Redis;
    before(() => {
      redis = new Redis({ port: servers().standalone.port, protocol: 2 });
    });
    after(() => redis.disconnect());

    it('reads summaries, since, group and argument syntax (GET SET XADD), from strings and from Buffers', async () => {
      for (const reply of [await redis.call('COMMAND', 'DOCS', 'GET', 'SET', 'XADD'), await redis.callBuffer('COMMAND', 'DOCS', 'GET', 'SET', 'XADD')]) {
        const docs = parseCommandDocsReply(reply);
        assert.deepEqual(docs.map((d) => d.name).sort(), ['GET', 'SET', 'XADD']);
        const get = byName(docs, 'GET');
        assert.equal(get.summary, 'Get the value of a key');
        assert.equal(get.since, '1.0.0');
        assert.equal(get.group, 'string');
        assert.equal(get.syntax, 'GET key');
        assert.equal(byName(docs, 'SET').syntax, 'SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]');
        assert.equal(byName(docs, 'XADD').syntax, 'XADD key [NOMKSTREAM] [<MAXLEN | MINID> [= | ~] threshold [LIMIT count]] <* | id> field value [field value ...]');
        assert.equal(byName(docs, 'XADD').summary, 'Appends a new entry to a stream');
      }
    });

    it('reads subcommands as their own entries', async () => {
      const docs = parseCommandDocsReply(await redis.call('COMMAND', 'DOCS', 'CLIENT'));
      const kill = byName(docs, 'CLIENT KILL');
      assert.equal(kill.summary, 'Kill the connection of a client');
      assert.match(kill.syntax, /^CLIENT KILL <ip:port \| <ID client-id \| TYPE <NORMAL \| MASTER \| SLAVE \| REPLICA \| PUBSUB> \| USER username/);
      assert.equal(byName(docs, 'CLIENT SETNAME').syntax, 'CLIENT SETNAME connection-name');
    });

    it('merges: server text over bundled arity and flags, plus commands only the server has', async () => {
      const server = parseCommandDocsReply(await redis.call('COMMAND', 'DOCS', 'GET'));
      server.push({ name: 'MYMODULE.CMD', syntax: 'MYMODULE.CMD key', summary: 'A module command', arity: 0, flags: [] });
      const merged = mergeCommandDocs(bundledCommandDocs(), server);
      const get = byName(merged, 'GET');
      assert.equal(get.summary, 'Get the value of a key');
      assert.equal(get.arity, 2);
      assert.deepEqual(get.flags, ['readonly', 'fast']);
      assert.equal(get.keyPositions, 'argument 1');
      assert.equal(byName(merged, 'MYMODULE.CMD').summary, 'A module command');
      assert.equal(byName(merged, 'SET').summary, undefined);
      assert.equal(merged.length, bundledCommandDocs().length + 1);
    });

    it('reads the whole COMMAND DOCS reply of the server', async () => {
      const docs = parseCommandDocsReply(await redis.call('COMMAND', 'DOCS'));
      assert.ok(docs.length > 300, `${docs.length}`);
      for (const d of docs) assert.ok(d.syntax.startsWith(d.name), d.name);
      assert.ok(docs.filter((d) => d.summary).length > 300);
    });
  });
});
