import * as assert from 'node:assert/strict';
import { Workbench, waitUntil, workbench } from './workbench';

describe('Redis container (UI)', () => {
  let wb: Workbench;

  before(async function () {
    this.timeout(120_000); // first use launches chromium and loads the workbench
    wb = await workbench();
  });

  it('opens from the activity bar and shows the Connections welcome view with Add Connection', async () => {
    await wb.openRedisContainer();
    const connections = wb.view('Connections');
    await connections.waitFor({ state: 'visible' });
    const welcome = connections.locator('.welcome-view-content');
    await welcome.waitFor({ state: 'visible' });
    assert.match(await welcome.innerText(), /No Redis connections yet/);
    const add = welcome.getByRole('button', { name: 'Add Connection' });
    await add.waitFor({ state: 'visible' });
    await wb.screenshot('smoke-01-connections-welcome');
  });

  it('Add Connection opens the connection input', async () => {
    await wb.openRedisContainer();
    await wb.view('Connections').locator('.welcome-view-content').getByRole('button', { name: 'Add Connection' }).click();
    await wb.quickInput();
    assert.match(await wb.quickInputText(), /Connection/);
    await wb.screenshot('smoke-02-add-connection-input');
    await wb.closeQuickInput();
  });

  it('runs a Redis command from the palette: Show Log opens the Redis DevKit log', async () => {
    await wb.runCommand('Redis: Show Log');
    const output = wb.page.locator('.part.panel');
    await output.waitFor({ state: 'visible' });
    // The Output view shows our channel (earlier suites may have scrolled its first lines away).
    await waitUntil(
      async () => (await output.locator('select.monaco-select-box').evaluateAll((els) => els.map((e) => (e as unknown as { selectedOptions: { text: string }[] }).selectedOptions[0]?.text))).includes('Redis DevKit'),
      10_000,
      'the Redis DevKit channel selected in the Output view',
    );
    // Monaco renders spaces as U+00A0, which \s matches and ' ' does not.
    await output.locator('.view-lines', { hasText: /\[info\]\s/ }).first().waitFor({ state: 'visible' });
    await wb.screenshot('smoke-03-show-log');
  });
});
