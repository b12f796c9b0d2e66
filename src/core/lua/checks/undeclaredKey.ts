/**
 * R18 lua-undeclared-key: a `redis.call` whose key argument is not taken from KEYS (or, in a
 * function library, from the callback's first parameter). Redis Cluster routes a script by the
 * keys it is given and refuses keys of other slots; the script cannot know where a literal lives.
 */
import { exists, getKeyIndexes, hasFlag } from '@ioredis/commands';
import type { Expression, Node } from 'luaparse';
import { problemAt, LuaProblem } from '../problem';
import { forEachNode } from './walk';
import { isGlobal, lineOf, quote, quoteCall, RedisCall, redisCallOf, RuleContext, ScriptRule, stableLocal } from './context';

/** Where a key argument's value comes from, as far as it can be proven. */
type Origin = { kind: 'declared' | 'unknown' } | Finding;

function isFinding(o: Origin): o is Finding {
  return o.kind !== 'declared' && o.kind !== 'unknown';
}
interface Finding {
  kind: 'literal' | 'built' | 'argv' | 'keys-in-library';
  text: string;
  via?: { name: string; line: number };
}

/** Stand-in for argument values that are not literals, when asking for key positions. */
const UNKNOWN = '\u0000?';

function isStringBuilder(e: Expression, ctx: RuleContext): boolean {
  if (e.type === 'BinaryExpression' && e.operator === '..') return true;
  if (e.type !== 'CallExpression' || e.base.type !== 'MemberExpression') return false;
  const { base, identifier, indexer } = e.base;
  if (indexer === ':' && identifier.name === 'format') return true; // ('%s:x'):format(...)
  return (isGlobal(base, 'string', ctx) && (identifier.name === 'format' || identifier.name === 'rep'))
    || (isGlobal(base, 'table', ctx) && identifier.name === 'concat');
}

/** The parameter slot (0 keys, 1 args) of a registered callback that `e` indexes, if any. */
function callbackParam(e: Node, ctx: RuleContext): number | undefined {
  if (e.type !== 'Identifier') return undefined;
  const b = ctx.scopes.bindingOf(e);
  return b?.kind === 'param' && b.fn && ctx.callbacks.has(b.fn) ? b.paramIndex : undefined;
}

function originOf(e: Expression, ctx: RuleContext, depth = 0): Origin {
  if (e.type === 'IndexExpression') {
    if (isGlobal(e.base, 'KEYS', ctx)) return ctx.isLibrary ? { kind: 'keys-in-library', text: quote(e, ctx) } : { kind: 'declared' };
    if (isGlobal(e.base, 'ARGV', ctx)) return { kind: 'argv', text: quote(e, ctx) };
    const slot = callbackParam(e.base, ctx);
    if (slot === 0) return { kind: 'declared' };
    if (slot === 1) return { kind: 'argv', text: quote(e, ctx) };
    return { kind: 'unknown' };
  }
  if (e.type === 'StringLiteral' || e.type === 'NumericLiteral') return { kind: 'literal', text: quote(e, ctx) };
  if (isStringBuilder(e, ctx)) return { kind: 'built', text: quote(e, ctx) };
  const local = depth < 8 ? stableLocal(e, ctx) : undefined;
  if (local && local.kind === 'local') {
    const inner = originOf(local.init, ctx, depth + 1);
    // The outermost local wins: it is the name written in the call.
    return isFinding(inner) ? { ...inner, via: { name: local.name, line: lineOf(local.declaration) } } : inner;
  }
  return { kind: 'unknown' };
}

/** 0-based indexes (into `call.args`) of the arguments that are keys, counting only those present. */
function keyArguments(call: RedisCall & { command: string }): number[] {
  const name = call.command.toLowerCase();
  if (!exists(name)) return [];
  const last = call.args[call.args.length - 1];
  const spreads = last !== undefined && (last.type === 'CallExpression' || last.type === 'VarargLiteral'
    || last.type === 'StringCallExpression' || last.type === 'TableCallExpression');
  // Where keys sit depends on the argument count or values: unknowable once the last one expands.
  if (spreads && hasFlag(name, 'movablekeys')) return [];
  const values = call.args.map((a) => (a.type === 'StringLiteral' && typeof a.value === 'string' ? a.value
    : a.type === 'NumericLiteral' ? String(a.value) : UNKNOWN));
  let indexes: number[];
  try {
    indexes = getKeyIndexes(name, values);
  } catch {
    return [];
  }
  // SORT's BY and GET patterns name keys only through `*` (and `BY nosort` is a keyword): not declarable.
  const pattern = (i: number): boolean => (name === 'sort' || name === 'sort_ro') && /^(BY|GET)$/i.test(values[i - 1] ?? '');
  return indexes.filter((i) => i < call.args.length && !(spreads && i === call.args.length - 1) && !pattern(i));
}

function describe(origin: Finding): string {
  const subject = origin.via ? `the key in '${origin.via.name}' (line ${origin.via.line}: ${origin.text})` : `the key ${origin.text}`;
  switch (origin.kind) {
    case 'literal': return `${subject} is a literal`;
    case 'built': return `${subject} is built in the script`;
    default: return `${subject} comes from ${origin.text.startsWith('ARGV') ? 'ARGV' : 'the args parameter'}`;
  }
}

function check(ctx: RuleContext): LuaProblem[] {
  const problems: LuaProblem[] = [];
  const noCluster = ctx.shebangFlags.includes('no-cluster');
  forEachNode(ctx.chunk, (node) => {
    const call = redisCallOf(node, ctx);
    if (!call || call.command === undefined) return;
    for (const i of keyArguments(call as RedisCall & { command: string })) {
      const arg = call.args[i];
      const origin = originOf(arg, ctx);
      if (!isFinding(origin)) continue;
      if (origin.kind === 'keys-in-library') {
        problems.push(problemAt(arg.loc, `${quoteCall(call, ctx)}: KEYS does not exist in a function library; the callback gets its keys as its first parameter (keys[1]).`, 'error', 'R18'));
        continue;
      }
      const declareAs = ctx.isLibrary ? "pass it in FCALL's keys and use keys[n]" : 'pass it in KEYS and use KEYS[n]';
      const message = `${quoteCall(call, ctx)}: ${describe(origin)}, not declared as a key. Redis Cluster cannot route or slot-check it; ${declareAs}.`;
      problems.push(problemAt(arg.loc, message, noCluster ? 'info' : 'warning', 'R18'));
    }
  });
  return problems;
}

/** R18 lua-undeclared-key. */
export const undeclaredKeyRule: ScriptRule = { id: 'R18', name: 'lua-undeclared-key', severity: 'warning', check };
