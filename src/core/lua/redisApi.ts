/**
 * The Lua API Redis 7.0 gives scripts and functions: the `redis` module and the bundled libraries
 * (cjson, cmsgpack, struct, bit). One table feeds completion, hover and the LuaLS stub.
 */

/** A parameter, typed in LuaLS notation for the `---@param` lines of the stub. */
export interface ApiParam {
  name: string;
  type: string;
  optional?: boolean;
}

/** One member of the Redis Lua API. */
export interface ApiMember {
  /** Full name as written in scripts: 'redis.call', 'redis.LOG_WARNING', 'cjson.encode'. */
  name: string;
  /** 'redis.call(command, ...)'; the name alone for constants. */
  signature: string;
  doc: string;
  /** For functions: parameters and return type (LuaLS notation); absent for constants. */
  params?: readonly ApiParam[];
  returns?: string;
  /** For constants: the LuaLS type. */
  type?: string;
}

const ARGS: ApiParam = { name: '...', type: 'string|number' };

function fn(name: string, params: readonly ApiParam[], returns: string | undefined, doc: string): ApiMember {
  const list = params.map((p) => (p.name === '...' ? '...' : p.optional ? `[${p.name}]` : p.name)).join(', ');
  return { name, signature: `${name}(${list})`, doc, params, returns };
}

function constant(name: string, type: string, doc: string): ApiMember {
  return { name, signature: name, doc, type };
}

const p = (name: string, type: string, optional = false): ApiParam => ({ name, type, optional });

const REDIS: ApiMember[] = [
  fn('redis.call', [p('command', 'string'), ARGS], 'any', 'Runs a Redis command and returns its reply converted to Lua (a nil reply becomes `false`). An error reply raises a Lua error that ends the script.'),
  fn('redis.pcall', [p('command', 'string'), ARGS], 'any', 'Like `redis.call`, but an error reply comes back as a table `{err = "..."}` instead of raising.'),
  fn('redis.error_reply', [p('message', 'string')], 'table', 'Returns `{err = message}`: returned from the script, the client gets an error reply. Redis prefixes `ERR ` unless the message starts with an error code.'),
  fn('redis.status_reply', [p('status', 'string')], 'table', 'Returns `{ok = status}`: returned from the script, the client gets a status reply such as `OK`.'),
  fn('redis.sha1hex', [p('text', 'string')], 'string', 'The SHA1 hex digest of `text`.'),
  fn('redis.log', [p('level', 'integer'), p('message', 'string'), ARGS], undefined, 'Writes to the Redis server log at `level` (`redis.LOG_DEBUG`, `LOG_VERBOSE`, `LOG_NOTICE`, `LOG_WARNING`).'),
  constant('redis.LOG_DEBUG', 'integer', 'Log level for `redis.log`: debug.'),
  constant('redis.LOG_VERBOSE', 'integer', 'Log level for `redis.log`: verbose.'),
  constant('redis.LOG_NOTICE', 'integer', 'Log level for `redis.log`: notice.'),
  constant('redis.LOG_WARNING', 'integer', 'Log level for `redis.log`: warning.'),
  fn('redis.setresp', [p('version', '2|3')], undefined, 'Chooses the protocol for replies of `redis.call`/`redis.pcall` inside the script. With 3, a nil reply is Lua `nil` and maps, sets, doubles and booleans keep their types.'),
  fn('redis.set_repl', [p('flags', 'integer')], undefined, 'Controls where the script\'s writes are propagated: `redis.REPL_ALL` (default), `REPL_AOF`, `REPL_REPLICA`, `REPL_NONE`. Scripts only.'),
  constant('redis.REPL_NONE', 'integer', 'For `redis.set_repl`: propagate to neither the AOF nor replicas.'),
  constant('redis.REPL_AOF', 'integer', 'For `redis.set_repl`: propagate to the AOF only.'),
  constant('redis.REPL_REPLICA', 'integer', 'For `redis.set_repl`: propagate to replicas only.'),
  constant('redis.REPL_SLAVE', 'integer', 'Old name of `redis.REPL_REPLICA`.'),
  constant('redis.REPL_ALL', 'integer', 'For `redis.set_repl`: propagate to the AOF and replicas (the default).'),
  fn('redis.replicate_commands', [], 'boolean', 'Since 7.0 always on (effects replication); kept for old scripts, returns true.'),
  fn('redis.breakpoint', [], 'boolean', 'Stops at this line when the script runs under the Lua debugger (`SCRIPT DEBUG`); does nothing otherwise.'),
  fn('redis.debug', [ARGS], undefined, 'Prints values to the Lua debugger console (`SCRIPT DEBUG`); does nothing otherwise.'),
  fn('redis.acl_check_cmd', [p('command', 'string'), ARGS], 'boolean', 'Whether the current user may run `command` with these arguments under its ACL.'),
  fn('redis.register_function', [p('name', 'string'), p('callback', 'fun(keys: string[], args: string[]): any')], undefined,
    'In a `#!lua name=<lib>` library: registers `callback` as function `name`, called with `FCALL name numkeys ...`. The table form `redis.register_function{function_name=, callback=, flags={...}, description=}` also takes flags (`no-writes`, `allow-oom`, `allow-stale`, `no-cluster`, `allow-cross-slot-keys`).'),
  constant('redis.REDIS_VERSION', 'string', 'The server version as a string, e.g. "7.0.15".'),
  constant('redis.REDIS_VERSION_NUM', 'integer', 'The server version as a number, 0x00MMmmpp (e.g. 0x00070000 for 7.0.0).'),
];

