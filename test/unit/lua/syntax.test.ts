import * as assert from 'node:assert/strict';
import { checkSyntax, parseLua } from '../../../src/core/lua/syntax';

describe('lua syntax (luaparse, Lua 5.1)', () => {
  it('accepts a valid script', () => {
    assert.deepEqual(checkSyntax('local v = redis.call("GET", KEYS[1])\nif not v then return 0 end\nreturn v'), []);
  });

  it('reports the first error with its 0-based line and the token it names', () => {
    const [p] = checkSyntax('local count = 1\nif if count then\n  return count\nend');
    assert.equal(p.severity, 'error');
    assert.equal(p.rule, undefined);
    assert.equal(p.message, "<expression> expected near 'if'");
    assert.deepEqual([p.line, p.column, p.endLine, p.endColumn], [1, 3, 1, 5]);
  });

  it('points an unfinished string at the string itself', () => {
    const [p] = checkSyntax('local a = 1\nlocal s = "abc');
    assert.match(p.message, /unfinished string near '"abc'/);
    assert.deepEqual([p.line, p.column, p.endColumn], [1, 10, 14]);
  });

  it('reports errors at the end of the file on the last line', () => {
    const [p] = checkSyntax('local t = {\n  1,\n');
    assert.match(p.message, /near '<eof>'/);
    assert.equal(p.line, 2);
  });

  it('rejects Lua 5.2+ syntax that Redis (Lua 5.1) rejects', () => {
    assert.equal(checkSyntax('goto done\n::done::').length, 1);
    assert.equal(checkSyntax('return 7 // 2').length, 1);
  });

  it('accepts a shebang line and keeps positions right after it', () => {
    assert.deepEqual(checkSyntax('#!lua flags=no-writes\nreturn redis.call("GET", KEYS[1])'), []);
    const [p] = checkSyntax('#!lua name=lib\nredis.register_function("f", function()\n  return (1\nend)');
    assert.equal(p.line, 3);
    assert.match(p.message, /'\)' expected/);
  });

  it('keeps columns right after non-Latin-1 text', () => {
    assert.deepEqual(checkSyntax('-- 日本語のコメント\nlocal s = "héllo 😀"\nreturn s'), []);
    const [p] = checkSyntax('local s = "日本" ..\nreturn s');
    assert.equal(p.line, 1);
    assert.equal(p.column, 0);
    const [q] = checkSyntax('local 名 = 1');
    assert.equal(q.column, 6);
    assert.match(q.message, /名/);
  });

  it('parses with string values, ranges and locations for the other modules', () => {
    const chunk = parseLua('#!lua name=x\nlocal s = "héllo\\n"');
    assert.ok(chunk);
    const stmt = chunk.body[0];
    assert.equal(stmt.type, 'LocalStatement');
    if (stmt.type !== 'LocalStatement') return;
    const init = stmt.init[0];
    assert.equal(init.type, 'StringLiteral');
    if (init.type === 'StringLiteral') assert.equal(init.value, 'héllo\n');
    assert.deepEqual(init.loc?.start, { line: 2, column: 10 });
    assert.deepEqual((init as { range?: number[] }).range, [23, 32]);
    assert.equal(parseLua('if then'), undefined);
  });
});
