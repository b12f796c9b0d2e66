/**
 * Reply trees from real script replies: each script runs on the harness's standalone server through
 * ioredis `callBuffer('EVAL', ...)`, as the runner sends it, and the tree, the JSON copy, the
 * redis-cli text and the summary are checked against what Redis returned.
 */
import * as assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { ReplyNode, limitReply, replySummary, replyToJson, replyToText, toReplyTree } from '../../../src/core/lua/reply';
import { servers } from '../hooks';

describe('Lua reply trees (standalone, real replies)', function () {
  this.timeout(20_000);
  let redis: Redis;

  before(() => {
    redis = new Redis({ port: servers().standalone.port, protocol: 2 });
  });

  after(() => redis.disconnect());

  const run = (script: string, ...args: (string | Buffer)[]): Promise<unknown> => redis.callBuffer('EVAL', script, 0, ...args);
  const tree = async (script: string, ...args: (string | Buffer)[]): Promise<ReplyNode> => toReplyTree(await run(script, ...args));

  it('shows an integer, a string and nil as redis-cli does', async () => {
    const int = await tree('return 5');
    assert.deepEqual(int, { t: 'int', value: '5' });
    assert.equal(replySummary(int), '(integer) 5');
    assert.equal(replyToJson(int), 5);

    const negative = await tree('return -42');
    assert.deepEqual(negative, { t: 'int', value: '-42' });

    const str = await tree("return 'hello \"world\"'");
    assert.deepEqual(str, { t: 'bulk', text: 'hello "world"', size: 13, binary: false });
    assert.equal(replySummary(str), '"hello \\"world\\""');
    assert.equal(replyToJson(str), 'hello "world"');

    const nil = await tree('return false');
    assert.deepEqual(nil, { t: 'nil' });
    assert.equal(replySummary(nil), '(nil)');
    assert.equal(replyToJson(nil), null);
    assert.equal(replyToText(nil), '(nil)');
  });

  it('keeps the bytes of a binary string as hex, with an escaped display', async () => {
    const bytes = Buffer.from([0xff, 0x00, 0x41, 0x0a, 0x80]);
    const node = await tree('return ARGV[1]', bytes);
    assert.equal(node.t, 'bulk');
    assert.ok(node.t === 'bulk');
    assert.equal(node.binary, true);
    assert.equal(node.hex, 'ff00410a80');
    assert.equal(node.size, 5);
    assert.equal(node.text, '\\xff\\x00A\\x0a\\x80');
    assert.deepEqual(replyToJson(node), { hex: 'ff00410a80' });
    assert.equal(replySummary(node), '"\\xff\\x00A\\x0a\\x80"');
  });

  it('flags a JSON string, and leaves a plain number-looking string alone', async () => {
    const json = await tree('return cjson.encode({name = "ada", tags = {"x", "y"}})');
    assert.ok(json.t === 'bulk');
    assert.equal(json.json, true);
    assert.deepEqual(JSON.parse(json.text), { name: 'ada', tags: ['x', 'y'] });
    const number = await tree("return '12'");
    assert.ok(number.t === 'bulk');
    assert.equal(number.json, undefined);
    assert.equal(replyToJson(number), '12', 'a bulk string stays a string in JSON');
  });

  it('turns a status reply into its text (RESP2 cannot tell it from a bulk string)', async () => {
    const ok = await tree("return redis.status_reply('OK')");
    assert.deepEqual(ok, { t: 'bulk', text: 'OK', size: 2, binary: false });
    assert.equal(replySummary(ok), '"OK"');
  });

  it('renders nested tables with errors inside, numbered like redis-cli', async () => {
    const node = await tree("return {1, 'two', {3, {'four'}}, redis.error_reply('boom'), redis.status_reply('FINE')}");
    assert.deepEqual(node, {
      t: 'array',
      items: [
        { t: 'int', value: '1' },
        { t: 'bulk', text: 'two', size: 3, binary: false },
        { t: 'array', items: [{ t: 'int', value: '3' }, { t: 'array', items: [{ t: 'bulk', text: 'four', size: 4, binary: false }] }] },
        { t: 'error', text: 'ERR boom' },
        { t: 'bulk', text: 'FINE', size: 4, binary: false },
      ],
    });
    assert.equal(replySummary(node), 'array of 5');
    assert.equal(
      replyToText(node),
      ['1) (integer) 1', '2) "two"', '3) 1) (integer) 3', '   2) 1) "four"', '4) (error) ERR boom', '5) "FINE"'].join('\n'),
    );
    assert.deepEqual(replyToJson(node), [1, 'two', [3, ['four']], { error: 'ERR boom' }, 'FINE']);
  });

  it('shows where Lua cut a table at its first nil: {1, nil, 3} is one item', async () => {
    const node = await tree('return {1, nil, 3}');
    assert.deepEqual(node, { t: 'array', items: [{ t: 'int', value: '1' }] });
    assert.equal(replyToText(node), '1) (integer) 1');
  });

  it('shows an empty table as an empty array', async () => {
    const node = await tree('return {}');
    assert.deepEqual(node, { t: 'array', items: [] });
    assert.equal(replySummary(node), '(empty array)');
    assert.equal(replyToText(node), '(empty array)');
  });

  it('truncates a 10,000-element array with a marker, right-aligning the numbers', async () => {
    const node = await tree('local t = {} for i = 1, 10000 do t[i] = i end return t');
    assert.ok(node.t === 'array');
    assert.equal(node.items.length, 1000);
    assert.equal(node.truncated, 9000);
    assert.deepEqual(node.items[999], { t: 'int', value: '1000' });
    assert.equal(replySummary(node), 'array of 10,000');
    const lines = replyToText(node).split('\n');
    assert.equal(lines[0], '   1) (integer) 1');
    assert.equal(lines[999], '1000) (integer) 1000');
    assert.equal(lines[1000], '… 9,000 more items not shown');
    const json = replyToJson(node) as unknown[];
    assert.equal(json.length, 1001);
    assert.deepEqual(json[1000], { $truncated: 9000 });

    const small = toReplyTree(await run('local t = {} for i = 1, 10000 do t[i] = i end return t'), { maxItems: 10 });
    assert.ok(small.t === 'array');
    assert.equal(small.items.length, 10);
    assert.equal(small.truncated, 9990);
  });

  it('truncates a long string on a character boundary and keeps its full size', async () => {
    const node = toReplyTree(await run("return string.rep('é', 100)"), { maxBytes: 51 });
    assert.ok(node.t === 'bulk');
    assert.equal(node.size, 200);
    assert.equal(node.text, 'é'.repeat(25));
    assert.equal(node.truncated, 150);
    assert.equal(node.binary, false);
    assert.deepEqual(replyToJson(node), { text: 'é'.repeat(25), $truncated: 150 });
  });

  it('cuts a stored tree further, keeping counts of what was already left out', async () => {
    const full = await tree("local t = {} for i = 1, 2000 do t[i] = string.rep('x', 100) end return t");
    const small = limitReply(full, { maxItems: 5, maxBytes: 10 });
    assert.ok(small.t === 'array');
    assert.equal(small.items.length, 5);
    assert.equal(small.truncated, 1995, '1,000 cut when the tree was made, 995 more now');
    assert.deepEqual(small.items[0], { t: 'bulk', text: 'xxxxxxxxxx', size: 100, binary: false, truncated: 90 });
    assert.ok(JSON.stringify(small).length < 1000);
    // A whole-tree budget bounds the stored size, whatever the shape.
    const bounded = limitReply(full, { maxTotalBytes: 2000 });
    assert.ok(bounded.t === 'array');
    assert.ok(bounded.items.length > 5 && bounded.items.length < 30, `${bounded.items.length} items kept`);
    assert.equal(bounded.truncated, 2000 - bounded.items.length);
    assert.ok(JSON.stringify(bounded).length < 4000, `${JSON.stringify(bounded).length} bytes of JSON`);
    const wide = toReplyTree(await run("local t = {} for i = 1, 300 do t[i] = {ARGV[1], ARGV[1]} end return t", Buffer.alloc(3000, 0xff)));
    assert.ok(JSON.stringify(wide).length > 1_000_000, 'the full tree is big');
    assert.ok(JSON.stringify(limitReply(wide, { maxTotalBytes: 8192 })).length < 20_000, 'binary strings are charged for their hex and escaped text');
  });

  it('keeps binary bytes exact when a stored tree is cut', async () => {
    const node = await tree('return ARGV[1]', Buffer.from([0xde, 0xad, 0xbe, 0xef, 0x00]));
    const cut = limitReply(node, { maxBytes: 3 });
    assert.deepEqual(cut, { t: 'bulk', text: '\\xde\\xad\\xbe', hex: 'deadbe', size: 5, binary: true, truncated: 2 });
  });

  describe('RESP3 types', () => {
    let resp3: Redis;
    let legacy: Redis;

    before(() => {
      // ioredis 6 only hands RESP3 types over as such with replyMapping "resp3".
      resp3 = new Redis({ port: servers().standalone.port, protocol: 3, replyMapping: 'resp3' });
      legacy = new Redis({ port: servers().standalone.port, protocol: 3 });
    });

    after(() => {
      resp3.disconnect();
      legacy.disconnect();
    });

    const tree3 = async (client: Redis, script: string): Promise<ReplyNode> => toReplyTree(await client.callBuffer('EVAL', `redis.setresp(3); ${script}`, 0));

    it('shows a map, a double and booleans when ioredis maps them', async () => {
      const map = await tree3(resp3, "return {map={a=1, b={1, 'x'}}}");
      assert.equal(map.t, 'map');
      assert.ok(map.t === 'map');
      const entries = [...map.entries].sort((x, y) => (x[0].t === 'bulk' && y[0].t === 'bulk' ? x[0].text.localeCompare(y[0].text) : 0));
      assert.deepEqual(entries, [
        [{ t: 'bulk', text: 'a', size: 1, binary: false }, { t: 'int', value: '1' }],
        [{ t: 'bulk', text: 'b', size: 1, binary: false }, { t: 'array', items: [{ t: 'int', value: '1' }, { t: 'bulk', text: 'x', size: 1, binary: false }] }],
      ]);
      assert.equal(replySummary(map), 'map of 2');
      assert.deepEqual(replyToJson(map), { a: 1, b: [1, 'x'] });

      // Keys arrive as strings: "inf" and "7" stay strings, not a double and an integer.
      const keys = await tree3(resp3, "return {map={inf='x', [7]='y'}}");
      assert.ok(keys.t === 'map');
      assert.deepEqual(keys.entries.map(([k]) => k.t === 'bulk' && k.text).sort(), ['7', 'inf']);

      const double = await tree3(resp3, 'return {double=3.5}');
      assert.deepEqual(double, { t: 'double', value: '3.5' });
      assert.equal(replySummary(double), '(double) 3.5');
      assert.deepEqual(await tree3(resp3, 'return {double=1/0}'), { t: 'double', value: 'inf' });
      assert.deepEqual(await tree3(resp3, 'return true'), { t: 'bool', value: true });
      assert.deepEqual(await tree3(resp3, 'return false'), { t: 'bool', value: false });
      assert.equal(replyToText({ t: 'bool', value: true }), '(true)');
      assert.deepEqual(await tree3(resp3, "return {big_number='1234567890123456789012'}"), { t: 'int', value: '1234567890123456789012' });
      assert.equal(replyToJson({ t: 'int', value: '1234567890123456789012' }), '1234567890123456789012', 'past 2^53 stays a string');
    });

    it('gets the RESP2 shapes with the default mapping, so nothing RESP3 can be shown there', async () => {
      const map = await tree3(legacy, "return {map={a=1}}");
      assert.deepEqual(map, { t: 'array', items: [{ t: 'bulk', text: 'a', size: 1, binary: false }, { t: 'int', value: '1' }] });
      assert.deepEqual(await tree3(legacy, 'return {double=3.5}'), { t: 'bulk', text: '3.5', size: 3, binary: false });
      assert.deepEqual(await tree3(legacy, 'return true'), { t: 'int', value: '1' });
      assert.deepEqual(await tree3(redis, 'return true'), { t: 'int', value: '1' }, 'RESP2: the server sends 1');
    });

    it('copies a map with redis-cli text and binary keys as pairs', () => {
      const node: ReplyNode = {
        t: 'map',
        entries: [
          [{ t: 'bulk', text: '\\xff', hex: 'ff', size: 1, binary: true }, { t: 'int', value: '1' }],
          [{ t: 'bulk', text: 'k', size: 1, binary: false }, { t: 'array', items: [{ t: 'nil' }, { t: 'double', value: '2.5' }] }],
        ],
      };
      assert.deepEqual(replyToJson(node), [[{ hex: 'ff' }, 1], ['k', [null, 2.5]]]);
      assert.equal(replyToText(node), ['1# "\\xff" => (integer) 1', '2# "k" => 1) (nil)', '          2) (double) 2.5'].join('\n'));
    });
  });
});
