import * as assert from 'node:assert/strict';
import { libraryName, registeredFunctions } from '../../../src/core/lua/library';

const LIB = `#!lua name=ratelimit

local function hit(keys, args)
  return redis.call('INCR', keys[1])
end

redis.register_function('rl_hit', hit)
redis.register_function(
  'rl_peek',
  function(keys) return redis.call('GET', keys[1]) end
)
redis.register_function{
  function_name = 'rl_reset',
  callback = function(keys) return redis.call('DEL', keys[1]) end,
  flags = { 'allow-oom', 'no-cluster' },
  description = 'Resets a limiter',
}
redis.register_function({function_name="rl_ro", callback=hit, flags={"no-writes"}})
`;

describe('lua function libraries', () => {
  it('reads the library name from the shebang', () => {
    assert.equal(libraryName(LIB), 'ratelimit');
    assert.equal(libraryName('#!lua   name=other_lib\n'), 'other_lib');
    assert.equal(libraryName('#!lua flags=no-writes\nreturn 1'), undefined);
    assert.equal(libraryName('-- #!lua name=x\n'), undefined);
    assert.equal(libraryName('return 1'), undefined);
  });

  it('finds functions registered in both forms, with flags and description', () => {
    // JSON drops the undefined descriptions of the positional form.
    assert.deepEqual(JSON.parse(JSON.stringify(registeredFunctions(LIB))), [
      { name: 'rl_hit', line: 6, column: 0, flags: [] },
      { name: 'rl_peek', line: 7, column: 0, flags: [] },
      { name: 'rl_reset', line: 11, column: 0, flags: ['allow-oom', 'no-cluster'], description: 'Resets a limiter' },
      { name: 'rl_ro', line: 17, column: 0, flags: ['no-writes'] },
    ]);
  });

  it('still finds the names while the file does not parse', () => {
    const broken = `${LIB}\nlocal x = (`;
    assert.deepEqual(registeredFunctions(broken).map((f) => [f.name, f.line]), [['rl_hit', 6], ['rl_peek', 7], ['rl_reset', 11], ['rl_ro', 17]]);
  });

  it('ignores calls that are not redis.register_function on the global redis', () => {
    assert.deepEqual(registeredFunctions('#!lua name=x\nlocal redis2 = redis\nredis2.register_function("a", function() end)\nlocal t = {}\nt.register_function("b", print)'), []);
  });
});
