/**
 * R21 lua-global: assigning a global. Redis protects the global table of scripts and functions, so
 * the assignment fails at run time with "Attempt to modify a readonly table".
 */
import { problemAt, LuaProblem } from '../problem';
import { RuleContext, ScriptRule } from './context';

function check(ctx: RuleContext): LuaProblem[] {
  return ctx.scopes.globalAssignments.map(({ target, statement }) => {
    const name = target.name;
    const message = statement.type === 'FunctionDeclaration'
      ? `function ${name}() declares a global: Redis refuses it ("Attempt to modify a readonly table"). Declare it \`local function ${name}()\`.`
      : `Assignment to global '${name}': Redis refuses it ("Attempt to modify a readonly table"). Declare it \`local ${name}\`.`;
    return problemAt(target.loc, message, 'error', 'R21');
  });
}

/** R21 lua-global. */
export const globalAssignRule: ScriptRule = { id: 'R21', name: 'lua-global', severity: 'error', check };
