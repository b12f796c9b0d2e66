/**
 * Lexical scopes of a Lua 5.1 chunk: which identifiers are locals (and what they were initialised
 * with), and which assignments create globals. The rules only trust what this can prove.
 */
import type { Expression, FunctionDeclaration, Identifier, Node, Statement } from 'luaparse';

/** A local name: `local x = ...`, a parameter, a for variable or a `local function`. */
export interface Binding {
  name: string;
  kind: 'local' | 'param' | 'for' | 'function';
  declaration: Identifier;
  /** The expression of `local x = <init>` (one-to-one), or the function of a `local function`. */
  init?: Expression;
  /** True once anything assigns to it after its declaration. */
  reassigned: boolean;
  /** For parameters: the function and the 0-based position. */
  fn?: FunctionDeclaration;
  paramIndex?: number;
}

/** An assignment that creates or changes a global. */
export interface GlobalAssignment {
  target: Identifier;
  /** The assignment or function declaration statement. */
  statement: Statement;
}

/** The result of {@link analyzeScopes}. */
export interface ScopeInfo {
  /** The binding an identifier (a use or a declaration) refers to; undefined means a global. */
  bindingOf(id: Identifier): Binding | undefined;
  globalAssignments: GlobalAssignment[];
}

class Scope {
  private readonly names = new Map<string, Binding>();
  constructor(readonly parent?: Scope) {}
  declare(b: Binding): void {
    this.names.set(b.name, b);
  }
  lookup(name: string): Binding | undefined {
    return this.names.get(name) ?? this.parent?.lookup(name);
  }
}

/** Resolves every identifier of `chunk` to its local binding, and lists global assignments. */
export function analyzeScopes(chunk: { body: Statement[] }): ScopeInfo {
  const refs = new Map<Identifier, Binding>();
  const globalAssignments: GlobalAssignment[] = [];

  const declare = (scope: Scope, id: Identifier, b: Omit<Binding, 'name' | 'declaration' | 'reassigned'>): void => {
    const binding: Binding = { name: id.name, declaration: id, reassigned: false, ...b };
    scope.declare(binding);
    refs.set(id, binding);
  };

  const use = (id: Identifier, scope: Scope): Binding | undefined => {
    const b = scope.lookup(id.name);
    if (b) refs.set(id, b);
    return b;
  };

  const assignTo = (target: Expression, scope: Scope, statement: Statement): void => {
    if (target.type === 'Identifier') {
      const b = use(target, scope);
      if (b) b.reassigned = true;
      else globalAssignments.push({ target, statement });
    } else {
      expression(target, scope);
    }
  };

  const block = (body: Statement[], scope: Scope): void => {
    for (const s of body) statement(s, scope);
  };

  const fn = (f: FunctionDeclaration, scope: Scope): void => {
    const inner = new Scope(scope);
    if (f.identifier?.type === 'MemberExpression' && f.identifier.indexer === ':') {
      // `function obj:m()` has an implicit first parameter `self`.
      const self: Identifier = { type: 'Identifier', name: 'self', loc: f.identifier.loc };
      declare(inner, self, { kind: 'param', fn: f, paramIndex: -1 });
    }
    f.parameters.forEach((p, i) => {
      if (p.type === 'Identifier') declare(inner, p, { kind: 'param', fn: f, paramIndex: i });
    });
    block(f.body, new Scope(inner));
  };

  const expression = (e: Node, scope: Scope): void => {
    switch (e.type) {
      case 'Identifier': use(e, scope); return;
      case 'FunctionDeclaration': fn(e, scope); return;
      case 'TableConstructorExpression':
        for (const field of e.fields) {
          if (field.type === 'TableKey') expression(field.key, scope);
          expression(field.value, scope);
        }
        return;
      case 'BinaryExpression':
      case 'LogicalExpression': expression(e.left, scope); expression(e.right, scope); return;
      case 'UnaryExpression': expression(e.argument, scope); return;
      case 'MemberExpression': expression(e.base, scope); return;
      case 'IndexExpression': expression(e.base, scope); expression(e.index, scope); return;
      case 'CallExpression': expression(e.base, scope); e.arguments.forEach((a) => expression(a, scope)); return;
      case 'TableCallExpression': expression(e.base, scope); expression(e.arguments, scope); return;
      case 'StringCallExpression': expression(e.base, scope); expression(e.argument, scope); return;
      default: return;
    }
  };

  const statement = (s: Statement, scope: Scope): void => {
    switch (s.type) {
      case 'LocalStatement':
        s.init.forEach((e) => expression(e, scope));
        s.variables.forEach((v, i) => declare(scope, v, { kind: 'local', init: s.init[i] }));
        return;
      case 'AssignmentStatement':
        s.init.forEach((e) => expression(e, scope));
        s.variables.forEach((v) => assignTo(v, scope, s));
        return;
      case 'CallStatement': expression(s.expression, scope); return;
      case 'FunctionDeclaration':
        if (s.isLocal && s.identifier?.type === 'Identifier') declare(scope, s.identifier, { kind: 'function', init: s });
        else if (s.identifier) assignTo(s.identifier, scope, s);
        fn(s, scope);
        return;
      case 'ReturnStatement': s.arguments.forEach((e) => expression(e, scope)); return;
      case 'IfStatement':
        for (const clause of s.clauses) {
          if (clause.type !== 'ElseClause') expression(clause.condition, scope);
          block(clause.body, new Scope(scope));
        }
        return;
      case 'WhileStatement': expression(s.condition, scope); block(s.body, new Scope(scope)); return;
      case 'DoStatement': block(s.body, new Scope(scope)); return;
      case 'RepeatStatement': {
        const inner = new Scope(scope);
        block(s.body, inner);
        expression(s.condition, inner); // `until` sees the body's locals
        return;
      }
      case 'ForNumericStatement': {
        [s.start, s.end, ...(s.step ? [s.step] : [])].forEach((e) => expression(e, scope));
        const inner = new Scope(scope);
        declare(inner, s.variable, { kind: 'for' });
        block(s.body, new Scope(inner));
        return;
      }
      case 'ForGenericStatement': {
        s.iterators.forEach((e) => expression(e, scope));
        const inner = new Scope(scope);
        s.variables.forEach((v) => declare(inner, v, { kind: 'for' }));
        block(s.body, new Scope(inner));
        return;
      }
      default: return;
    }
  };

  block(chunk.body, new Scope());
  return { bindingOf: (id) => refs.get(id), globalAssignments };
}
