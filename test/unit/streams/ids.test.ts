import * as assert from 'node:assert/strict';
import { StreamError } from '../../../src/core/streams/errors';
import { MAX_ID, compareIds, idForTime, nextId, normalizeId, parseIdOrTime, prevId, timeOfId } from '../../../src/core/streams/ids';

describe('stream ids', () => {
  it('compares as Redis orders them: ms first, then seq, numerically', () => {
    assert.equal(compareIds('5-0', '5-0'), 0);
    assert.ok(compareIds('5-1', '5-10') < 0);
    assert.ok(compareIds('10-0', '9-99') > 0);
    assert.ok(compareIds('5', '5-1') < 0, 'a bare ms is <ms>-0');
    assert.equal(compareIds('5', '5-0'), 0);
    // Beyond 2^53: numbers would round these to equal.
    assert.ok(compareIds('1-9007199254740993', '1-9007199254740992') > 0);
    assert.deepEqual(['10-0', '9-1', '9-0', '100-0'].sort(compareIds), ['9-0', '9-1', '10-0', '100-0']);
  });

  it('refuses malformed ids with a bad-id StreamError', () => {
    for (const bad of ['', 'abc', '5-', '-5', '5-1-2', '1.5-0', '18446744073709551616-0', ' 5-0']) {
      assert.throws(() => compareIds(bad, '1-0'), (e: unknown) => e instanceof StreamError && e.kind === 'bad-id' && e.message.includes(`'${bad}'`), bad);
    }
  });

  it('steps to the next and previous id across seq and ms limits', () => {
    assert.equal(nextId('5-1'), '5-2');
    assert.equal(nextId('5-18446744073709551615'), '6-0');
    assert.equal(nextId(MAX_ID), undefined);
    assert.equal(prevId('5-1'), '5-0');
    assert.equal(prevId('5-0'), '4-18446744073709551615');
    assert.equal(prevId('0-0'), undefined);
    assert.equal(nextId('7'), '7-1');
  });

  it('maps times to ids and back', () => {
    assert.equal(idForTime(1700000000000), '1700000000000-0');
    assert.equal(idForTime(12.7), '12-0');
    assert.throws(() => idForTime(-1), RangeError);
    assert.throws(() => idForTime(Number.NaN), RangeError);
    assert.equal(timeOfId('1700000000000-3'), 1700000000000);
    assert.equal(timeOfId('42'), 42);
    assert.equal(normalizeId('42'), '42-0');
  });

  describe('parseIdOrTime', () => {
    it('takes ids and bare millisecond times', () => {
      assert.equal(parseIdOrTime('1700000000000-3'), '1700000000000-3');
      assert.equal(parseIdOrTime('  1700000000000 '), '1700000000000-0');
      assert.equal(parseIdOrTime('0'), '0-0');
    });

    it('takes ISO dates and times with a zone as that instant', () => {
      const at = Date.UTC(2026, 10, 22, 10, 0, 0);
      assert.equal(parseIdOrTime('2026-11-22T10:00:00Z'), `${at}-0`);
      assert.equal(parseIdOrTime('2026-11-22T10:00Z'), `${at}-0`);
      assert.equal(parseIdOrTime('2026-11-22t10:00:00.250z'), `${at + 250}-0`);
      assert.equal(parseIdOrTime('2026-11-22T12:00:00+02:00'), `${at}-0`);
      assert.equal(parseIdOrTime('2026-11-22T05:30:00-0430'), `${at}-0`);
      assert.equal(parseIdOrTime('1970-01-01T00:00:05Z'), '5000-0');
    });

    it('reads a date/time without a zone as local time, a bare date as local midnight', () => {
      assert.equal(parseIdOrTime('2026-11-22 10:00'), `${new Date(2026, 10, 22, 10, 0).getTime()}-0`);
      assert.equal(parseIdOrTime('2026-11-22T10:00:30'), `${new Date(2026, 10, 22, 10, 0, 30).getTime()}-0`);
      assert.equal(parseIdOrTime('2026-11-22'), `${new Date(2026, 10, 22).getTime()}-0`);
    });

    it('is undefined for what is neither', () => {
      for (const bad of ['', 'yesterday', '2026-13-01', '2026-02-30', '2026-11-22 25:00', '2026-11-22T10:60', '2026/11/22', '1-2-3-4', '18446744073709551616', '1960-01-01T00:00:00Z', '2026-11-22T10:00+25:00']) {
        assert.equal(parseIdOrTime(bad), undefined, bad);
      }
      assert.equal(parseIdOrTime('2024-02-29'), `${new Date(2024, 1, 29).getTime()}-0`, 'a leap day is a date');
    });
  });
});
