/**
 * Playwright helpers for the UI tier: drive the real VS Code workbench (code-server, started by
 * scripts/lib/run-ui.mjs WITHOUT the smoke-test driver so notification toasts show) in headless
 * chromium, the way a person would.
 *
 * One browser page serves the whole suite (`workbench()`); hooks.ts closes it at the end.
 * Environment set by run-ui.mjs:
 *   REDIS_DEVKIT_CODE_SERVER_URL   http://127.0.0.1:<port>
 *   REDIS_DEVKIT_UI_WORKSPACE      folder the workbench opens
 *   REDIS_DEVKIT_UI_ARTIFACTS      where screenshots go (default test-results/ui)
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { ServerSet } from '../harness/servers';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * The Redis container's tab in the activity bar (its title is "Redis"). VS Code 1.139 puts the
 * aria-label on the tab's inner `a.action-label`, older builds on the tab itself: match either.
 */
export const REDIS_TAB = ['[role="tab"][aria-label^="Redis"]', '[role="tab"]:has(> .action-label[aria-label^="Redis"])']
  .map((s) => `.part.activitybar ${s}`)
  .join(', ');
const QUICK_INPUT = '.quick-input-widget';
const QUICK_INPUT_BOX = '.quick-input-widget .quick-input-box input';

function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the UI tier through scripts/test.mjs (npm run test:ui)`);
  return value;
}

export function artifactsDir(): string {
  return process.env.REDIS_DEVKIT_UI_ARTIFACTS ?? path.join(repoRoot, 'test-results', 'ui');
}

interface BrowserHandle {
  context: BrowserContext;
  page: Page;
  close(): Promise<void>;
}

export class Workbench {
  constructor(
    readonly page: Page,
    private readonly browser: BrowserHandle,
  ) {}

  /** Loads (or reloads) the workbench on the UI workspace and waits until it is usable. */
  async load(): Promise<void> {
    const url = `${env('REDIS_DEVKIT_CODE_SERVER_URL')}/?folder=${encodeURIComponent(env('REDIS_DEVKIT_UI_WORKSPACE'))}`;
    await this.page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60_000 });
    await this.page.locator('.monaco-workbench .part.activitybar').waitFor({ state: 'visible', timeout: 60_000 });
    // The container's tab appears once the extension's contributions are registered.
    await this.page.locator(REDIS_TAB).waitFor({ state: 'visible', timeout: 60_000 });
  }

  /** Opens the Redis activity-bar container (idempotent: clicking an active tab would close it). */
  async openRedisContainer(): Promise<Locator> {
    const tab = this.page.locator(REDIS_TAB);
    if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
    await expectAttribute(tab, 'aria-selected', 'true');
    const sidebar = this.page.locator('.part.sidebar');
    await sidebar.waitFor({ state: 'visible' });
    return sidebar;
  }

  /** The pane of a view in the side bar, by its title ("Connections"). */
  view(title: string): Locator {
    return this.page.locator('.part.sidebar .pane').filter({ has: this.page.locator('.pane-header', { hasText: title }) });
  }

  /** Closes whatever quick input is open (Escape) and waits until it is gone. */
  async closeQuickInput(): Promise<void> {
    const widget = this.page.locator(QUICK_INPUT);
    for (let i = 0; i < 3 && (await widget.isVisible()); i++) {
      await this.page.keyboard.press('Escape');
      await widget.waitFor({ state: 'hidden', timeout: 2_000 }).catch(() => undefined);
    }
  }

  /**
   * Opens the command palette. Keybindings are not live right after load, so: click an empty spot
   * of the status bar, press F1, and retry until the quick input shows with its '>' prefix (so it
   * is the palette, not a leftover prompt that is still fading out).
   */
  async openCommandPalette(timeoutMs = 30_000): Promise<Locator> {
    await this.closeQuickInput();
    const input = this.page.locator(QUICK_INPUT_BOX);
    const statusBar = this.page.locator('.part.statusbar');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // The middle of the status bar: the left and right ends hold clickable items.
      const box = await statusBar.boundingBox();
      if (box) await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
      await this.page.keyboard.press('F1');
      try {
        await input.waitFor({ state: 'visible', timeout: 2_000 });
        await waitUntil(async () => (await input.inputValue()).startsWith('>'), 2_000, 'the palette prefix ">"');
        return input;
      } catch {
        if (Date.now() > deadline) throw new Error(`the command palette did not open within ${timeoutMs / 1000} s`);
        await this.closeQuickInput();
      }
    }
  }

  /**
   * Runs a command from the palette by its label as shown there ("Redis: Add Connection…"), with
   * retries: the command list fills in asynchronously after the palette opens.
   */
  async runCommand(label: string, timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (let attempt = 1; ; attempt++) {
      const input = await this.openCommandPalette(Math.max(deadline - Date.now(), 5_000));
      await input.fill(`>${label}`);
      const row = this.quickPickRow(label);
      try {
        await row.first().waitFor({ state: 'visible', timeout: 5_000 });
        await row.first().click();
        await this.page.locator(QUICK_INPUT).waitFor({ state: 'hidden', timeout: 5_000 }).catch(() => undefined);
        return;
      } catch (err) {
        await this.closeQuickInput();
        if (Date.now() > deadline) throw new Error(`command "${label}" not found in the palette after ${attempt} attempts: ${String(err)}`);
      }
    }
  }

  /** A row of the open quick pick whose label contains `text`. */
  quickPickRow(text: string): Locator {
    return this.page.locator(`${QUICK_INPUT} .monaco-list-row`, { hasText: text });
  }

  /** Waits for the quick input (a prompt or a pick) and returns its text box. */
  async quickInput(timeoutMs = 10_000): Promise<Locator> {
    const input = this.page.locator(QUICK_INPUT_BOX);
    await input.waitFor({ state: 'visible', timeout: timeoutMs });
    return input;
  }

  /** The quick input's title/prompt/message text, for asserting which step is showing. */
  async quickInputText(): Promise<string> {
    return (await this.page.locator(QUICK_INPUT).innerText()).trim();
  }

  /** Types into the open quick input (replacing what is there) and, by default, presses Enter. */
  async typeInQuickInput(text: string, { submit = true }: { submit?: boolean } = {}): Promise<void> {
    const input = await this.quickInput();
    await input.fill(text);
    if (submit) await input.press('Enter');
  }

  /** Picks the quick-pick row whose label contains `text`. */
  async pickQuickPickItem(text: string, timeoutMs = 10_000): Promise<void> {
    const row = this.quickPickRow(text).first();
    await row.waitFor({ state: 'visible', timeout: timeoutMs });
    await row.click();
  }

  /** Tree rows (of any tree in the side bar, or in `within`) whose text contains `text`. */
  treeRow(text: string | RegExp, within?: Locator): Locator {
    return (within ?? this.page.locator('.part.sidebar')).locator('.monaco-list-row', { hasText: text });
  }

  /** The notification toasts currently shown. */
  toasts(): Locator {
    return this.page.locator('.notifications-toasts .notification-toast');
  }

  /** Texts of the notification toasts currently shown. */
  async readToasts(): Promise<string[]> {
    return (await this.toasts().allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  }

  /** Waits for a toast containing `text` and returns it. */
  async waitForToast(text: string | RegExp, timeoutMs = 15_000): Promise<Locator> {
    const toast = this.toasts().filter({ hasText: text }).first();
    await toast.waitFor({ state: 'visible', timeout: timeoutMs });
    return toast;
  }

  /** The open quick input's placeholder (a quick pick's question), '' when none. */
  async quickInputPlaceholder(): Promise<string> {
    return (await this.page.locator(QUICK_INPUT_BOX).getAttribute('placeholder')) ?? '';
  }

  /** Runs a context-menu action on a row (Monaco menus act on Enter for the hovered item). */
  async contextMenu(row: Locator, action: string): Promise<void> {
    await row.click({ button: 'right' });
    const item = this.page.getByRole('menuitem', { name: action });
    await item.hover();
    await this.page.keyboard.press('Enter');
  }

  /** Adds a connection by pasting its URL into the Add Connection input, and waits until it shows connected. */
  async addConnectionByUrl(url: string, name: string): Promise<void> {
    await this.openRedisContainer();
    await this.runCommand('Redis: Add Connection…');
    await waitUntil(async () => /Paste a redis:\/\//.test(await this.quickInputText()), 10_000, 'the URL step');
    await this.typeInQuickInput(url);
    await waitUntil(async () => /Connection name/.test(await this.quickInputText()), 10_000, 'the name step');
    await this.typeInQuickInput(name);
    await waitUntil(async () => /Options/.test(await this.quickInputPlaceholder()), 10_000, 'the options step');
    await this.page.keyboard.press('Enter');
    const row = this.treeRow(name, this.view('Connections')).first();
    await waitUntil(async () => /connected/.test(await row.innerText()), 15_000, `${name} connected`);
  }

  /** Removes a connection the way a person does: context menu, then Remove in the dialog. */
  async removeConnection(name: string): Promise<void> {
    const row = this.treeRow(name, this.view('Connections')).first();
    await this.contextMenu(row, 'Remove Connection');
    const dialog = this.page.locator('.monaco-dialog-box');
    await dialog.waitFor({ state: 'visible', timeout: 10_000 });
    await dialog.getByRole('button', { name: 'Remove' }).click();
    await row.waitFor({ state: 'detached', timeout: 10_000 });
  }

  /** Saves a full-window PNG as <artifacts>/<name>.png and returns its path. */
  async screenshot(name: string): Promise<string> {
    const file = path.join(artifactsDir(), `${name.replace(/[^\w.-]+/g, '-')}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    await this.page.screenshot({ path: file });
    return file;
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

