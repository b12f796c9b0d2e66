/**
 * Redis-specific checks of a Lua script (rules R18-R21 of lint-rules.md), on the luaparse AST.
 * Each rule only reports what it can prove: a correct script gets no findings.
 */
import type { Chunk, FunctionDeclaration } from 'luaparse';
import { RuleContext, ScriptRule } from './checks/context';
import { globalAssignRule } from './checks/globalAssign';
import { lossyReturnRule } from './checks/lossyReturn';
import { nilCompareRule } from './checks/nilCompare';
import { analyzeScopes, ScopeInfo } from './checks/scope';
import { undeclaredKeyRule } from './checks/undeclaredKey';
import { forEachNode } from './checks/walk';
import { readDirectives } from './directives';
import { libraryName, Registration, registrations } from './library';
import { LuaProblem } from './problem';
import { parseLua } from './syntax';

/** The script rules, in id order. */
export const SCRIPT_RULES: readonly ScriptRule[] = [undeclaredKeyRule, nilCompareRule, lossyReturnRule, globalAssignRule];

/** The function nodes registered as callbacks: inline, or a local function passed by name. */
function callbackFunctions(regs: Registration[], scopes: ScopeInfo): Set<FunctionDeclaration> {
  const fns = new Set<FunctionDeclaration>();
  for (const { callback } of regs) {
    if (callback?.type === 'FunctionDeclaration') fns.add(callback);
    else if (callback?.type === 'Identifier') {
      const b = scopes.bindingOf(callback);
      if (b && !b.reassigned && b.init?.type === 'FunctionDeclaration') fns.add(b.init);
    }
  }
  return fns;
}

function callsSetResp3(chunk: Chunk): boolean {
  let found = false;
  forEachNode(chunk, (node) => {
    if (node.type !== 'CallExpression' || node.base.type !== 'MemberExpression') return;
    const { base, identifier } = node.base;
    const arg = node.arguments[0];
    if (base.type === 'Identifier' && base.name === 'redis' && identifier.name === 'setresp' && arg?.type === 'NumericLiteral' && arg.value === 3) found = true;
  });
  return found;
}

/**
 * Runs the script rules over `source`. Returns [] when the source does not parse (checkSyntax
 * reports that). `isLibrary` defaults to whether the file starts `#!lua name=`.
 */
export function checkScript(source: string, options?: { isLibrary?: boolean }): LuaProblem[] {
  const chunk = parseLua(source);
  if (!chunk) return [];
  const scopes = analyzeScopes(chunk);
  const isLibrary = options?.isLibrary ?? libraryName(source) !== undefined;
  const regs = isLibrary ? registrations(chunk) : [];
  const ctx: RuleContext = {
    source,
    chunk,
    scopes,
    isLibrary,
    registrations: regs,
    callbacks: callbackFunctions(regs, scopes),
    shebangFlags: readDirectives(source).shebang?.flags ?? [],
    usesResp3: callsSetResp3(chunk),
  };
  const problems = SCRIPT_RULES.flatMap((rule) => rule.check(ctx));
  return problems.sort((a, b) => a.line - b.line || a.column - b.column);
}
