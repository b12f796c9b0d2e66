/**
 * The linter is part of the suite: typescript-eslint over the whole tree, including the rule that
 * keeps `vscode` out of src/core/ (core must run in plain Node: unit tests, the lint CLI).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ESLint } from 'eslint';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

describe('lint', function () {
  this.timeout(120_000);

  it('finds no problems in src, test and scripts', async () => {
    const eslint = new ESLint({ cwd: repoRoot });
    const results = await eslint.lintFiles(['src', 'test', 'scripts']);
    const problems = results.flatMap((r) => r.messages.map((m) => `${path.relative(repoRoot, r.filePath)}:${m.line}: ${m.message} (${m.ruleId})`));
    assert.deepEqual(problems, []);
  });

  it('rejects a vscode import under src/core', async () => {
    // A file that is not in the tree: lintText with a path under src/core applies that folder's rules.
    const eslint = new ESLint({ cwd: repoRoot });
    const [result] = await eslint.lintText("import * as vscode from 'vscode';\nexport const x = vscode;\n", { filePath: path.join(repoRoot, 'src', 'core', 'probe.ts') });
    assert.ok(result.messages.some((m) => m.ruleId === 'no-restricted-imports' && /src\/core must not import vscode/.test(m.message)), JSON.stringify(result.messages));
    const [outside] = await eslint.lintText("import * as vscode from 'vscode';\nexport const x = vscode;\n", { filePath: path.join(repoRoot, 'src', 'host', 'probe.ts') });
    assert.ok(!outside.messages.some((m) => m.ruleId === 'no-restricted-imports'), 'allowed outside core');
  });

  it('type-checks the webview code (browser target, DOM types)', () => {
    // The root tsconfig (node target) excludes src/webview; esbuild bundles it without checking types.
    const tsc = path.join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const r = spawnSync(process.execPath, [tsc, '-p', path.join(repoRoot, 'src', 'webview'), '--noEmit'], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stdout + r.stderr);
  });
});
