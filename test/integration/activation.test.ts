import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'redis-devkit.redis-devkit';

interface Manifest {
  contributes?: { commands?: { command: string }[]; views?: Record<string, { id: string }[]> };
}

/** Commands the workbench itself registers for every contributed view (`<viewId>.focus`, ...). */
const VIEW_COMMAND_SUFFIXES = ['open', 'focus', 'resetViewLocation', 'toggleVisibility', 'removeView'];

function workbenchViewCommands(manifest: Manifest): Set<string> {
  const viewIds = Object.values(manifest.contributes?.views ?? {}).flatMap((views) => views.map((v) => v.id));
  return new Set(viewIds.flatMap((id) => VIEW_COMMAND_SUFFIXES.map((suffix) => `${id}.${suffix}`)));
}

describe('activation', () => {
  let extension: vscode.Extension<unknown>;

  before(async () => {
    const found = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(found, `extension ${EXTENSION_ID} is not installed in this host`);
    extension = found;
    await extension.activate();
  });

  it('is present and activates', () => {
    assert.equal(extension.isActive, true);
    assert.equal(extension.id, EXTENSION_ID);
  });

  it('registers every command contributed in package.json', async () => {
    const contributed = ((extension.packageJSON as Manifest).contributes?.commands ?? []).map((c) => c.command);
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed in package.json but not registered: ${missing.join(', ')}`);
  });

  it('contributes every redisDevkit.* command it registers', async () => {
    const manifest = extension.packageJSON as Manifest;
    const contributed = new Set((manifest.contributes?.commands ?? []).map((c) => c.command));
    const generated = workbenchViewCommands(manifest);
    const registered = (await vscode.commands.getCommands(true)).filter((id) => id.startsWith('redisDevkit.') && !generated.has(id));
    assert.ok(registered.length > 0, 'no redisDevkit.* command is registered');
    const unlisted = registered.filter((id) => !contributed.has(id));
    assert.deepEqual(unlisted, [], `registered but missing from package.json contributes.commands: ${unlisted.join(', ')}`);
  });
});
