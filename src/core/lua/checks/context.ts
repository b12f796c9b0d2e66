/**
 * What every script rule gets: the parsed chunk, its scopes, the library's registrations, and
 * helpers to recognise `redis.call` and to follow a local back to its value.
 */
import type { CallExpression, Chunk, Expression, FunctionDeclaration, Node } from 'luaparse';
import { Registration } from '../library';
import { LuaProblem } from '../problem';
import { Binding, ScopeInfo } from './scope';

/** Input of one rule run over one script. */
export interface RuleContext {
  source: string;
  chunk: Chunk;
  scopes: ScopeInfo;
  /** A `#!lua name=` library: keys and args come from the callbacks' parameters, not KEYS/ARGV. */
  isLibrary: boolean;
  registrations: Registration[];
  /** The callbacks registered with redis.register_function, resolved to their function nodes. */
  callbacks: Set<FunctionDeclaration>;
  shebangFlags: string[];
  /** The script switches to RESP3 replies (`redis.setresp(3)`), where a nil reply is Lua nil. */
  usesResp3: boolean;
}

/** One script rule: an id from lint-rules.md, a default severity and the check itself. */
export interface ScriptRule {
  id: string;
  name: string;
  severity: LuaProblem['severity'];
  check(ctx: RuleContext): LuaProblem[];
}

/** A recognised `redis.call(...)` / `redis.pcall(...)`. */
export interface RedisCall {
  node: CallExpression;
  fn: 'call' | 'pcall';
  /** The command name when it is a string literal. */
  command?: string;
  /** The arguments after the command name. */
  args: Expression[];
}

/** True when `e` is the global (not shadowed) named `name`. */
export function isGlobal(e: Node, name: string, ctx: RuleContext): boolean {
  return e.type === 'Identifier' && e.name === name && !ctx.scopes.bindingOf(e);
}

/** 'call' / 'pcall' when `e` is `redis.call` / `redis.pcall` on the global `redis`. */
function redisCallee(e: Node, ctx: RuleContext): 'call' | 'pcall' | undefined {
  if (e.type !== 'MemberExpression' || e.indexer !== '.' || !isGlobal(e.base, 'redis', ctx)) return undefined;
  const fn = e.identifier.name;
  return fn === 'call' || fn === 'pcall' ? fn : undefined;
}

/**
 * `redis.call('CMD', ...)` or `redis.pcall(...)` on the global `redis`, also through a local alias
 * (`local rcall = redis.call`, a common idiom); else undefined.
 */
export function redisCallOf(node: Node, ctx: RuleContext): RedisCall | undefined {
  if (node.type !== 'CallExpression') return undefined;
  const alias = stableLocal(node.base, ctx);
  const fn = redisCallee(node.base, ctx) ?? (alias?.kind === 'local' ? redisCallee(alias.init, ctx) : undefined);
  if (!fn) return undefined;
  const first = node.arguments[0];
  const command = first?.type === 'StringLiteral' && typeof first.value === 'string' ? first.value : undefined;
  return { node, fn, command, args: node.arguments.slice(1) };
}

/** The source text of `node`. */
export function textOf(node: Node, ctx: RuleContext): string {
  const range = (node as { range?: [number, number] }).range;
  return range ? ctx.source.slice(range[0], range[1]) : '';
}

/** `node`'s source on one line, shortened to `max` characters: how messages quote code. */
export function quote(node: Node, ctx: RuleContext, max = 60): string {
  const text = textOf(node, ctx).replace(/\s*\r?\n\s*/g, ' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A call as messages name it: `redis.call('GET', KEYS[1])`, shortened when long. */
export function quoteCall(call: RedisCall, ctx: RuleContext): string {
  return quote(call.node, ctx, 70);
}

/**
 * A local that provably still holds its initial value: declared with `local x = <e>` (or
 * `local function`) and never assigned again.
 */
export function stableLocal(e: Node, ctx: RuleContext): (Binding & { init: Expression }) | undefined {
  if (e.type !== 'Identifier') return undefined;
  const b = ctx.scopes.bindingOf(e);
  if (!b || b.reassigned || !b.init || (b.kind !== 'local' && b.kind !== 'function')) return undefined;
  return b as Binding & { init: Expression };
}

/** The 1-based line of a node, for messages. */
export function lineOf(node: Node): number {
  return node.loc?.start.line ?? 1;
}

/** True when `e` is a numeric literal (or its negation) that is not an integer. */
export function floatLiteral(e: Expression): number | undefined {
  if (e.type === 'NumericLiteral') return Number.isInteger(e.value) ? undefined : e.value;
  if (e.type === 'UnaryExpression' && e.operator === '-' && e.argument.type === 'NumericLiteral') {
    return Number.isInteger(e.argument.value) ? undefined : -e.argument.value;
  }
  return undefined;
}
