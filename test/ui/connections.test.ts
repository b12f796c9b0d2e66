/**
 * What a person does with connections, in real VS Code: add one through the real QuickInput steps,
 * see it connected in the tree, read its tooltip; paste a URL with a wrong password and get the
 * named error with Show Log.
 */
import * as assert from 'node:assert/strict';
import { Workbench, waitUntil, workbench, servers } from './workbench';


describe('Connections (UI)', function () {
  this.timeout(90_000);
  let wb: Workbench;

  before(async function () {
    this.timeout(120_000);
    wb = await workbench();
  });

  /** Waits until the quick input shows the step whose prompt matches, then answers it. */
  async function answer(prompt: RegExp, text: string): Promise<void> {
    await waitUntil(async () => prompt.test(await wb.quickInputText()), 10_000, `the step ${prompt}`);
    await wb.typeInQuickInput(text);
  }

  async function pick(placeholder: RegExp, label: string): Promise<void> {
    await waitUntil(async () => placeholder.test(await wb.page.locator('.quick-input-widget input').getAttribute('placeholder') ?? ''), 10_000, `the pick ${placeholder}`);
    await wb.pickQuickPickItem(label);
  }

  it('adds an ACL connection step by step and shows it connected', async () => {
    const { port, users } = servers().acl;
    await wb.openRedisContainer();
    const connections = wb.view('Connections');
    const addButton = connections.locator('.welcome-view-content').getByRole('button', { name: 'Add Connection' });
    if (await addButton.isVisible()) await addButton.click();
    else await wb.runCommand('Redis: Add Connection…');

    await answer(/Paste a redis:\/\/ or rediss:\/\/ URL/, '');
    await answer(/Connection name/, 'Orders cache');
    await pick(/How is the server deployed/, 'Standalone');
    await answer(/Host and port/, `127.0.0.1:${port}`);
    await answer(/ACL username/, users.admin.username);
    await wb.screenshot('connections-01-username-step');
    await answer(/Password/, users.admin.password);
    await answer(/Database number/, '0');
    await pick(/Transport security/, 'No TLS');
    await waitUntil(async () => /Options/.test(await wb.page.locator('.quick-input-widget input').getAttribute('placeholder') ?? ''), 10_000, 'the options step');
    await wb.screenshot('connections-02-options-step');
    await wb.page.keyboard.press('Enter');

    const row = wb.treeRow('Orders cache', connections);
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await waitUntil(async () => /connected · 7\./.test(await row.innerText()), 15_000, 'the row to show "connected · 7.x"');
    assert.match(await row.innerText(), /active/);
    // The status bar names the active connection.
    await wb.page.locator('.part.statusbar', { hasText: 'Orders cache' }).waitFor({ state: 'visible', timeout: 10_000 });

    await row.hover();
    const hover = wb.page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Redis 7' }).first();
    await hover.waitFor({ state: 'visible', timeout: 10_000 });
    const hoverText = (await hover.innerText()).replace(/\u00a0/g, ' ');
    assert.match(hoverText, /User: admin/);
    assert.match(hoverText, /Mode: standalone/);
    await wb.screenshot('connections-03-connected-with-tooltip');
  });

  it('names a wrong password in a toast with Show Log', async () => {
    const { port } = servers().acl;
    await wb.runCommand('Redis: Add Connection…');
    await answer(/Paste a redis:\/\/ or rediss:\/\/ URL/, `redis://admin:not-the-password@127.0.0.1:${port}`);
    await answer(/Connection name/, 'Wrong password');
    await waitUntil(async () => /Options/.test(await wb.page.locator('.quick-input-widget input').getAttribute('placeholder') ?? ''), 10_000, 'the options step');
    await wb.page.keyboard.press('Enter');

    const toast = await wb.waitForToast(/Authentication failed for admin@Wrong password: wrong username or password/);
    await toast.getByRole('button', { name: 'Show Log' }).waitFor({ state: 'visible' });
    const row = wb.treeRow('Wrong password', wb.view('Connections'));
    await waitUntil(async () => /failed/.test(await row.innerText()), 10_000, 'the row to show "failed"');
    await wb.screenshot('connections-04-wrong-password');

    await toast.getByRole('button', { name: 'Show Log' }).click();
    await wb.page.locator('.part.panel .view-lines', { hasText: /Authentication\s+failed/ }).first().waitFor({ state: 'visible', timeout: 10_000 });
  });

  it('rejects a malformed URL in the input, naming the part', async () => {
    await wb.runCommand('Redis: Add Connection…');
    await waitUntil(async () => /Paste a redis:\/\//.test(await wb.quickInputText()), 10_000, 'the URL step');
    await wb.typeInQuickInput('redis://cache.example.com:70000', { submit: false });
    await waitUntil(async () => /Invalid URL \(port\): port '70000'/.test(await wb.quickInputText()), 10_000, 'the validation message');
    await wb.screenshot('connections-05-malformed-url');
    await wb.closeQuickInput();
  });

  /** Removes a connection the way a person does: context menu, then confirm in the dialog. */
  async function removeThroughMenu(name: string): Promise<void> {
    const row = wb.treeRow(name, wb.view('Connections'));
    await row.click({ button: 'right' });
    // Monaco menus act on mouseup after a hover, or on Enter for the focused item.
    const item = wb.page.getByRole('menuitem', { name: 'Remove Connection' });
    await item.hover();
    await wb.page.keyboard.press('Enter');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), new RegExp(`Remove the connection '${name}'\\?`));
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
  }

  it('removes connections through the context menu, after confirming', async () => {
    await wb.openRedisContainer();
    await removeThroughMenu('Wrong password');
    await removeThroughMenu('Orders cache');
    await wb.view('Connections').locator('.welcome-view-content').waitFor({ state: 'visible', timeout: 10_000 });
  });
});
