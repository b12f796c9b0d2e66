import * as assert from 'node:assert/strict';
import { displayKey, escapeGlob, hasGlob, keyFromToken, keyToken } from '../../../src/core/keyspace/keyName';

describe('key names', () => {
  it('shows UTF-8 keys as text, with controls escaped', () => {
    assert.equal(displayKey(Buffer.from('user:1001')), 'user:1001');
    assert.equal(displayKey(Buffer.from('emoji:🔥:ключ')), 'emoji:🔥:ключ');
    assert.equal(displayKey(Buffer.from('line\nbreak\ttab\\')), 'line\\nbreak\\ttab\\\\');
    assert.equal(displayKey(Buffer.from('<img src=x onerror=alert(1)>')), '<img src=x onerror=alert(1)>', 'markup stays text (rendering escapes it)');
  });

  it('shows invalid UTF-8 bytes as \\xNN and round-trips through tokens', () => {
    const key = Buffer.from([0x62, 0x69, 0x6e, 0x3a, 0xff, 0x00, 0xc3]);
    assert.equal(displayKey(key), 'bin:\\xff\\x00\\xc3');
    assert.ok(keyFromToken(keyToken(key)).equals(key));
  });

  it('tells glob patterns from exact names, and escapes prefixes for MATCH', () => {
    assert.equal(hasGlob('user:*'), true);
    assert.equal(hasGlob('user:?'), true);
    assert.equal(hasGlob('user:[ab]'), true);
    assert.equal(hasGlob('user:1001'), false);
    assert.equal(hasGlob('literal\\*star'), false);
    assert.equal(escapeGlob(Buffer.from('a*b?c[d]\\')).toString(), 'a\\*b\\?c\\[d\\]\\\\');
  });
});
