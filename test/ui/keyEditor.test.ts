/**
 * Editing a hash the way a person does: add a connection by URL, "Redis: Open Key" from the
 * palette, pick the connection and type the key name, select a field in the editor, change its
 * value, Save, read the confirmation that states the HSET, confirm, and find the value in Redis.
 */
import * as assert from 'node:assert/strict';
import { Redis } from 'ioredis';
import type { FrameLocator } from 'playwright-core';
import { Workbench, waitUntil, workbench, servers } from './workbench';

const DB = 5;
const CONNECTION = 'Key editor UI';
const KEY = 'user:1001';
const LIST = 'queue:jobs';
const ZSET = 'leaderboard';
const STRING = 'cart:42';
const STREAM = 'events';


describe('Key editor (UI)', function () {
  this.timeout(120_000);
  let wb: Workbench;
  let redis: Redis;

  before(async function () {
    this.timeout(120_000);
    redis = new Redis({ port: servers().standalone.port, db: DB, protocol: 2 });
    await redis.del(KEY);
    await redis.hset(KEY, 'name', 'Ada Lovelace', 'email', 'ada@example.com', 'plan', 'pro', 'profile', '{"lang":"en","beta":true,"visits":12345678901234567890}');
    for (let i = 1; i <= 60; i++) await redis.hset(KEY, `pref:${String(i).padStart(2, '0')}`, `value ${i}`);
    await redis.del(LIST, ZSET, STRING, STREAM);
    await redis.rpush(LIST, 'job-a', 'job-b', 'job-c', 'job-a', 'job-d');
    await redis.zadd(ZSET, 100, 'ada', 90, 'grace', 75, 'linus');
    await redis.set(STRING, '{"items":[{"sku":"lamp","qty":1}],"total":19.90}', 'EX', 3600);
    for (const event of ['signup', 'login', 'purchase']) await redis.xadd(STREAM, '*', 'event', event, 'user', '1001');
    wb = await workbench();
  });
  after(async () => {
    await redis.del(KEY, LIST, ZSET, STRING, STREAM);
    redis.disconnect();
  });

  /** The editor's document: webviews sit in an outer iframe holding the active inner frame. */
  const editor = (): FrameLocator => wb.page.frameLocator('iframe.webview').last().frameLocator('iframe#active-frame');

  const placeholder = () => wb.quickInputPlaceholder();

  /** "Redis: Open Key" from the palette: the connection (when asked), then the key name; returns the editor frame. */
  async function openKey(key: string): Promise<FrameLocator> {
    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('Redis: Open Key');
    // With other connections saved the command asks which one first.
    await waitUntil(async () => /Connection that holds the key/.test(await placeholder()) || /Key name on/.test(await wb.quickInputText()), 10_000, 'the connection pick or the key prompt');
    if (/Connection that holds the key/.test(await placeholder())) await wb.pickQuickPickItem(CONNECTION);
    await waitUntil(async () => new RegExp(`Key name on ${CONNECTION} \\(db ${DB}\\)`).test(await wb.quickInputText()), 10_000, 'the key prompt');
    await wb.typeInQuickInput(key);
    // Room for the editor in the screenshots: hide the panel (Output) if a test left it open.
    if (await wb.page.locator('.part.panel').isVisible()) await wb.runCommand('View: Hide Panel');
    const frame = editor();
    await frame.locator('h1.key-name', { hasText: key }).waitFor({ state: 'visible', timeout: 30_000 });
    return frame;
  }

  it('opens a hash from the palette, edits a field after confirming, and Redis has the new value', async () => {
    await wb.openRedisContainer();
    await wb.addConnectionByUrl(`redis://127.0.0.1:${servers().standalone.port}/${DB}`, CONNECTION);

    // Open Key connects by itself when the connection is not open yet.
    const frame = await openKey(KEY);
    const facts = await frame.locator('.facts').innerText();
    assert.match(facts, /hash/);
    assert.match(facts, /64 fields/);
    assert.match(await frame.locator('.table-footer').innerText(), /Showing 64 of 64/);
    await wb.screenshot('key-editor-01-hash-opened');

    await frame.locator('.grid-row', { hasText: 'email' }).first().click();
    const value = frame.getByRole('textbox', { name: 'Value' });
    await waitUntil(async () => (await value.inputValue()) === 'ada@example.com', 10_000, 'the selected field in the pane');
    await value.fill('ada.lovelace@example.com');
    await frame.getByRole('button', { name: 'Save', exact: true }).click();

    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), new RegExp(`HSET ${KEY} email = "ada\\.lovelace@example\\.com"`));
    await wb.screenshot('key-editor-02-confirm-hset');
    await dialog.getByRole('button', { name: 'Save' }).click();

    await waitUntil(async () => (await redis.hget(KEY, 'email')) === 'ada.lovelace@example.com', 10_000, 'the new value in Redis');
    await frame.locator('.status', { hasText: 'Done: field updated.' }).waitFor({ state: 'visible', timeout: 10_000 });
    await frame.locator('.grid-row', { hasText: 'ada.lovelace@example.com' }).first().waitFor({ state: 'visible', timeout: 10_000 });
    await wb.screenshot('key-editor-03-saved');

    // Keyboard: the table is one tab stop; arrows move the selection and show that row.
    await frame.locator('.grid').focus();
    await wb.page.keyboard.press('Home');
    await frame.locator('.pane h2').first().waitFor({ state: 'visible' });
    const firstField = await frame.locator('.pane h2 code').innerText();
    await wb.page.keyboard.press('ArrowDown');
    await waitUntil(async () => (await frame.locator('.pane h2 code').innerText()) !== firstField, 5_000, 'ArrowDown to select the next field');
  });

  it('shows a list, a sorted set, a string and a stream, and removes a list item by index', async () => {
    let frame = await openKey(LIST);
    assert.match(await frame.locator('.facts').innerText(), /list.*5 items/s);
    await frame.locator('.grid-row', { hasText: 'job-c' }).first().click();
    await frame.getByRole('button', { name: 'Remove item' }).click();
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), new RegExp(`Remove item \\[2\\] of ${LIST}`));
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await waitUntil(async () => (await redis.llen(LIST)) === 4, 10_000, 'the item removed in Redis');
    assert.deepEqual(await redis.lrange(LIST, 0, -1), ['job-a', 'job-b', 'job-a', 'job-d']);
    await waitUntil(async () => /4 items/.test(await frame.locator('.facts').innerText()), 10_000, 'the header to show 4 items');
    await wb.screenshot('key-editor-04-list');

    frame = await openKey(ZSET);
    await frame.locator('.grid-row', { hasText: 'grace' }).first().waitFor({ state: 'visible' });
    assert.match(await frame.locator('.grid-row', { hasText: 'ada' }).first().innerText(), /ada\s+100/);
    await wb.screenshot('key-editor-05-zset');

    frame = await openKey(STRING);
    const value = frame.getByRole('textbox', { name: 'Value' });
    await waitUntil(async () => (await value.inputValue()).includes('"items": ['), 10_000, 'pretty JSON in the string editor');
    await wb.screenshot('key-editor-06-string-json');

    frame = await openKey(STREAM);
    await frame.locator('.grid-row', { hasText: 'event=signup' }).first().waitFor({ state: 'visible' });
    assert.match(await frame.locator('.facts').innerText(), /3 entries/);
  });

  it('removes its connection again', async () => {
    await wb.runCommand('View: Close All Editors');
    await wb.runCommand('Redis: Remove Connection');
    await wb.pickQuickPickItem(CONNECTION);
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    assert.match(await dialog.innerText(), new RegExp(`Remove the connection '${CONNECTION}'`));
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await dialog.waitFor({ state: 'hidden', timeout: 10_000 });
  });
});
