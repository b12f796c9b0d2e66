/**
 * R19 lua-nil-compare: `redis.call(...) == nil`. Redis turns a nil reply into Lua `false` (under
 * RESP2, the default), so the comparison never holds and the "missing" branch never runs.
 */
import type { Expression } from 'luaparse';
import { problemAt, LuaProblem } from '../problem';
import { forEachNode } from './walk';
import { lineOf, quoteCall, RedisCall, redisCallOf, RuleContext, ScriptRule, stableLocal } from './context';

/** The redis.call a value comes from: directly, or through a local that still holds its reply. */
function replyOf(e: Expression, ctx: RuleContext): { call: RedisCall; via?: { name: string; line: number } } | undefined {
  const direct = redisCallOf(e, ctx);
  if (direct) return { call: direct };
  const local = stableLocal(e, ctx);
  const call = local?.kind === 'local' ? redisCallOf(local.init, ctx) : undefined;
  return call && local ? { call, via: { name: local.name, line: lineOf(local.declaration) } } : undefined;
}

function check(ctx: RuleContext): LuaProblem[] {
  if (ctx.usesResp3) return [];
  const problems: LuaProblem[] = [];
  forEachNode(ctx.chunk, (node) => {
    if (node.type !== 'BinaryExpression' || (node.operator !== '==' && node.operator !== '~=')) return;
    const other = node.right.type === 'NilLiteral' ? node.left : node.left.type === 'NilLiteral' ? node.right : undefined;
    const reply = other && replyOf(other, ctx);
    if (!reply) return;
    const outcome = node.operator === '==' ? 'is never true' : 'is always true';
    const test = node.operator === '==' ? 'not v' : 'v';
    const subject = reply.via
      ? `'${reply.via.name}' holds the reply of ${quoteCall(reply.call, ctx)} (line ${reply.via.line}), so ${reply.via.name} ${node.operator} nil`
      : `${quoteCall(reply.call, ctx)} ${node.operator} nil`;
    problems.push(problemAt(node.loc, `${subject} ${outcome}: Redis returns a nil reply to Lua as false. Test \`if ${test} then\` (or compare with false).`, 'warning', 'R19'));
  });
  return problems;
}

/** R19 lua-nil-compare. */
export const nilCompareRule: ScriptRule = { id: 'R19', name: 'lua-nil-compare', severity: 'warning', check };
