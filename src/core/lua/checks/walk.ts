/**
 * Generic traversal of a luaparse AST, in source order.
 */
import type { Node } from 'luaparse';

/** The direct children of `node`, in source order. */
export function children(node: Node): Node[] {
  switch (node.type) {
    case 'Chunk': return node.body;
    case 'LocalStatement':
    case 'AssignmentStatement': return [...node.variables, ...node.init];
    case 'CallStatement': return [node.expression];
    case 'ReturnStatement': return node.arguments;
    case 'IfStatement': return node.clauses;
    case 'IfClause':
    case 'ElseifClause': return [node.condition, ...node.body];
    case 'ElseClause':
    case 'DoStatement': return node.body;
    case 'WhileStatement': return [node.condition, ...node.body];
    case 'RepeatStatement': return [...node.body, node.condition];
    case 'ForNumericStatement': return [node.variable, node.start, node.end, ...(node.step ? [node.step] : []), ...node.body];
    case 'ForGenericStatement': return [...node.variables, ...node.iterators, ...node.body];
    case 'FunctionDeclaration': return [...(node.identifier ? [node.identifier] : []), ...node.parameters, ...node.body];
    case 'TableConstructorExpression': return node.fields;
    case 'TableKey': return [node.key, node.value];
    case 'TableKeyString':
    case 'TableValue': return [node.value];
    case 'BinaryExpression':
    case 'LogicalExpression': return [node.left, node.right];
    case 'UnaryExpression': return [node.argument];
    case 'MemberExpression': return [node.base];
    case 'IndexExpression': return [node.base, node.index];
    case 'CallExpression': return [node.base, ...node.arguments];
    case 'TableCallExpression': return [node.base, node.arguments];
    case 'StringCallExpression': return [node.base, node.argument];
    default: return [];
  }
}

/**
 * Calls `visit` on `root` and every node below it (parents first). `functions` is the stack of
 * enclosing function nodes, innermost last; empty at the top level of the chunk.
 */
export function forEachNode(root: Node, visit: (node: Node, functions: readonly Node[]) => void): void {
  const functions: Node[] = [];
  const walk = (node: Node): void => {
    visit(node, functions);
    const isFunction = node.type === 'FunctionDeclaration';
    if (isFunction) functions.push(node);
    for (const child of children(node)) walk(child);
    if (isFunction) functions.pop();
  };
  walk(root);
}
