import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CONNECTION_CONTEXT_VALUES } from '../../src/features/connections/tree';
import { BROWSER_CONTEXT_VALUES } from '../../src/features/keyBrowser/items';
import { FUNCTION_CONTEXT_VALUES } from '../../src/features/lua/functionsTree';
import { EXTENSION_ID } from './support';

interface MenuEntry {
  command: string;
  when?: string;
}

/** Every contextValue a tree element can carry (add each new node kind's list here). */
const ALL_CONTEXT_VALUES = [...CONNECTION_CONTEXT_VALUES, ...BROWSER_CONTEXT_VALUES, ...FUNCTION_CONTEXT_VALUES];

describe('package.json menus', () => {
  const pkg = vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as {
    contributes: { commands: { command: string }[]; menus: Record<string, MenuEntry[]> };
  };

  it('refer only to contributed commands', () => {
    const commands = new Set(pkg.contributes.commands.map((c) => c.command));
    for (const [menu, entries] of Object.entries(pkg.contributes.menus)) {
      for (const e of entries) assert.ok(commands.has(e.command), `${menu}: ${e.command} is not contributed`);
    }
  });

  it('match on contextValues that tree elements really carry', () => {
    let checked = 0;
    for (const [menu, entries] of Object.entries(pkg.contributes.menus)) {
      for (const e of entries) {
        for (const m of (e.when ?? '').matchAll(/viewItem\s*(==|=~)\s*(\/(?:\\\/|[^/])+\/|[\w.]+)/g)) {
          const [, op, operand] = m;
          const matches = op === '=='
            ? (v: string) => v === operand
            : ((re: RegExp) => (v: string) => re.test(v))(new RegExp(operand.slice(1, -1)));
          assert.ok(ALL_CONTEXT_VALUES.some(matches), `${menu} ${e.command}: '${operand}' matches no contextValue (${ALL_CONTEXT_VALUES.join(', ')})`);
          checked++;
        }
      }
    }
    assert.ok(checked > 0, 'some menu matched on viewItem');
  });

  it('every connection contextValue has a Connect or Disconnect entry', () => {
    const item = pkg.contributes.menus['view/item/context'];
    for (const value of CONNECTION_CONTEXT_VALUES) {
      const commands = item
        .filter((e) => [...(e.when ?? '').matchAll(/viewItem =~ \/(.+?)\/(?:\s|$)/g)].some(([, re]) => new RegExp(re).test(value)))
        .map((e) => e.command);
      assert.ok(commands.some((c) => /connections\.(connect|disconnect)$/.test(c)), `${value}: ${commands.join(', ')}`);
    }
  });
});
