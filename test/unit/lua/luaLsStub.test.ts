import * as assert from 'node:assert/strict';
import * as luaparse from 'luaparse';
import { luaLsMetaStub, luaRcJson } from '../../../src/core/lua/luaLsStub';
import { REDIS_LUA_API } from '../../../src/core/lua/redisApi';

describe('lua LuaLS stub and .luarc.json', () => {
  const stub = luaLsMetaStub();

  it('is a ---@meta file that parses as Lua 5.1', () => {
    assert.ok(stub.startsWith('---@meta'));
    assert.doesNotThrow(() => luaparse.parse(stub, { luaVersion: '5.1' }));
  });

  it('declares every API member and the Redis globals', () => {
    for (const m of REDIS_LUA_API) {
      const declared = m.params ? new RegExp(`^function ${m.name.replace('.', '\\.')}\\(`, 'm') : new RegExp(`^${m.name.replace('.', '\\.')} = `, 'm');
      assert.match(stub, declared, m.name);
    }
    for (const g of ['KEYS', 'ARGV', 'redis', 'cjson', 'cmsgpack', 'struct', 'bit']) assert.match(stub, new RegExp(`^${g} = \\{\\}`, 'm'), g);
  });

  it('annotates parameters and returns', () => {
    assert.match(stub, /---@param command string\n---@param \.\.\. string\|number\n---@return any\nfunction redis\.call\(command, \.\.\.\) end/);
    assert.match(stub, /---@param n\? integer\n---@return string\nfunction bit\.tohex\(x, n\) end/);
    assert.match(stub, /---@type integer\nredis\.LOG_WARNING = 0/);
  });

  it('has the members the issue names', () => {
    const names = REDIS_LUA_API.map((m) => m.name);
    for (const n of ['redis.call', 'redis.pcall', 'redis.error_reply', 'redis.status_reply', 'redis.sha1hex', 'redis.log', 'redis.LOG_DEBUG',
      'redis.LOG_VERBOSE', 'redis.LOG_NOTICE', 'redis.LOG_WARNING', 'redis.setresp', 'redis.set_repl', 'redis.REPL_ALL', 'redis.replicate_commands',
      'redis.breakpoint', 'redis.debug', 'redis.acl_check_cmd', 'redis.register_function', 'redis.REDIS_VERSION', 'redis.REDIS_VERSION_NUM',
      'cjson.encode', 'cjson.decode', 'cmsgpack.pack', 'cmsgpack.unpack', 'struct.pack', 'struct.unpack', 'bit.band']) {
      assert.ok(names.includes(n), n);
    }
  });

  it('writes a fresh .luarc.json', () => {
    const rc = JSON.parse(luaRcJson());
    assert.equal(rc.runtime.version, 'Lua 5.1');
    assert.deepEqual(rc.diagnostics.globals, ['redis', 'KEYS', 'ARGV', 'cjson', 'cmsgpack', 'struct', 'bit']);
    assert.deepEqual(rc.workspace.library, ['.vscode/redis-lua']);
    assert.equal(luaRcJson(''), luaRcJson());
  });

  it('merges into an existing one without dropping the user\'s keys, and is idempotent', () => {
    const existing = `{
      // my settings
      "runtime": { "version": "Lua 5.4", "path": ["?.lua"] },
      "diagnostics": { "globals": ["vim", "redis"], "disable": ["lowercase-global"] },
      "workspace.library": ["libs"],
      "hint.enable": true, /* trailing comma next */
    }`;
    const merged = luaRcJson(existing);
    const rc = JSON.parse(merged);
    assert.deepEqual(rc.runtime, { version: 'Lua 5.1', path: ['?.lua'] });
    assert.deepEqual(rc.diagnostics.disable, ['lowercase-global']);
    assert.deepEqual(rc.diagnostics.globals, ['vim', 'redis', 'KEYS', 'ARGV', 'cjson', 'cmsgpack', 'struct', 'bit']);
    assert.deepEqual(rc['workspace.library'], ['libs', '.vscode/redis-lua']);
    assert.equal(rc.workspace, undefined);
    assert.equal(rc['hint.enable'], true);
    assert.equal(luaRcJson(merged), merged);
  });

  it('refuses text that is not a JSON object, saying why', () => {
    assert.throws(() => luaRcJson('{ "a": '), /\.luarc\.json is not valid JSON/);
    assert.throws(() => luaRcJson('[1, 2]'), /does not hold a JSON object/);
  });

  it('keeps // inside strings', () => {
    const rc = JSON.parse(luaRcJson('{"$schema": "https://example.com/schema.json", "x": "a//b"}'));
    assert.equal(rc.$schema, 'https://example.com/schema.json');
    assert.equal(rc.x, 'a//b');
  });
});
