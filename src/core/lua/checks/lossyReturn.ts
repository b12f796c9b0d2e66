/**
 * R20 lua-lossy-return: a script result that Redis converts with loss. Lua numbers become
 * integers (3.7 -> 3), false becomes nil and true becomes 1, and an array stops at its first nil.
 */
import type { Expression, FunctionDeclaration, Node } from 'luaparse';
import { problemAt, LuaProblem } from '../problem';
import { forEachNode } from './walk';
import { floatLiteral, lineOf, quote, RuleContext, ScriptRule, stableLocal } from './context';

interface Loss {
  node: Expression;
  message: string;
  severity: LuaProblem['severity'];
}

/** Loss for a float or boolean value, described as `what` (a literal or a variable). */
function scalarLoss(e: Expression, what: string): Omit<Loss, 'node'> | undefined {
  const float = floatLiteral(e);
  if (float !== undefined) {
    return { message: `${what} reaches the client as the integer ${Math.trunc(float)}: Redis drops the fraction of Lua numbers. Return tostring(…) to keep it.`, severity: 'warning' };
  }
  if (e.type === 'BooleanLiteral') {
    return e.value
      ? { message: `${what} reaches the client as the integer 1. Return 1 (or a string) to say so.`, severity: 'info' }
      : { message: `${what} reaches the client as nil. Return 0 (or a string) if the caller should see a value.`, severity: 'warning' };
  }
  return undefined;
}

function lossesOf(e: Expression, ctx: RuleContext): Loss[] {
  const direct = scalarLoss(e, `return ${quote(e, ctx)}`);
  if (direct) return [{ node: e, ...direct }];
  const local = stableLocal(e, ctx);
  if (local?.kind === 'local') {
    const via = scalarLoss(local.init, `return ${local.name} (${quote(local.init, ctx)}, line ${lineOf(local.declaration)})`);
    if (via) return [{ node: e, ...via }];
  }
  if (e.type !== 'TableConstructorExpression') return [];
  const losses: Loss[] = [];
  let position = 0;
  for (const field of e.fields) {
    if (field.type !== 'TableValue') continue;
    position++;
    if (field.value.type === 'NilLiteral') {
      const kept = position - 1;
      losses.push({ node: field.value, message: `nil at position ${position} ends the array: the client gets only the first ${kept} element${kept === 1 ? '' : 's'}. Use false or a placeholder string.`, severity: 'warning' });
      break;
    }
    const float = floatLiteral(field.value);
    if (float !== undefined) {
      losses.push({ node: field.value, message: `element ${position} (${quote(field.value, ctx)}) reaches the client as the integer ${Math.trunc(float)}. Use tostring(…).`, severity: 'warning' });
    }
  }
  return losses;
}

/** The function nodes whose return value is the reply: registered callbacks in a library. */
function returnsToClient(functions: readonly Node[], ctx: RuleContext): boolean {
  if (!ctx.isLibrary) return functions.length === 0;
  const inner = functions[functions.length - 1];
  return inner !== undefined && ctx.callbacks.has(inner as FunctionDeclaration);
}

function check(ctx: RuleContext): LuaProblem[] {
  const problems: LuaProblem[] = [];
  forEachNode(ctx.chunk, (node, functions) => {
    if (node.type !== 'ReturnStatement' || node.arguments.length === 0) return;
    if (!returnsToClient(functions, ctx)) return;
    // Only the first value of a multiple return reaches the client.
    for (const loss of lossesOf(node.arguments[0], ctx)) {
      problems.push(problemAt(loss.node.loc, loss.message, loss.severity, 'R20'));
    }
  });
  return problems;
}

/** R20 lua-lossy-return. */
export const lossyReturnRule: ScriptRule = { id: 'R20', name: 'lua-lossy-return', severity: 'warning', check };
