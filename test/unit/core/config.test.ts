import * as assert from 'node:assert/strict';
import { ConnectionConfig, describeTarget, parseHostList, validateConfig, whoAt } from '../../../src/core/connection/config';

const base: ConnectionConfig = { id: '1', name: 'local', topology: 'standalone', host: '127.0.0.1', port: 6379 };

describe('connection config', () => {
  it('accepts a plain standalone config', () => {
    assert.deepEqual(validateConfig(base), []);
  });

  it('names each problem', () => {
    assert.deepEqual(validateConfig({ ...base, name: ' ', host: '', port: 0, db: -1 }), [
      'name is empty',
      'host is empty',
      'port 0 is not between 1 and 65535',
      'db -1 is not a whole number >= 0',
    ]);
    assert.deepEqual(validateConfig({ ...base, topology: 'cluster', nodes: [], db: 2 }), ['at least one cluster seed node is needed', 'a cluster has only db 0']);
    assert.deepEqual(validateConfig({ ...base, topology: 'sentinel', nodes: [{ host: 's', port: 70000 }] }), [
      'sentinel address s:70000 has a port outside 1-65535',
      'sentinel master name is empty',
    ]);
  });

  it('parses host lists with default ports and names bad entries', () => {
    assert.deepEqual(parseHostList('a, b:7001 ,[::1]:7002', 7000), [
      { host: 'a', port: 7000 },
      { host: 'b', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
    assert.throws(() => parseHostList('a:1,b:x', 7000), /port 'x' in 'b:x'/);
    assert.throws(() => parseHostList(' , ', 7000), /no host given/);
  });

  it('describes targets for messages', () => {
    assert.equal(describeTarget(base), '127.0.0.1:6379');
    assert.equal(describeTarget({ ...base, topology: 'cluster', nodes: [{ host: 'a', port: 1 }, { host: 'b', port: 2 }] }), 'cluster seeds a:1,b:2');
    assert.equal(describeTarget({ ...base, topology: 'sentinel', sentinelMasterName: 'm', nodes: [{ host: 's', port: 26379 }] }), "sentinel master 'm' via s:26379");
    assert.equal(whoAt({ ...base, username: 'alice' }), 'alice@local');
    assert.equal(whoAt(base), 'local');
  });
});
