/**
 * Entry point VS Code loads as `extensionTestsPath`: runs every out/test/integration/**\/*.test.js
 * with mocha inside the real extension host (code-server in CI via scripts/lib/run-integration.mjs,
 * desktop VS Code via scripts/test-desktop.mjs) and rejects when a test fails, which makes the host
 * exit non-zero.
 *
 * The runner scripts pass REDIS_DEVKIT_RESULTS (the counting reporter's results file) and
 * REDIS_DEVKIT_SERVERS (the Redis harness servers) through the environment: code-server and
 * desktop VS Code both hand it on to the extension host (checked on code-server 4.139.1).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as util from 'node:util';
// Default imports: mocha 12 is an ES module whose default export is the Mocha class (require()
// yields its namespace); the reporter is `export =`, which esModuleInterop wraps the same way.
import Mocha from 'mocha';
import CountingReporter from '../support/counting-reporter';

function testFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.js'))
    .sort()
    .map((f) => path.join(dir, f));
}

export function run(): Promise<void> {
  process.env.REDIS_DEVKIT_TIER = 'integration';
  // The web workbench relays each console.log call's raw arguments, so printf-style reporter
  // output ('%s%s', title) would arrive unformatted: format it here, one string per line.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) => console.log(util.format(...args));
  const color = process.env.REDIS_DEVKIT_COLOR !== undefined ? process.env.REDIS_DEVKIT_COLOR === '1' : true;
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color, reporter: CountingReporter });
  for (const f of testFiles(__dirname)) mocha.addFile(f);
  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => {
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
