import * as assert from 'node:assert/strict';
import { isWriteCommand } from '../../../src/core/connection/writeGuard';

describe('isWriteCommand', () => {
  it('lets reads through', () => {
    for (const cmd of ['get', 'GET', 'hgetall', 'scan', 'type', 'ttl', 'xrange', 'info', 'ping', 'eval_ro', 'evalsha_ro', 'fcall_ro', 'sort_ro', 'json.get', 'memory', 'script']) {
      const [name, sub] = cmd === 'memory' ? ['memory', 'usage'] : cmd === 'script' ? ['script', 'exists'] : [cmd, undefined];
      assert.equal(isWriteCommand(name, sub), false, cmd);
    }
    assert.equal(isWriteCommand('function', 'list'), false);
    assert.equal(isWriteCommand('config', 'get'), false);
    assert.equal(isWriteCommand('slowlog', 'get'), false);
    assert.equal(isWriteCommand('script', 'kill'), false, 'killing a runaway script changes no data');
  });

  it('refuses data writes, script runners, publishing and mutating admin commands', () => {
    for (const [name, sub] of [
      ['set'], ['DEL'], ['unlink'], ['hset'], ['xadd'], ['flushall'], ['rename'], ['expire'], ['persist'], ['copy'],
      ['eval'], ['evalsha'], ['fcall'], ['publish'], ['spublish'], ['sort'], ['xreadgroup'],
      ['function', 'load'], ['function', 'delete'], ['function', 'FLUSH'], ['script', 'flush'], ['xgroup', 'create'],
      ['config', 'set'], ['acl', 'setuser'], ['shutdown'], ['debug', 'sleep'], ['client', 'kill'], ['cluster', 'reset'],
    ] as [string, string?][]) {
      assert.equal(isWriteCommand(name, sub), true, `${name} ${sub ?? ''}`);
    }
  });

  it('refuses what it does not know', () => {
    assert.equal(isWriteCommand('json.set'), true);
    assert.equal(isWriteCommand('no.such.command'), true);
    assert.equal(isWriteCommand('function', 'bogus'), true);
  });
});
