import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Redis } from 'ioredis';
import { readDirectives } from '../../../src/core/lua/directives';
import { locateScriptError } from '../../../src/core/lua/errorLocation';
import { servers } from '../hooks';

const FIXTURES = path.resolve(__dirname, '../../../../test/fixtures/lua/broken');

describe('lua error location: known texts', () => {
  const cases: { text: string; line: number; kind: string; source: string; message: string }[] = [
    // Redis 7.0 (the shared reference)
    { text: "ERR Error compiling script (new function): user_script:2: unexpected symbol near 'if'", line: 1, kind: 'compile', source: 'script', message: "unexpected symbol near 'if'" },
    { text: "ERR user_script:2: Script attempted to access nonexistent global variable 'x' script: 6d066de4e44406f478ec60f75968f90408c93180, on @user_script:2.", line: 1, kind: 'runtime', source: 'script', message: "Script attempted to access nonexistent global variable 'x'" },
    { text: 'WRONGTYPE Operation against a key holding the wrong kind of value script: 25fffa3d386a4b6083e70a7cab1cea98c20a6947, on @user_script:7.', line: 6, kind: 'command', source: 'script', message: 'WRONGTYPE Operation against a key holding the wrong kind of value' },
    { text: "ERR Error compiling function: user_function:4: ')' expected (to close '(' at line 3) near 'end'", line: 3, kind: 'compile', source: 'function', message: "')' expected (to close '(' at line 3) near 'end'" },
    { text: "ERR user_function:4: Script attempted to access nonexistent global variable 'nosuch' script: f2, on @user_function:4.", line: 3, kind: 'runtime', source: 'function', message: "Script attempted to access nonexistent global variable 'nosuch'" },
    { text: 'ERR Error registering functions: ERR user_function:2: Attempt to modify a readonly table', line: 1, kind: 'compile', source: 'function', message: 'Attempt to modify a readonly table' },
    // The trailing location wins over a different inline one (an error raised inside a helper).
    { text: 'ERR user_script:3: boom script: abc, on @user_script:9.', line: 8, kind: 'runtime', source: 'script', message: 'boom' },
    // Redis <= 6.2
    { text: 'ERR Error running script (call to f_d8fc9f4469dc3bea9662f1af23a225c6fbd33622): @user_script:12: @user_script: 12: Wrong number of args calling Redis command From Lua script', line: 11, kind: 'command', source: 'script', message: 'Wrong number of args calling Redis command From Lua script' },
    { text: "ERR Error running script (call to f_0123): @enable_strict_lua:15: user_script:3: Script attempted to access nonexistent global variable 'x'", line: 2, kind: 'runtime', source: 'script', message: "Script attempted to access nonexistent global variable 'x'" },
    { text: 'ERR Error running script (call to f_02e4): @user_script: 5: Wrong number of args calling Redis command From Lua script', line: 4, kind: 'command', source: 'script', message: 'Wrong number of args calling Redis command From Lua script' },
    // Shebang and library metadata errors are about line 1.
    { text: 'ERR Unexpected flag in script shebang: bogus', line: 0, kind: 'compile', source: 'script', message: 'Unexpected flag in script shebang: bogus' },
    { text: 'ERR Missing library metadata', line: 0, kind: 'compile', source: 'function', message: 'Missing library metadata' },
  ];
  for (const c of cases) {
    it(`maps ${c.text.slice(0, 70)}`, () => {
      assert.deepEqual(locateScriptError(c.text), { line: c.line, kind: c.kind, source: c.source, message: c.message });
    });
  }

  it('gives undefined for texts without a line', () => {
    assert.equal(locateScriptError('NOSCRIPT No matching script. Please use EVAL.'), undefined);
    assert.equal(locateScriptError('NOTFOUND no such thing'), undefined);
    assert.equal(locateScriptError('ERR Function already exists in the library'), undefined);
    assert.equal(locateScriptError(''), undefined);
  });
});

interface Fixture {
  file: string;
  source: string;
  expectLine: number | undefined;
  run: string[];
}

function loadFixtures(): Fixture[] {
  return fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.lua')).sort().map((file) => {
    const source = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
    const expect = /-- expect-line: (\S+)/.exec(source)?.[1];
    if (expect === undefined) throw new Error(`${file}: no -- expect-line: comment`);
    const run = (/^-- run: (.+)$/m.exec(source)?.[1] ?? (source.startsWith('#!lua name=') ? 'function' : 'eval')).trim().split(/\s+/);
    return { file, source, expectLine: expect === 'none' ? undefined : Number(expect), run };
  });
}

describe('lua error location: real errors from Redis 7.0 over test/fixtures/lua/broken', function () {
  this.timeout(20_000);
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

  /** Runs a fixture the way its `-- run:` line says and returns Redis's error text. */
  async function errorOf(f: Fixture): Promise<string> {
    const d = readDirectives(f.source);
    const keys = (d.keys ?? []).map((k) => prefix + k);
    const args = d.args ?? [];
    const [mode, fn] = f.run;
    const lib = d.shebang?.name;
    if (lib) libraries.push(lib);
    try {
      if (mode === 'eval' || mode === 'eval_ro') await redis.call(mode.toUpperCase(), f.source, keys.length, ...keys, ...args);
      else if (mode === 'function') await redis.call('FUNCTION', 'LOAD', 'REPLACE', f.source);
      else if (mode === 'fcall') {
        await redis.call('FUNCTION', 'LOAD', 'REPLACE', f.source);
        await redis.call('FCALL', fn, keys.length, ...keys, ...args);
      } else throw new Error(`${f.file}: unknown run mode ${mode}`);
    } catch (err) {
      return (err as Error).message;
    }
    throw new Error(`${f.file}: Redis reported no error`);
  }

  const fixtures = loadFixtures();
  it('has a fixture for each kind of failure', () => {
    assert.ok(fixtures.length >= 15, `${fixtures.length} fixtures`);
  });
  for (const f of fixtures) {
    it(`${f.file}: Redis's error maps to ${f.expectLine === undefined ? 'no line' : `line ${f.expectLine}`}`, async () => {
      const text = await errorOf(f);
      const located = locateScriptError(text);
      if (f.expectLine === undefined) {
        assert.equal(located, undefined, text);
        return;
      }
      assert.ok(located, `no location in: ${text}`);
      assert.equal(located.line, f.expectLine - 1, text);
      assert.ok(!/script: |@user_|user_script:|user_function:|^ERR /.test(located.message), `noise left in "${located.message}"`);
      assert.equal(located.source, f.file.startsWith('function') ? 'function' : 'script', text);
      const kind = f.file.startsWith('compile') || /function-(compile|load|missing)|shebang-unknown/.test(f.file) ? 'compile'
        : /^(command|readonly)|wrongtype|shebang-no-writes/.test(f.file) ? 'command' : 'runtime';
      assert.equal(located.kind, kind, text);
    });
  }
});
