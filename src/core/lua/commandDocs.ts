/**
 * Command documentation for completion and hover inside `redis.call(...)`: a bundled table from
 * @ioredis/commands (arity, flags and key positions, no server needed), enriched with the summaries
 * and argument syntax of a connected server's `COMMAND DOCS`.
 */
import commandTable from '@ioredis/commands/built/commands.json';

/** What completion and hover show for one command or subcommand. */
export interface CommandDoc {
  /** Upper case; subcommands with their container: 'GET', 'CLIENT KILL'. */
  name: string;
  summary?: string;
  /** 'GET key', 'SET key value [NX | XX] ...', or built from arity and key positions. */
  syntax: string;
  since?: string;
  group?: string;
  /** Redis arity: negative means "at least"; 0 when unknown (server-only commands). */
  arity: number;
  flags: string[];
  /** Which arguments are keys, in words: 'argument 1', 'arguments 1 to last, every 2nd'. */
  keyPositions?: string;
}

interface TableEntry {
  arity: number;
  flags: string[];
  keyStart: number;
  keyStop: number;
  step: number;
  subcommands?: Record<string, TableEntry>;
}

const TABLE = commandTable as unknown as Record<string, TableEntry>;

function describeKeys(e: TableEntry): string | undefined {
  if (e.step <= 0 || e.keyStart <= 0) return undefined;
  if (e.keyStop === e.keyStart) return `argument ${e.keyStart}`;
  const stop = e.keyStop < 0 ? (e.keyStop === -1 ? 'last' : `last${e.keyStop + 1}`) : String(e.keyStop);
  const every = e.step === 1 ? '' : `, every ${e.step === 2 ? '2nd' : e.step === 3 ? '3rd' : `${e.step}th`}`;
  return `arguments ${e.keyStart} to ${stop}${every}`;
}

function isKeyPosition(e: TableEntry, p: number, total: number): boolean {
  if (e.step <= 0 || e.keyStart <= 0 || p < e.keyStart) return false;
  const stop = e.keyStop < 0 ? total + e.keyStop : e.keyStop;
  return p <= stop && (p - e.keyStart) % e.step === 0;
}

/** 'MSET key arg [key arg ...]' from arity and key positions, when no documentation is at hand. */
function syntaxFromTable(name: string, e: TableEntry, nameTokens: number): string {
  const required = Math.abs(e.arity);
  const words = [name];
  for (let p = nameTokens; p < required; p++) words.push(isKeyPosition(e, p, required) ? 'key' : 'arg');
  if (e.arity < 0) {
    const repeated = e.keyStop < 0 && e.step > 0 && e.keyStart > 0
      ? Array.from({ length: e.step }, (_, i) => (i === 0 ? 'key' : 'arg')).join(' ')
      : 'arg';
    words.push(`[${repeated} ...]`);
  }
  return words.join(' ');
}

function docFromTable(name: string, e: TableEntry, nameTokens: number): CommandDoc {
  return { name, syntax: syntaxFromTable(name, e, nameTokens), arity: e.arity, flags: [...e.flags], keyPositions: describeKeys(e) };
}

/** Every command and subcommand @ioredis/commands knows, with syntax built from its arity. */
export function bundledCommandDocs(): CommandDoc[] {
  const docs: CommandDoc[] = [];
  for (const [cmd, entry] of Object.entries(TABLE)) {
    const name = cmd.toUpperCase();
    docs.push(docFromTable(name, entry, 1));
    for (const [sub, subEntry] of Object.entries(entry.subcommands ?? {})) {
      docs.push(docFromTable(`${name} ${sub.toUpperCase()}`, subEntry, 2));
    }
  }
  return docs.sort((a, b) => a.name.localeCompare(b.name));
}

