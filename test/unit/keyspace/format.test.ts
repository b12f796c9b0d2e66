import * as assert from 'node:assert/strict';
import { formatCount, formatTtl, parseTtl } from '../../../src/core/keyspace/format';

describe('tree formats', () => {
  it('formats TTLs', () => {
    assert.equal(formatTtl(-1), 'no TTL');
    assert.equal(formatTtl(-2), 'expired');
    assert.equal(formatTtl(44_100), '45s');
    assert.equal(formatTtl(7_800_000), '2h 10m');
    assert.equal(formatTtl(3_600_000), '1h');
    assert.equal(formatTtl(90_000), '1m 30s');
    assert.equal(formatTtl(3 * 86_400_000 + 4 * 3_600_000), '3d 4h');
  });

  it('formats counts, marking partial ones', () => {
    assert.equal(formatCount(1200, true), '1,200+');
    assert.equal(formatCount(7, false), '7');
  });

  it('parses typed TTLs', () => {
    assert.equal(parseTtl('90'), 90);
    assert.equal(parseTtl('15m'), 900);
    assert.equal(parseTtl('1h30m'), 5400);
    assert.equal(parseTtl('1d 2h'), 93_600);
    assert.equal(parseTtl('soon'), undefined);
    assert.equal(parseTtl('5x'), undefined);
    assert.equal(parseTtl(''), undefined);
  });
});
