/**
 * The key tree as a person uses it: connect, expand a database and namespace folders, read type
 * and TTL, set a TTL and delete a key from the context menu (confirming), with screenshots.
 */
import * as assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import { Workbench, waitUntil, workbench, servers } from './workbench';

const DB = 9;


describe('Key browser (UI)', function () {
  this.timeout(120_000);
  let wb: Workbench;
  let redis: Redis;

  before(async function () {
    this.timeout(120_000);
    redis = new Redis({ port: servers().standalone.port, db: DB, protocol: 2 });
    await redis.flushdb();
    for (let i = 1; i <= 40; i++) await redis.hset(`user:${1000 + i}:profile`, 'name', `User ${i}`, 'plan', i % 3 ? 'free' : 'pro');
    for (let i = 1; i <= 12; i++) await redis.set(`session:${i.toString(36).padStart(6, 'a')}`, '{"uid":1}', 'EX', 3600 + i * 60);
    await redis.set('cache:product:42', '{"name":"Lamp"}');
    await redis.rpush('queue:emails', 'a', 'b', 'c');
    await redis.zadd('leaderboard:global', 100, 'ada', 90, 'grace');
    await redis.set('evil:<img src=x onerror=alert(1)>', 'x');
    wb = await workbench();
  });
  after(async () => {
    redis.disconnect();
    // Leave the workbench as the next suite expects it: no saved connections.
    await wb?.removeConnection('Shop');
  });

  const sidebar = () => wb.view('Connections');
  const row = (text: string | RegExp) => wb.treeRow(text, sidebar());

  async function expand(text: string | RegExp): Promise<void> {
    const r = row(text).first();
    await r.waitFor({ state: 'visible', timeout: 15_000 });
    if ((await r.getAttribute('aria-expanded')) !== 'true') await r.click();
    await waitUntil(async () => (await r.getAttribute('aria-expanded')) === 'true', 10_000, `${String(text)} expanded`);
  }

  const contextMenu = (text: string | RegExp, action: string) => wb.contextMenu(row(text).first(), action);

  it('browses namespaces with counts, types and TTLs; sets a TTL and deletes a key', async () => {
    await wb.addConnectionByUrl(`redis://127.0.0.1:${servers().standalone.port}/${DB}`, 'Shop');

    await expand('Shop');
    await expand(`db${DB}`);
    await waitUntil(async () => /40/.test(await row(/^user/).first().innerText()), 10_000, 'user folder with 40 keys');
    assert.match(await row(/^session/).first().innerText(), /12/);
    await expand(/^evil/);
    await row('<img src=x onerror=alert(1)>').first().waitFor({ state: 'visible' });
    await expand(/^session/);
    await waitUntil(async () => /string · 1h \d+m/.test(await row(/^aaaaab/).first().innerText()), 10_000, 'a session key with its TTL');
    await expand(/^user/);
    await expand(/^1001/);
    await waitUntil(async () => /hash · no TTL/.test(await row(/^profile/).first().innerText()), 10_000, 'the profile hash');
    await wb.screenshot('key-browser-01-namespaces');

    await contextMenu(/^profile/, 'Set TTL…');
    await waitUntil(async () => /Time to live/.test(await wb.quickInputText()), 10_000, 'the TTL prompt');
    await wb.typeInQuickInput('2h');
    await waitUntil(async () => /hash · 2h/.test(await row(/^profile/).first().innerText()), 10_000, 'the new TTL on the row');
    assert.ok((await redis.ttl('user:1001:profile')) > 7000);

    // Clicking a key opens its editor.
    await row(/^profile/).first().click();
    await wb.page.locator('.tab', { hasText: 'user:1001:profile' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    const editor = wb.page.frameLocator('iframe.webview').frameLocator('iframe#active-frame');
    await editor.getByText('User 1', { exact: true }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await wb.screenshot('key-browser-02-open-hash');

    await contextMenu(/^profile/, 'Delete Key');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), /Delete the key 'user:1001:profile'\?/);
    await wb.screenshot('key-browser-03-delete-confirm');
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await waitUntil(async () => (await redis.exists('user:1001:profile')) === 0, 10_000, 'the key deleted in Redis');
    await waitUntil(async () => /39/.test(await row(/^user/).first().innerText()), 10_000, 'the folder count down to 39');
    await wb.screenshot('key-browser-04-after-delete');
  });

  it('renames with F2 and deletes with the Delete key', async () => {
    await expand(/^cache/);
    await expand(/^product/);
    // A click opens the key's editor and leaves keyboard focus in the tree, as the Explorer does.
    await row(/^42/).first().click();
    await wb.page.locator('.tab', { hasText: 'cache:product:42' }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await waitUntil(async () => /\bfocused\b/.test((await row(/^42/).first().getAttribute('class')) ?? ''), 10_000, 'the key row focused');

    await wb.page.keyboard.press('F2');
    await waitUntil(async () => /New key name/.test(await wb.quickInputText()), 10_000, 'the rename prompt from F2');
    assert.equal(await (await wb.quickInput()).inputValue(), 'cache:product:42');
    await wb.typeInQuickInput('cache:product:43');
    await waitUntil(async () => (await redis.exists('cache:product:43')) === 1 && (await redis.exists('cache:product:42')) === 0, 10_000, 'the key renamed in Redis');
    await row(/^43/).first().waitFor({ state: 'visible', timeout: 10_000 });

    await row(/^43/).first().click();
    await wb.page.keyboard.press('Delete');
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), /Delete the key 'cache:product:43'\?/);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await waitUntil(async () => (await redis.exists('cache:product:43')) === 0, 10_000, 'the key deleted in Redis');
  });
});
