import * as assert from 'node:assert/strict';
import { readDirectives } from '../../../src/core/lua/directives';

describe('lua directives', () => {
  it('reads KEYS and ARGV from header comments, with quotes', () => {
    const d = readDirectives([
      '-- Rate limiter',
      '--! KEYS: rate:{user:1} "key with space"',
      '--!ARGV: 10 60 \'a b\'',
      '',
      'local n = redis.call("INCR", KEYS[1])',
    ].join('\n'));
    assert.deepEqual(d.keys, ['rate:{user:1}', 'key with space']);
    assert.deepEqual(d.args, ['10', '60', 'a b']);
    assert.equal(d.keysLine, 1);
    assert.equal(d.argsLine, 2);
    assert.equal(d.shebang, undefined);
    assert.deepEqual(d.problems, []);
  });

  it('ignores directives after the first code line and inside block comments they end', () => {
    const d = readDirectives('--[[ header\n--! KEYS: in-block\n]]\n--! ARGV: 1\nreturn 1\n--! KEYS: late\n');
    assert.equal(d.keys, undefined);
    assert.deepEqual(d.args, ['1']);
  });

  it('reads an empty KEYS list as no keys, and leaves absent lists undefined', () => {
    const d = readDirectives('--! KEYS:\nreturn 1');
    assert.deepEqual(d.keys, []);
    assert.equal(d.args, undefined);
  });

  it('reads the script shebang flags and keeps KEYS after it', () => {
    const d = readDirectives('#!lua flags=no-writes,allow-stale\n--! KEYS: a\nreturn 1');
    assert.deepEqual(d.shebang, { flags: ['no-writes', 'allow-stale'], line: 0 });
    assert.deepEqual(d.keys, ['a']);
    assert.deepEqual(d.problems, []);
  });

  it('reads a library shebang', () => {
    assert.deepEqual(readDirectives('#!lua name=mylib\nredis.register_function("f", function() return 1 end)').shebang, { name: 'mylib', flags: [], line: 0 });
  });

  it('reports what Redis would refuse in the shebang, at the offending word', () => {
    const bad = readDirectives('#!lua flags=no-writes,bogus\nreturn 1').problems;
    assert.equal(bad.length, 1);
    assert.equal(bad[0].message, 'Unexpected flag in script shebang: bogus');
    assert.deepEqual([bad[0].line, bad[0].column, bad[0].endColumn], [0, 6, 27]);
    assert.match(readDirectives('#!lua foo=bar\n').problems[0].message, /Unknown lua shebang option: foo=bar/);
    assert.match(readDirectives('#!python\n').problems[0].message, /Unexpected engine in script shebang: #!python/);
    assert.match(readDirectives('#!lua name=\n').problems[0].message, /Library name was not given/);
  });

  it('reports malformed directive lines with their position', () => {
    const d = readDirectives('--! KEYS user:1\n--! FOO: 1\n--! ARGV: "open\nreturn 1');
    assert.equal(d.keys, undefined);
    assert.equal(d.args, undefined);
    assert.equal(d.problems.length, 3);
    const [missingColon, unknown, quote] = d.problems;
    assert.equal(missingColon.line, 0);
    assert.match(missingColon.message, /Malformed directive/);
    assert.equal(unknown.line, 1);
    assert.match(unknown.message, /Unknown directive 'FOO'/);
    assert.deepEqual([unknown.column, unknown.endColumn], [4, 7]);
    assert.equal(quote.line, 2);
    assert.equal(quote.severity, 'error');
    assert.equal(quote.column, 10);
    assert.match(quote.message, /ARGV directive: unterminated quote starting at column 11/);
  });

  it('ignores decorative comments that start like a directive', () => {
    assert.deepEqual(readDirectives('--!!!!!!!!!!\n--!-------\n--!\nreturn 1').problems, []);
  });

  it('keeps the first of duplicate directives and warns on the second', () => {
    const d = readDirectives('--! KEYS: a\n--! KEYS: b\nreturn 1');
    assert.deepEqual(d.keys, ['a']);
    assert.equal(d.problems.length, 1);
    assert.equal(d.problems[0].line, 1);
    assert.match(d.problems[0].message, /Duplicate KEYS directive: the one on line 1 is used/);
  });

  it('handles CRLF files', () => {
    const d = readDirectives('--! KEYS: a b\r\n--! ARGV: 1\r\nreturn 1\r\n');
    assert.deepEqual(d.keys, ['a', 'b']);
    assert.deepEqual(d.args, ['1']);
  });
});