const LIBS: ApiMember[] = [
  fn('cjson.encode', [p('value', 'any')], 'string', 'Encodes a Lua value as JSON.'),
  fn('cjson.decode', [p('json', 'string')], 'any', 'Decodes JSON into Lua values (null becomes `cjson.null`).'),
  fn('cjson.decode_array_with_array_mt', [p('json', 'string')], 'any', 'Like `cjson.decode`, but marks decoded arrays so empty ones re-encode as `[]`.'),
  fn('cjson.encode_keep_buffer', [p('keep', 'boolean', true)], undefined, 'Whether cjson keeps its encode buffer between calls.'),
  fn('cjson.encode_max_depth', [p('depth', 'integer', true)], 'integer', 'Gets or sets the maximum nesting depth for encoding.'),
  fn('cjson.decode_max_depth', [p('depth', 'integer', true)], 'integer', 'Gets or sets the maximum nesting depth for decoding.'),
  fn('cjson.encode_invalid_numbers', [p('setting', 'boolean|string', true)], 'boolean|string', 'Whether NaN and infinity may be encoded.'),
  fn('cjson.decode_invalid_numbers', [p('setting', 'boolean', true)], 'boolean', 'Whether NaN and infinity are accepted when decoding.'),
  constant('cjson.null', 'lightuserdata', 'The value JSON `null` decodes to.'),
  fn('cmsgpack.pack', [ARGS], 'string', 'Encodes Lua values as MessagePack.'),
  fn('cmsgpack.unpack', [p('data', 'string')], 'any', 'Decodes MessagePack into Lua values (one result per packed value).'),
  fn('struct.pack', [p('format', 'string'), ARGS], 'string', 'Packs values into a binary string by `format` (like Python\'s struct).'),
  fn('struct.unpack', [p('format', 'string'), p('data', 'string'), p('init', 'integer', true)], 'any', 'Unpacks values from a binary string; returns them followed by the next read position.'),
  fn('struct.size', [p('format', 'string')], 'integer', 'The size in bytes of a struct with `format`.'),
  ...['tobit', 'bnot'].map((n) => fn(`bit.${n}`, [p('x', 'integer')], 'integer', n === 'tobit' ? 'Normalizes a number to a 32-bit integer.' : 'Bitwise NOT.')),
  fn('bit.tohex', [p('x', 'integer'), p('n', 'integer', true)], 'string', 'Hex string of `x` with `n` digits (negative `n` for upper case).'),
  ...['band', 'bor', 'bxor'].map((n) => fn(`bit.${n}`, [p('x', 'integer'), ARGS], 'integer', `Bitwise ${n.slice(1).toUpperCase()} of the arguments.`)),
  ...['lshift', 'rshift', 'arshift', 'rol', 'ror'].map((n) => fn(`bit.${n}`, [p('x', 'integer'), p('n', 'integer')], 'integer', `Bit operation ${n} of \`x\` by \`n\` bits.`)),
  fn('bit.bswap', [p('x', 'integer')], 'integer', 'Swaps the bytes of a 32-bit integer.'),
];

/** The `redis.*` members and the bundled libraries' members available to Redis 7.0 scripts. */
export const REDIS_LUA_API: readonly ApiMember[] = [...REDIS, ...LIBS];

/** The global tables Redis scripts can use besides the Lua standard library. */
export const REDIS_LUA_GLOBALS: readonly string[] = ['redis', 'KEYS', 'ARGV', 'cjson', 'cmsgpack', 'struct', 'bit'];
