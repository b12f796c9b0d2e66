import * as assert from 'node:assert/strict';
import { NamespaceIndex } from '../../../src/core/keyspace/namespaceIndex';

const keys = (...names: string[]) => names.map((n) => Buffer.from(n));

describe('NamespaceIndex', () => {
  it('builds folders with exact counts and keeps leaf keys in their folder', () => {
    const index = new NamespaceIndex({ delimiters: [':'], maxKeys: 100, maxFolders: 100 });
    index.add(keys('user:1:profile', 'user:1:cart', 'user:2:profile', 'session:abc', 'plain'));
    assert.equal(index.total, 5);
    const root = index.list('');
    assert.deepEqual(root?.folders.map((f) => [f.name, f.count]), [['session', 1], ['user', 3]]);
    assert.deepEqual(root?.keys.map(String), ['plain']);
    const user1 = index.list('user:1:');
    assert.deepEqual(user1?.keys.map(String), ['user:1:profile', 'user:1:cart']);
    assert.equal(NamespaceIndex.leafName(Buffer.from('user:1:cart'), 'user:1:').toString(), 'cart');
    assert.equal(index.list('nope:'), undefined);
  });

  it('splits on several delimiters, longest first', () => {
    const index = new NamespaceIndex({ delimiters: [':', '/', '::'], maxKeys: 100, maxFolders: 100 });
    index.add(keys('a::b', 'a/c', 'a:d'));
    assert.deepEqual(index.list('')?.folders.map((f) => [f.name, f.prefix]), [['a', 'a/'], ['a', 'a:'], ['a', 'a::']]);
    assert.deepEqual(index.list('a::')?.keys.map(String), ['a::b']);
  });

  it('keeps binary keys byte-exact', () => {
    const bin = Buffer.from([0xff, 0x3a, 0x00, 0x80]);
    const index = new NamespaceIndex({ delimiters: [':'], maxKeys: 10, maxFolders: 10 });
    index.add([bin]);
    const folder = index.list('')?.folders[0];
    assert.ok(folder);
    assert.ok(index.list(folder.prefix)?.keys[0].equals(bin));
    assert.ok(Buffer.from(folder.prefix, 'latin1').equals(bin.subarray(0, 2)));
  });

  it('stays bounded: past the caps it counts but marks folders incomplete', () => {
    const index = new NamespaceIndex({ delimiters: [':'], maxKeys: 3, maxFolders: 2 });
    index.add(keys('a:1', 'a:2', 'a:3', 'a:4', 'b:1', 'c:1'));
    assert.equal(index.total, 6);
    assert.equal(index.folderCount, 2);
    const root = index.list('');
    assert.equal(root?.complete, false, 'folder c: could not be created');
    const a = index.list('a:');
    assert.equal(a?.count, 4);
    assert.equal(a?.keys.length, 3);
    assert.equal(a?.complete, false, 'a:4 was counted, not stored');
  });

  it('takes deleted keys and folders out, keeping counts exact', () => {
    const index = new NamespaceIndex({ delimiters: [':'], maxKeys: 100, maxFolders: 100 });
    index.add(keys('user:1:a', 'user:1:b', 'user:2:a', 'x'));
    index.remove(keys('user:1:a', 'nope:1'));
    assert.equal(index.total, 3);
    assert.equal(index.list('user:')?.count, 2);
    assert.deepEqual(index.list('user:1:')?.keys.map(String), ['user:1:b']);
    index.remove(keys('user:1:b'));
    assert.equal(index.list('user:1:'), undefined, 'an emptied folder goes');
    index.add(keys('user:3:a', 'user:3:b'));
    index.removeFolder('user:3:');
    assert.equal(index.list('user:')?.count, 1);
    assert.equal(index.total, 2);
    index.removeFolder('user:');
    assert.deepEqual(index.list('')?.folders, []);
    assert.equal(index.total, 1);
  });
});