/** A reply value as text: RESP2 bulk strings may arrive as Buffers. */
function text(v: unknown): string | undefined {
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** Key/value pairs of a reply map: a RESP2 flat array, a RESP3 Map, or a plain object. */
function pairs(v: unknown): [string, unknown][] {
  if (v instanceof Map) return [...v.entries()].map(([k, val]) => [text(k) ?? '', val]);
  if (Array.isArray(v)) {
    const out: [string, unknown][] = [];
    for (let i = 0; i + 1 < v.length; i += 2) out.push([text(v[i]) ?? '', v[i + 1]]);
    return out;
  }
  if (v !== null && typeof v === 'object') return Object.entries(v);
  return [];
}

interface DocArgument {
  name: string;
  type: string;
  token?: string;
  flags: string[];
  arguments: DocArgument[];
}

function readArgument(v: unknown): DocArgument {
  const fields = new Map(pairs(v));
  const list = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
  return {
    name: text(fields.get('display_text')) ?? text(fields.get('name')) ?? 'arg',
    type: text(fields.get('type')) ?? 'string',
    token: text(fields.get('token')),
    flags: list(fields.get('flags')).map((f) => text(f) ?? ''),
    arguments: list(fields.get('arguments')).map(readArgument),
  };
}

/** One argument in redis.io's notation: `[NX | XX]`, `<* | id>`, `field value [field value ...]`. */
function renderArgument(a: DocArgument, inOneof = false): string {
  const optional = a.flags.includes('optional') && !inOneof;
  let value: string;
  if (a.type === 'pure-token') value = a.token ?? a.name;
  else if (a.type === 'oneof') {
    value = a.arguments.map((x) => renderArgument(x, true)).join(' | ');
    if (a.token !== undefined || !optional) value = `<${value}>`;
  } else if (a.type === 'block') value = a.arguments.map((x) => renderArgument(x)).join(' ');
  else value = a.name;
  let s: string;
  if (a.type === 'pure-token') s = value;
  else if (a.flags.includes('multiple')) {
    const unit = a.flags.includes('multiple_token') && a.token !== undefined ? `${a.token} ${value}` : value;
    s = `${a.token !== undefined ? `${a.token} ` : ''}${value} [${unit} ...]`;
  } else s = a.token !== undefined ? `${a.token} ${value}` : value;
  return optional ? `[${s}]` : s;
}

function docFromReply(name: string, v: unknown, out: CommandDoc[]): void {
  const fields = new Map(pairs(v));
  const display = name.replace(/\|/g, ' ').toUpperCase();
  const args = (Array.isArray(fields.get('arguments')) ? fields.get('arguments') as unknown[] : []).map(readArgument);
  out.push({
    name: display,
    summary: text(fields.get('summary')),
    since: text(fields.get('since')),
    group: text(fields.get('group')),
    syntax: [display, ...args.map((a) => renderArgument(a))].join(' '),
    arity: 0,
    flags: [],
  });
  for (const [sub, subDoc] of pairs(fields.get('subcommands'))) docFromReply(sub, subDoc, out);
}

/**
 * Reads the reply of `COMMAND DOCS [name ...]` (RESP2 nested arrays of strings or Buffers; RESP3
 * maps work too) into docs with summary, since, group and argument syntax. Subcommands come out
 * as their own entries ('CLIENT KILL').
 */
export function parseCommandDocsReply(reply: unknown): CommandDoc[] {
  const out: CommandDoc[] = [];
  for (const [name, doc] of pairs(reply)) docFromReply(name, doc, out);
  return out;
}

/**
 * The bundled docs with what the server says laid over them (summary, since, group, syntax), plus
 * the server's commands the bundle lacks (modules). Arity, flags and key positions stay bundled.
 */
export function mergeCommandDocs(bundled: CommandDoc[], server: CommandDoc[]): CommandDoc[] {
  const byName = new Map<string, CommandDoc>(bundled.map((d) => [d.name, d]));
  for (const s of server) {
    const b = byName.get(s.name);
    byName.set(s.name, b ? {
      ...b,
      summary: s.summary ?? b.summary,
      since: s.since ?? b.since,
      group: s.group ?? b.group,
      syntax: s.syntax || b.syntax,
    } : s);
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}
