import * as assert from 'node:assert/strict';
import calculateSlot from 'cluster-key-slot';
import { ArgsSyntaxError, crossSlotKeys, formatKeysAndArgs, KeysAndArgs, parseKeysAndArgs } from '../../../src/core/lua/args';

describe('lua args: redis-cli --eval syntax', () => {
  it('splits keys and args at a lone comma', () => {
    assert.deepEqual(parseKeysAndArgs('k1 k2 , a1 a2'), { keys: ['k1', 'k2'], args: ['a1', 'a2'] });
    assert.deepEqual(parseKeysAndArgs('  user:1\t, 10   60 '), { keys: ['user:1'], args: ['10', '60'] });
  });

  it('treats everything as keys without a comma, and args only after a leading comma', () => {
    assert.deepEqual(parseKeysAndArgs('a b c'), { keys: ['a', 'b', 'c'], args: [] });
    assert.deepEqual(parseKeysAndArgs(', x y'), { keys: [], args: ['x', 'y'] });
    assert.deepEqual(parseKeysAndArgs('k ,'), { keys: ['k'], args: [] });
  });

  it('gives nothing for empty or blank input', () => {
    assert.deepEqual(parseKeysAndArgs(''), { keys: [], args: [] });
    assert.deepEqual(parseKeysAndArgs('   \t '), { keys: [], args: [] });
  });

  it('keeps a comma glued to a word as part of it, as redis-cli does', () => {
    assert.deepEqual(parseKeysAndArgs('k1, a1'), { keys: ['k1,', 'a1'], args: [] });
  });

  it('uses only the first comma as the separator; later ones are args', () => {
    assert.deepEqual(parseKeysAndArgs('k , a , b'), { keys: ['k'], args: ['a', ',', 'b'] });
  });

  it('reads double-quoted values with spaces and backslash escapes', () => {
    assert.deepEqual(parseKeysAndArgs('"user 1" , "say \\"hi\\"" "a\\nb\\tc" "\\x41\\x7a" "back\\\\slash" "\\q"'), {
      keys: ['user 1'],
      args: ['say "hi"', 'a\nb\tc', 'Az', 'back\\slash', 'q'],
    });
  });

  it('reads single-quoted values literally except for \\\'', () => {
    assert.deepEqual(parseKeysAndArgs("'a b' , 'it\\'s' 'c:\\dir\\n'"), { keys: ['a b'], args: ["it's", 'c:\\dir\\n'] });
  });

  it('keeps empty quoted values and a quoted comma as values', () => {
    assert.deepEqual(parseKeysAndArgs('"" "," , \'\''), { keys: ['', ','], args: [''] });
  });

  it('joins a quoted part to the bare text before it (sdssplitargs)', () => {
    assert.deepEqual(parseKeysAndArgs('user:"a b"'), { keys: ['user:a b'], args: [] });
  });

  it('names an unterminated quote and its 1-based column', () => {
    assert.throws(() => parseKeysAndArgs('k1 k2 "abc'), (err: unknown) => {
      assert.ok(err instanceof ArgsSyntaxError);
      assert.equal(err.message, 'unterminated quote starting at column 7');
      assert.equal(err.column, 6);
      return true;
    });
    assert.throws(() => parseKeysAndArgs("k , 'x"), /unterminated quote starting at column 5/);
    assert.throws(() => parseKeysAndArgs('k "ends with backslash\\"'), /unterminated quote starting at column 3/);
  });

  it('refuses text glued to a closing quote, naming the column', () => {
    assert.throws(() => parseKeysAndArgs('"a"b c'), (err: unknown) => err instanceof ArgsSyntaxError && /column 4/.test(err.message) && err.column === 3);
  });

  it('formats back to text that parses to the same value', () => {
    const cases: KeysAndArgs[] = [
      { keys: [], args: [] },
      { keys: ['k1', 'k2'], args: [] },
      { keys: [], args: ['a'] },
      { keys: ['user 1', ''], args: ['say "hi"', 'a\nb\tc\r', 'back\\slash', ',', "it's", '\x00\x07\x08\x1b\x7f', 'héllo 日本'] },
      { keys: [','], args: [',', ' , '] },
    ];
    for (const v of cases) assert.deepEqual(parseKeysAndArgs(formatKeysAndArgs(v)), v, JSON.stringify(v));
    assert.equal(formatKeysAndArgs({ keys: ['k1', 'k 2'], args: ['10'] }), 'k1 "k 2" , 10');
    assert.equal(formatKeysAndArgs({ keys: [], args: ['x'] }), ', x');
  });

  it('round-trips random values', () => {
    const alphabet = ['a', 'b', ' ', '"', "'", '\\', ',', '\n', '\t', 'é', '{', '}', 'x'];
    let seed = 42;
    const next = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const word = (): string => Array.from({ length: next(5) }, () => alphabet[next(alphabet.length)]).join('');
    for (let i = 0; i < 300; i++) {
      const v = { keys: Array.from({ length: next(4) }, word), args: Array.from({ length: next(4) }, word) };
      assert.deepEqual(parseKeysAndArgs(formatKeysAndArgs(v)), v, JSON.stringify(v));
    }
  });
});

describe('lua args: cross-slot keys', () => {
  it('is undefined when all keys share a slot or there are fewer than two', () => {
    assert.equal(crossSlotKeys([]), undefined);
    assert.equal(crossSlotKeys(['only']), undefined);
    assert.equal(crossSlotKeys(['{user:1}:profile', '{user:1}:sessions']), undefined);
    assert.equal(crossSlotKeys(['same', 'same']), undefined);
  });

  it('lists the distinct slots of keys that do not', () => {
    const result = crossSlotKeys(['user:1', 'user:2', '{user:1}x']);
    assert.ok(result);
    assert.deepEqual(result.slots, [calculateSlot('user:1'), calculateSlot('user:2')]);
    assert.notEqual(calculateSlot('user:1'), calculateSlot('user:2'));
  });
});
