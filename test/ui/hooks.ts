/**
 * Root hooks for the UI tier (loaded with `--require out/test/ui/hooks.js`): a screenshot of every
 * failed test, and the shared browser closed once at the end.
 */
import type { Context } from 'mocha';
import { closeWorkbench, workbench } from './workbench';

export const mochaHooks = {
  async afterEach(this: Context): Promise<void> {
    const test = this.currentTest;
    if (test?.state !== 'failed') return;
    try {
      const file = await (await workbench()).screenshot(`FAILED ${test.fullTitle()}`);
      console.log(`      screenshot of the failure: ${file}`);
    } catch {
      // The workbench itself failed to open; its loader already saved what it could.
    }
  },
  async afterAll(): Promise<void> {
    await closeWorkbench();
  },
};
