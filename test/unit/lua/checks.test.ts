import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { checkScript, SCRIPT_RULES } from '../../../src/core/lua/checks';
import { readDirectives } from '../../../src/core/lua/directives';
import { LuaProblem } from '../../../src/core/lua/problem';
import { checkSyntax } from '../../../src/core/lua/syntax';
import { servers } from '../hooks';

const CORRECT = path.resolve(__dirname, '../../../../test/fixtures/lua/correct');

/** `rule@line:col` (0-based) of each finding, for compact assertions. */
function at(problems: LuaProblem[]): string[] {
  return problems.map((p) => `${p.rule}@${p.line}:${p.column}`);
}

/** `rule@line:col` where `needle` first occurs on 0-based `line` of `source`. */
function where(rule: string, source: string, line: number, needle: string): string {
  const column = source.split('\n')[line].indexOf(needle);
  assert.ok(column >= 0, `${needle} not on line ${line}`);
  return `${rule}@${line}:${column}`;
}

function only(source: string, rule: string, options?: { isLibrary?: boolean }): LuaProblem[] {
  return checkScript(source, options).filter((p) => p.rule === rule);
}

describe('lua script checks', () => {
  it('has rules R18-R21 with names and default severities', () => {
    assert.deepEqual(SCRIPT_RULES.map((r) => `${r.id} ${r.name} ${r.severity}`), [
      'R18 lua-undeclared-key warning', 'R19 lua-nil-compare warning', 'R20 lua-lossy-return warning', 'R21 lua-global error',
    ]);
  });

  it('gives nothing for a script that does not parse (checkSyntax reports it)', () => {
    assert.deepEqual(checkScript("redis.call('GET', 'x'\nx = "), []);
  });

  describe('R18 lua-undeclared-key', () => {
    it('flags a literal key and names the call', () => {
      const [p] = only("local v = redis.call('GET', 'user:1')\nreturn v", 'R18');
      assert.equal(p.severity, 'warning');
      assert.deepEqual([p.line, p.column, p.endLine, p.endColumn], [0, 28, 0, 36]);
      assert.match(p.message, /^redis\.call\('GET', 'user:1'\): the key 'user:1' is a literal, not declared as a key\./);
      assert.match(p.message, /pass it in KEYS and use KEYS\[n\]/);
    });

    it('flags built keys, ARGV keys and keys held in locals', () => {
      const source = [
        "redis.call('INCR', 'rate:' .. ARGV[1])",
        'redis.pcall("SET", ARGV[1], "v")',
        "local key = string.format('user:%s', ARGV[1])",
        "redis.call('HGET', key, 'name')",
        "local alias = key",
        "redis.call('DEL', alias)",
        "redis.call('EXPIRE', KEYS[1] .. ':meta', 10)",
        "redis.call('GET', 42)",
      ].join('\n');
      const found = only(source, 'R18');
      assert.deepEqual(at(found), [[0, "'rate:'"], [1, 'ARGV[1]'], [3, 'key,'], [5, 'alias)'], [6, 'KEYS[1] ..'], [7, '42']].map(([l, n]) => where('R18', source, l as number, n as string)));
      assert.match(found[0].message, /the key 'rate:' \.\. ARGV\[1\] is built in the script/);
      assert.match(found[1].message, /^redis\.pcall\("SET", ARGV\[1\], "v"\): the key ARGV\[1\] comes from ARGV/);
      assert.match(found[2].message, /^redis\.call\('HGET', key, 'name'\): the key in 'key' \(line 3: string\.format\('user:%s', ARGV\[1\]\)\) is built in the script/);
      assert.match(found[3].message, /the key in 'alias' \(line 5: string\.format\('user:%s', ARGV\[1\]\)\) is built/);
    });

    it('checks every key position of multi-key commands (MSET, ZUNIONSTORE, subcommands)', () => {
      const source = [
        "redis.call('MSET', KEYS[1], 'v1', 'other', 'v2')",
        "redis.call('ZUNIONSTORE', KEYS[1], 2, KEYS[2], 'z:tmp')",
        "redis.call('OBJECT', 'ENCODING', 'k')",
        "redis.call('XREAD', 'COUNT', 1, 'STREAMS', KEYS[1], 's2', '0', '0')",
        "redis.call('SORT', KEYS[1], 'BY', 'w_*', 'STORE', 'sorted')",
      ].join('\n');
      assert.deepEqual(at(only(source, 'R18')), [[0, "'other'"], [1, "'z:tmp'"], [2, "'k'"], [3, "'s2'"], [4, "'sorted'"]].map(([l, n]) => where('R18', source, l as number, n as string)));
    });

    it('does not flag KEYS, values, unknown origins or arguments that are not keys', () => {
      const source = [
        "local k = KEYS[1]",
        "redis.call('SET', k, 'literal value', 'EX', 60)",
        "redis.call('PUBLISH', 'channel', ARGV[1])",
        "for _, key in ipairs(KEYS) do redis.call('DEL', key) end",
        "local t = cjson.decode(ARGV[1])",
        "redis.call('GET', t.key)",
        "redis.call('DEL', unpack(KEYS))",
        "redis.call('MGET', KEYS[1], unpack(KEYS, 2))",
        "redis.call(ARGV[2], 'x')",
        "redis.call('NOSUCHCOMMAND', 'x')",
        "redis.call('ZUNIONSTORE', KEYS[1], ARGV[1], unpack(KEYS, 2))",
        "local r = redis.call('TIME')",
        "redis.call('SCRIPT', 'EXISTS', 'abc')",
        "redis.call('SORT', KEYS[1], 'BY', 'nosort', 'GET', '#', 'GET', 'w_*', 'STORE', KEYS[2])",
      ].join('\n');
      assert.deepEqual(only(source, 'R18'), []);
    });

    it('sees through a local alias of redis.call', () => {
      const source = "local rcall = redis.call\nlocal prefix = KEYS[1]\nlocal stateKey = prefix .. ARGV[1]\nreturn rcall('LLEN', stateKey)";
      const [p] = only(source, 'R18');
      assert.equal(p.line, 3);
      assert.match(p.message, /^rcall\('LLEN', stateKey\): the key in 'stateKey' \(line 3: prefix \.\. ARGV\[1\]\) is built in the script/);
    });

    it('does not trust a local that is assigned again', () => {
      assert.deepEqual(only("local k = 'a'\nif ARGV[1] then k = KEYS[1] end\nredis.call('GET', k)", 'R18'), []);
    });

    it('respects a local named KEYS shadowing the global', () => {
      assert.deepEqual(only("local KEYS = {'x'}\nredis.call('GET', KEYS[1])", 'R18'), []);
    });

    it('in a library, takes keys from the callback\'s first parameter and flags args and KEYS', () => {
      const lib = [
        '#!lua name=lib',
        'local function get(keys, args)',
        "  redis.call('SET', args[1], 'x')",
        "  redis.call('GET', KEYS[1])",
        "  return redis.call('GET', keys[1])",
        'end',
        "redis.register_function('get', get)",
        "redis.register_function{function_name='inline', callback=function(ks, as) return redis.call('INCR', ks[2]) .. redis.call('GET', 'lit') end}",
      ].join('\n');
      const found = only(lib, 'R18');
      assert.deepEqual(at(found), [where('R18', lib, 2, 'args[1]'), where('R18', lib, 3, 'KEYS[1]'), where('R18', lib, 7, "'lit'")]);
      assert.match(found[0].message, /comes from the args parameter.*pass it in FCALL's keys and use keys\[n\]/);
      assert.equal(found[1].severity, 'error');
      assert.match(found[1].message, /KEYS does not exist in a function library/);
    });

    it('lowers the severity to info when the shebang says no-cluster', () => {
      const [p] = only("#!lua flags=no-cluster\nreturn redis.call('GET', 'x')", 'R18');
      assert.equal(p.severity, 'info');
    });
  });

  describe('R19 lua-nil-compare', () => {
    it('flags == nil and ~= nil on a reply, directly or through a local', () => {
      const source = [
        "if redis.call('GET', KEYS[1]) == nil then return 0 end",
        "local v = redis.call('HGET', KEYS[1], 'f')",
        'if v ~= nil then return v end',
        "if nil == redis.pcall('GET', KEYS[2]) then return 1 end",
      ].join('\n');
      const found = only(source, 'R19');
      assert.deepEqual(at(found), ['R19@0:3', 'R19@2:3', 'R19@3:3']);
      assert.match(found[0].message, /^redis\.call\('GET', KEYS\[1\]\) == nil is never true: Redis returns a nil reply to Lua as false/);
      assert.match(found[1].message, /'v' holds the reply of redis\.call\('HGET', KEYS\[1\], 'f'\) \(line 2\), so v ~= nil is always true/);
      assert.deepEqual([found[0].endLine, found[0].endColumn], [0, 36]);
    });

    it('does not flag other nil comparisons, reassigned locals or RESP3 scripts', () => {
      assert.deepEqual(only('local x = tonumber(ARGV[1])\nif x == nil then return 0 end', 'R19'), []);
      assert.deepEqual(only("local v = redis.call('GET', KEYS[1])\nv = v or nil\nif v == nil then return 0 end", 'R19'), []);
      assert.deepEqual(only("local v = redis.call('GET', KEYS[1])\nif v == false then return 0 end", 'R19'), []);
      assert.deepEqual(only("redis.setresp(3)\nif redis.call('GET', KEYS[1]) == nil then return 0 end", 'R19'), []);
    });
  });

  describe('R20 lua-lossy-return', () => {
    it('flags float, boolean and nil-hole returns of the script', () => {
      const cases: [string, string, LuaProblem['severity'], RegExp][] = [
        ['return 3.7', 'R20@0:7', 'warning', /return 3\.7 reaches the client as the integer 3/],
        ['return -0.5', 'R20@0:7', 'warning', /integer 0/],
        ['return false', 'R20@0:7', 'warning', /return false reaches the client as nil/],
        ['return true', 'R20@0:7', 'info', /return true reaches the client as the integer 1/],
        ['return {1, nil, 3}', 'R20@0:11', 'warning', /nil at position 2 ends the array: the client gets only the first 1 element\./],
        ["return {KEYS[1], 2.5}", 'R20@0:17', 'warning', /element 2 \(2\.5\) reaches the client as the integer 2/],
        ['local ratio = 0.75\nreturn ratio', 'R20@1:7', 'warning', /return ratio \(0\.75, line 1\) reaches the client as the integer 0/],
        ['if ARGV[1] then\n  return false\nend\nreturn 1', 'R20@1:9', 'warning', /nil/],
      ];
      for (const [source, where, severity, message] of cases) {
        const found = only(source, 'R20');
        assert.deepEqual(at(found), [where], source);
        assert.equal(found[0].severity, severity, source);
        assert.match(found[0].message, message, source);
      }
    });

    it('does not flag integers, strings, tostring, reassigned locals or helper functions', () => {
      const sources = [
        'return 3', 'return 1e3', "return tostring(3.7)", "return {1, 2, 'x'}", 'return {}',
        'local r = 0.5\nr = math.floor(r)\nreturn r',
        'local function ratio() return 0.5 end\nreturn tostring(ratio())',
        "local ok = redis.call('SET', KEYS[1], 'v')\nreturn ok",
        'return redis.status_reply("OK")', 'return {err = "bad"}',
      ];
      for (const s of sources) assert.deepEqual(only(s, 'R20'), [], s);
    });

    it('in a library, checks the registered callbacks only', () => {
      const lib = [
        '#!lua name=lib',
        'local function helper() return 0.5 end',
        'local function f(keys) return false end',
        "redis.register_function('f', f)",
        "redis.register_function{function_name='g', callback=function() return {1, nil} end}",
        'return 1.5',
      ].join('\n');
      assert.deepEqual(at(only(lib, 'R20')), [where('R20', lib, 2, 'false'), where('R20', lib, 4, 'nil')]);
    });
  });

  describe('R21 lua-global', () => {
    it('flags assignments to globals and global function declarations', () => {
      const source = ['count = 1', 'local a, b', 'a, total = 1, 2', 'function helper() end', 'KEYS = {}', 'local function f() inner = 1 end'].join('\n');
      const found = only(source, 'R21');
      assert.deepEqual(at(found), ['R21@0:0', 'R21@2:3', 'R21@3:9', 'R21@4:0', 'R21@5:19']);
      assert.equal(found[0].severity, 'error');
      assert.match(found[0].message, /Assignment to global 'count': Redis refuses it \("Attempt to modify a readonly table"\)\. Declare it `local count`\./);
      assert.match(found[2].message, /function helper\(\) declares a global.*`local function helper\(\)`/);
    });

    it('does not flag locals, parameters, fields, KEYS/ARGV indexes or upvalues', () => {
      const source = [
        'local n = 0', 'n = n + 1', 'local t = {}', 't.x = 1', 't["y"] = 2', 'KEYS[2] = "k"', 'ARGV[1] = "a"',
        'local function f(p) p = p + 1; n = p; return p end', 'function t.m() end', 'function t:n() self.z = 1 end',
        'for i = 1, 3 do i = i + 1 end', 'for k, v in pairs(t) do v = k end', 'repeat local r = 1; r = 2 until r == 2',
        'local f2', 'f2 = function() end',
      ].join('\n');
      assert.deepEqual(only(source, 'R21'), []);
    });
  });

  describe('realistic correct scripts (test/fixtures/lua/correct)', function () {
    this.timeout(20_000);
    const files = fs.readdirSync(CORRECT).filter((f) => f.endsWith('.lua')).sort();
    let redis: Redis;
    const prefix = `lua-test:${randomUUID().slice(0, 8)}:`;
    const libraries: string[] = [];
    before(() => {
      redis = new Redis({ port: servers().standalone.port, protocol: 2 });
    });
    after(async () => {
      for (const lib of libraries) await redis.call('FUNCTION', 'DELETE', lib).catch(() => undefined);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    });

    it('has at least eight of them', () => assert.ok(files.length >= 8));
    for (const file of files) {
      it(`${file}: no findings, and it runs on Redis without error`, async () => {
        const source = fs.readFileSync(path.join(CORRECT, file), 'utf8');
        assert.deepEqual(checkSyntax(source), []);
        assert.deepEqual(checkScript(source), []);
        const d = readDirectives(source);
        assert.deepEqual(d.problems, []);
        if (d.shebang?.name) {
          libraries.push(d.shebang.name);
          await redis.call('FUNCTION', 'LOAD', 'REPLACE', source);
          return;
        }
        const keys = (d.keys ?? []).map((k) => prefix + k);
        await redis.call('EVAL', source, keys.length, ...keys, ...(d.args ?? []));
      });
    }
  });
});
