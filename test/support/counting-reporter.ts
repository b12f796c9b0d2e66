/**
 * Mocha reporter used by every tier: prints like `spec` and, when REDIS_DEVKIT_RESULTS names a file,
 * writes `{"tier", "passed", "failed", "failures": [...]}` there so scripts/test.mjs can add the tiers
 * up into one closing `N passed, N failed` line.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

interface TierResult {
  tier: string;
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
}

class CountingReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    const result: TierResult = { tier: process.env.REDIS_DEVKIT_TIER ?? 'unknown', passed: 0, failed: 0, failures: [] };
    runner.on(Mocha.Runner.constants.EVENT_TEST_PASS, () => {
      result.passed++;
    });
    runner.on(Mocha.Runner.constants.EVENT_TEST_FAIL, (test: Mocha.Test, err: Error) => {
      result.failed++;
      result.failures.push({ title: test.fullTitle(), error: String(err?.stack ?? err) });
    });
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.REDIS_DEVKIT_RESULTS;
      if (!file) return;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, JSON.stringify(result, null, 2));
    });
  }
}

export = CountingReporter;
