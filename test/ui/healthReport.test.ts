/**
 * The keyspace health report the way a person runs it: add a connection by URL, "Redis: Keyspace
 * Health Report…" from the palette, pick Full scan, read the report in its webview, in a dark and a
 * light theme. The dark screenshot of the report is kept as docs/images/health-report.png.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Redis } from 'ioredis';
import type { FrameLocator } from 'playwright-core';
import { Workbench, artifactsDir, waitUntil, workbench, servers } from './workbench';

const DB = 10;
const CONNECTION = 'Storefront cache';
const repoRoot = path.resolve(__dirname, '..', '..', '..');


/** The demo's application-like keyspace (scripts/demo/seed.mjs), plus a slow script for the slow log. */
async function seed(redis: Redis): Promise<number> {
  await redis.flushdb();
  const { seed: seedDemo } = (await import(pathToFileURL(path.join(repoRoot, 'scripts', 'demo', 'seed.mjs')).href)) as { seed: (c: Redis) => Promise<unknown> };
  await seedDemo(redis);
  await redis.slowlog('RESET');
  // About 25 ms of Lua: above the default slowlog threshold of 10 ms.
  await redis.eval('local i = 0 while i < 2000000 do i = i + 1 end return i', 0);
  return redis.dbsize();
}

describe('Keyspace health report (UI)', function () {
  this.timeout(180_000);
  let wb: Workbench;
  let redis: Redis;
  let keys: number;

  before(async function () {
    this.timeout(120_000);
    redis = new Redis({ port: servers().standalone.port, db: DB, protocol: 2 });
    keys = await seed(redis);
    wb = await workbench();
  });
  after(async () => {
    // Later suites expect the tree as they left it: take this suite's connection away again.
    try {
      await wb.openRedisContainer();
      if (await wb.treeRow(CONNECTION, wb.view('Connections')).count()) await wb.removeConnection(CONNECTION);
    } finally {
      await redis.flushdb();
      redis.disconnect();
    }
  });

  const placeholder = () => wb.quickInputPlaceholder();
  /** The report's document: the last webview's outer iframe holds the active inner frame. */
  const report = (): FrameLocator => wb.page.frameLocator('iframe.webview').last().frameLocator('iframe#active-frame');

  async function setTheme(name: string): Promise<void> {
    await wb.runCommand('Preferences: Color Theme');
    await wb.quickInput();
    await wb.typeInQuickInput(name, { submit: false });
    await wb.quickPickRow(name).first().waitFor({ state: 'visible', timeout: 10_000 });
    await wb.page.keyboard.press('Enter');
    await wb.page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: 10_000 });
  }

  /** The report webview alone, as a PNG in the artifacts folder. */
  async function shootReport(name: string): Promise<string> {
    const file = path.join(artifactsDir(), `${name}.png`);
    await wb.page.locator('iframe.webview').last().screenshot({ path: file });
    return file;
  }

  it('runs a full report from the palette and shows it in a webview', async () => {
    await wb.runCommand('View: Close All Editors');
    await wb.openRedisContainer();
    await wb.addConnectionByUrl(`redis://127.0.0.1:${servers().standalone.port}/${DB}`, CONNECTION);

    await wb.runCommand('Redis: Keyspace Health Report…');
    // Other suites may have left connections and databases: answer those picks when they come.
    await waitUntil(async () => /Connection to analyse|Database to analyse|How much of the keyspace/.test(await placeholder()), 15_000, 'the first pick');
    if (/Connection to analyse/.test(await placeholder())) {
      await wb.pickQuickPickItem(CONNECTION);
      await waitUntil(async () => /Database to analyse|How much of the keyspace/.test(await placeholder()), 15_000, 'the database or mode pick');
    }
    if (/Database to analyse/.test(await placeholder())) {
      await wb.pickQuickPickItem(`db ${DB}`);
      await waitUntil(async () => /How much of the keyspace/.test(await placeholder()), 15_000, 'the mode pick');
    }
    assert.match(await wb.quickPickRow('Sample').first().innerText(), /up to 10,000 keys/);
    assert.match(await wb.quickPickRow('Full scan').first().innerText(), new RegExp(`all ${keys.toLocaleString('en-US')} keys`));
    await wb.screenshot('health-01-mode-pick');
    await wb.pickQuickPickItem('Full scan');

    const frame = report();
    const header = frame.locator('.report-header');
    await header.waitFor({ state: 'visible', timeout: 60_000 });
    assert.match(await header.innerText(), new RegExp(`${CONNECTION} · db ${DB}`));
    const total = keys.toLocaleString('en-US');
    assert.match(await frame.locator('.meta').innerText(), new RegExp(`Full scan of ${total} of ${total} keys`));
    const cards = await frame.locator('.cards').innerText();
    assert.match(cards, new RegExp(`Keys\\s+${total}`));
    assert.match(cards, /Without TTL\s+\d+(\.\d)?%/);
    // The charts are SVG with one bar row per type (keys, memory) and per top namespace.
    assert.equal(await frame.locator('svg.chart').count(), 3, 'three charts');
    assert.equal(await frame.locator('svg.chart').first().locator('g.bar-row').count(), 6, 'a bar per type: string, hash, set, zset, list, stream');
    assert.equal(await frame.locator('svg.chart').nth(2).locator('g.bar-row').count(), 10, 'the top ten namespaces');
    const namespaces = frame.locator('table.namespaces');
    assert.match(await namespaces.locator('tbody tr').first().innerText(), /^user:/);
    assert.match(await frame.locator('pre.doctor').innerText(), /Sam/);
    assert.match(await frame.locator('table.slowlog').innerText(), /eval local i = 0/);
    // Untrusted key names arrive as text: nothing from the data became markup.
    assert.equal(await frame.locator('main img, main script, main iframe').count(), 0);
    await wb.screenshot('health-02-report');
  });

  it('reads well in a light and a dark theme', async () => {
    // The report alone, as wide as the window allows.
    // Layout only: a panel that is already hidden offers no Hide Panel.
    await wb.runCommand('View: Hide Panel', 10_000).catch(() => undefined);
    await wb.runCommand('View: Close Primary Side Bar');
    const frame = report();
    const background = () => frame.locator('body').evaluate((b) => (b.ownerDocument.defaultView as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(b).backgroundColor);
    const brightness = async () => (await background()).match(/\d+/g)?.slice(0, 3).reduce((sum, c) => sum + Number(c), 0) ?? 0;
    try {
      await setTheme('Light Modern');
      // The theme reaches the webview through its --vscode-* variables: the page background follows.
      await waitUntil(async () => (await brightness()) > 600, 10_000, 'a light webview background');
      await shootReport('health-03-report-light');
      await setTheme('Dark Modern');
      await waitUntil(async () => (await brightness()) < 150, 10_000, 'a dark webview background');
      await shootReport('health-04-report-dark');
      // The docs show the report in its editor tab, with the Export button in the title bar.
      const dark = await wb.screenshot('health-05-workbench-dark');
      fs.mkdirSync(path.join(repoRoot, 'docs', 'images'), { recursive: true });
      fs.copyFileSync(dark, path.join(repoRoot, 'docs', 'images', 'health-report.png'));
    } finally {
      await setTheme('Light Modern');
      await wb.runCommand('View: Toggle Primary Side Bar Visibility');
    }
  });

  it('opens a key of the report in the key editor', async () => {
    const link = report().locator('button.key-link').first();
    const name = await link.innerText();
    await link.click();
    await wb.page.locator('.tabs-container .tab', { hasText: name }).first().waitFor({ state: 'visible', timeout: 15_000 });
    await wb.runCommand('View: Close Editor');
    await report().locator('.report-header').waitFor({ state: 'visible', timeout: 15_000 });
  });

  it('exports the report as Markdown', async () => {
    await report().getByRole('button', { name: 'Export as Markdown' }).click();
    const editor = wb.page.locator('.editor-instance .view-lines', { hasText: /Keyspace\s+health/ }).first();
    await editor.waitFor({ state: 'visible', timeout: 15_000 });
    await wb.page.waitForTimeout(1000);
    const tabs = await wb.page.locator('.tabs-container .tab', { hasText: 'Keyspace health:' }).allInnerTexts();
    await wb.screenshot('health-06-markdown-export');
    assert.equal(tabs.length, 1, `one editor with the export: ${tabs.join(' | ')}`);
    await wb.runCommand('View: Close All Editors');
    // The export is an unsaved untitled document: VS Code asks before closing it.
    const dialog = wb.page.locator('.monaco-dialog-box');
    await dialog
      .waitFor({ state: 'visible', timeout: 5_000 })
      .then(() => dialog.getByRole('button', { name: "Don't Save" }).click())
      .catch(() => undefined);
  });
});