/** Polls `condition` every 100 ms until it holds; throws naming `what` after `timeoutMs`. */
export async function waitUntil(condition: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function expectAttribute(locator: Locator, name: string, value: string, timeoutMs = 10_000): Promise<void> {
  await waitUntil(async () => (await locator.getAttribute(name)) === value, timeoutMs, `${name}="${value}"`);
}

let shared: Promise<Workbench> | undefined;

/** The suite's one workbench page, opened and loaded on first use. */
export function workbench(): Promise<Workbench> {
  shared ??= (async () => {
    // The browser launch lives with the code-server launch in scripts/lib (plain ESM).
    const hostLib = pathToFileURL(path.join(repoRoot, 'scripts', 'lib', 'vscode-host.mjs')).href;
    const { launchBrowser } = (await import(hostLib)) as { launchBrowser: () => Promise<BrowserHandle> };
    const browser = await launchBrowser();
    const wb = new Workbench(browser.page, browser);
    try {
      await wb.load();
    } catch (err) {
      await wb.screenshot('workbench-load-failed').catch(() => undefined);
      await browser.close();
      throw err;
    }
    return wb;
  })();
  return shared;
}

/** Closes the shared workbench page and its browser (root afterAll hook). */
export async function closeWorkbench(): Promise<void> {
  const current = shared;
  shared = undefined;
  if (current) await (await current.catch(() => undefined))?.close();
}

/** The harness's Redis servers for this run (REDIS_DEVKIT_SERVERS, set by scripts/lib/run-ui.mjs). */
export function servers(): ServerSet {
  const file = process.env.REDIS_DEVKIT_SERVERS;
  if (!file) throw new Error('REDIS_DEVKIT_SERVERS is not set: run the UI tier through npm test');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as ServerSet;
}
