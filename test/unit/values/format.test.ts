import * as assert from 'node:assert/strict';
import { describeWrite, quoteValue } from '../../../src/core/values/describe';
import { ValueInputError } from '../../../src/core/values/errors';
import { compactJson, formatValue, hexDump, parseEdited, parseHex, reindentJson, valueDigest } from '../../../src/core/values/format';

describe('value formatting', () => {
  it('shows UTF-8 as text, with its size', () => {
    const f = formatValue(Buffer.from('héllo\nwörld'));
    assert.equal(f.kind, 'text');
    assert.equal(f.text, 'héllo\nwörld');
    assert.equal(f.size, 13);
    assert.equal(f.truncated, false);
  });

  it('pretty-prints JSON objects without touching number literals', () => {
    const raw = '{"id":12345678901234567890,"tags":["a","b"],"empty":{},"price":1.50}';
    const f = formatValue(Buffer.from(raw));
    assert.equal(f.kind, 'json');
    assert.equal(f.compactJson, true);
    assert.equal(f.text, '{\n  "id": 12345678901234567890,\n  "tags": [\n    "a",\n    "b"\n  ],\n  "empty": {},\n  "price": 1.50\n}');
    // Saving the pretty text of a compact document stores the original bytes again.
    assert.equal(parseEdited(f.text, 'json', true).toString(), raw);
  });

  it('keeps strings with braces, colons and escapes intact when re-indenting', () => {
    const raw = '{"a":"x, {y}: [z] \\" q","b":[1,2]}';
    assert.equal(compactJson(reindentJson(raw, 2)), raw);
    assert.deepEqual(JSON.parse(reindentJson(raw, 4)), JSON.parse(raw));
  });

  it('treats a bare number or invalid JSON as text, not JSON', () => {
    assert.equal(formatValue(Buffer.from('42')).kind, 'text');
    assert.equal(formatValue(Buffer.from('{not json}')).kind, 'text');
  });

  it('shows binary as a hex dump that parses back to the same bytes', () => {
    const bytes = Buffer.from([0x00, 0xff, 0x10, 0x41, 0x42, 0x0a, 0x80, ...Buffer.from('0123456789abcdefXYZ')]);
    const f = formatValue(bytes);
    assert.equal(f.kind, 'binary');
    assert.match(f.text, /^00000000  00 ff 10 41 42 0a 80 30 31 32 33 34 35 36 37 38  \|\.\.\.AB\.\.012345678\|\n00000010  /);
    assert.deepEqual(parseHex(f.text), bytes);
    assert.deepEqual(parseEdited(f.text, 'hex'), bytes);
    assert.deepEqual(parseHex('de ad\nBE EF'), Buffer.from([0xde, 0xad, 0xbe, 0xef]));
  });

  it('counts control characters other than tab and newline as binary', () => {
    assert.equal(formatValue(Buffer.from('a\u0001b')).kind, 'binary');
    assert.equal(formatValue(Buffer.from('a\tb\r\n')).kind, 'text');
  });

  it('rejects malformed hex and JSON with the reason', () => {
    assert.throws(() => parseHex('abc'), (e: unknown) => e instanceof ValueInputError && /odd number of hex digits/.test(e.message));
    assert.throws(() => parseHex('zz'), /'z' is not a hex digit/);
    assert.throws(() => parseEdited('{"a":', 'json'), /not valid JSON/);
  });

  it('truncates on a character boundary and says so', () => {
    const value = Buffer.from('ééééé'); // 10 bytes, 2 per character
    const f = formatValue(value, 5);
    assert.equal(f.kind, 'text');
    assert.equal(f.text, 'éé');
    assert.equal(f.truncated, true);
    assert.equal(f.size, 10);
  });

  it('digests values for checked writes', () => {
    assert.equal(valueDigest(Buffer.from('abc')), 'a9993e364706816aba3e25717850c26c9cd0d89d');
  });

  it('dumps 16 bytes a line with offsets', () => {
    assert.equal(hexDump(Buffer.alloc(17)).split('\n')[1].slice(0, 12), '00000010  00');
  });
});

describe('describeWrite', () => {
  const key = Buffer.from('user:1');
  it('states the command, key and arguments', () => {
    assert.equal(describeWrite({ kind: 'hash.set', key, field: Buffer.from('email'), value: Buffer.from('a@b.c') }), 'HSET user:1 email = "a@b.c"');
    assert.equal(describeWrite({ kind: 'hash.delete', key, field: Buffer.from('email') }), 'HDEL user:1 email');
    assert.equal(describeWrite({ kind: 'list.push', key, end: 'head', value: Buffer.from('x') }), 'LPUSH user:1 "x"');
    assert.equal(describeWrite({ kind: 'zset.add', key, member: Buffer.from('alice'), score: '12.5' }), 'ZADD user:1 12.5 "alice"');
    assert.match(describeWrite({ kind: 'string.set', key, value: Buffer.from('v') }), /^SET user:1 = "v" \(KEEPTTL/);
    assert.match(describeWrite({ kind: 'list.remove', key, index: 3 }), /^Remove item \[3\] of user:1 \(MULTI: LSET .* LREM 1/);
  });

  it('escapes control characters and shows binary as bytes', () => {
    assert.equal(describeWrite({ kind: 'set.add', key: Buffer.from('k\n'), member: Buffer.from([0, 1, 2]) }), 'SADD k\\n <3 bytes: 00 01 02>');
  });

  it('cuts long values and names their size', () => {
    assert.match(quoteValue(Buffer.alloc(5000, 'a')), /^"a{80}…" \(5,000 bytes\)$/);
  });
});
