/**
 * Types for users of the Lua Language Server (sumneko/LuaLS), which has no Redis add-on: a
 * `---@meta` file declaring the Redis globals, and the `.luarc.json` that points LuaLS at it.
 */
import { ApiMember, REDIS_LUA_API, REDIS_LUA_GLOBALS } from './redisApi';

/** Folder (relative to the workspace folder) holding the stub; `.luarc.json` lists it as a library. */
export const STUB_FOLDER = '.vscode/redis-lua';
/** The stub's file name inside {@link STUB_FOLDER}. */
export const STUB_FILE = 'redis.d.lua';

const TABLE_DOCS: Record<string, string> = {
  redis: 'The Redis scripting API.',
  cjson: 'JSON encoding and decoding (lua-cjson).',
  cmsgpack: 'MessagePack encoding and decoding (lua-cmsgpack).',
  struct: 'Binary packing of values (lua-struct).',
  bit: '32-bit bitwise operations (LuaBitOp).',
};

function docLines(doc: string): string[] {
  return doc.split('\n').map((l) => `---${l}`);
}

function placeholder(type: string | undefined): string {
  if (type === 'integer') return '0';
  if (type === 'string') return '""';
  return 'nil';
}

function member(m: ApiMember): string[] {
  const lines = docLines(m.doc);
  if (!m.params) return [...lines, `---@type ${m.type ?? 'any'}`, `${m.name} = ${placeholder(m.type)}`, ''];
  for (const p of m.params) lines.push(`---@param ${p.name}${p.optional ? '?' : ''} ${p.type}`);
  if (m.returns) lines.push(`---@return ${m.returns}`);
  const names = m.params.map((p) => p.name).join(', ');
  lines.push(`function ${m.name}(${names}) end`, '');
  return lines;
}

/**
 * A LuaLS `---@meta` file declaring `redis.*`, KEYS, ARGV, cjson, cmsgpack, struct and bit, with
 * `---@param`/`---@return` annotations for every member of {@link REDIS_LUA_API}.
 */
export function luaLsMetaStub(): string {
  const out = [
    '---@meta redis',
    '-- Redis 7.0 scripting globals for the Lua Language Server. Written by Redis DevKit',
    '-- ("Set up Lua Language Server types"); regenerate rather than edit.',
    '',
    '---Key names the script was called with (EVAL/EVALSHA numkeys ...), 1-based.',
    '---@type string[]',
    'KEYS = {}',
    '',
    '---Arguments after the keys (EVAL/EVALSHA), 1-based; always strings.',
    '---@type string[]',
    'ARGV = {}',
    '',
  ];
  for (const table of Object.keys(TABLE_DOCS)) {
    out.push(...docLines(TABLE_DOCS[table]), `---@class ${table}lib`, `${table} = {}`, '');
    for (const m of REDIS_LUA_API.filter((x) => x.name.startsWith(`${table}.`))) out.push(...member(m));
  }
  return out.join('\n');
}

type Json = Record<string, unknown>;

/** JSON with comments and trailing commas (how people write .luarc.json) to plain JSON. */
function stripJsonc(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      const end = /"(?:[^"\\]|\\.)*"/y;
      end.lastIndex = i;
      const m = end.exec(text);
      const s = m ? m[0] : text.slice(i);
      out += s;
      i += s.length;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Sets `section.key` where the user keeps it: the dotted top-level form, else nested. */
function update(root: Json, section: string, key: string, change: (old: unknown) => unknown): void {
  const dotted = `${section}.${key}`;
  if (dotted in root) {
    root[dotted] = change(root[dotted]);
    return;
  }
  const nested = isObject(root[section]) ? root[section] as Json : {};
  nested[key] = change(nested[key]);
  root[section] = nested;
}

function union(old: unknown, add: readonly string[]): unknown[] {
  const list = Array.isArray(old) ? [...old] : [];
  for (const a of add) if (!list.includes(a)) list.push(a);
  return list;
}

/**
 * `.luarc.json` for Redis scripts: runtime.version "Lua 5.1", the Redis globals in
 * diagnostics.globals, and the stub folder in workspace.library. Merged into `existing` (comments
 * and trailing commas allowed) without dropping the user's keys.
 * @throws Error naming the problem when `existing` is not a JSON object.
 */
export function luaRcJson(existing?: string): string {
  let root: Json = {};
  if (existing !== undefined && existing.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(stripJsonc(existing));
    } catch (err) {
      throw new Error(`.luarc.json is not valid JSON (${(err as Error).message}); fix or remove it and try again`);
    }
    if (!isObject(parsed)) throw new Error('.luarc.json does not hold a JSON object; fix or remove it and try again');
    root = parsed;
  }
  if (!('$schema' in root)) root = { $schema: 'https://raw.githubusercontent.com/LuaLS/vscode-lua/master/setting/schema.json', ...root };
  update(root, 'runtime', 'version', () => 'Lua 5.1');
  update(root, 'diagnostics', 'globals', (old) => union(old, REDIS_LUA_GLOBALS));
  update(root, 'workspace', 'library', (old) => union(old, [STUB_FOLDER]));
  return `${JSON.stringify(root, null, 2)}\n`;
}
