// `npm run package`: production build (minified, no source maps) and redis-devkit-<version>.vsix.
// esbuild bundles every runtime dependency into dist/, so the vsix needs no node_modules
// (--no-dependencies); .vscodeignore lists what goes in.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));

function run(label, args) {
  console.log(`[package] ${label}`);
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`${label} failed (exit ${r.status ?? r.signal})`);
}

/** Builds and packages; returns the absolute path of the vsix. */
export function packageExtension() {
  const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  const vsix = join(repoRoot, `redis-devkit-${version}.vsix`);
  // A dev build leaves source maps in dist/: start clean so none ship.
  rmSync(join(repoRoot, 'dist'), { recursive: true, force: true });
  run('esbuild --production', [join(repoRoot, 'esbuild.mjs'), '--production']);
  const require = createRequire(join(repoRoot, 'package.json'));
  const vscePkg = require.resolve('@vscode/vsce/package.json');
  const vsceBin = join(dirname(vscePkg), JSON.parse(readFileSync(vscePkg, 'utf8')).bin.vsce);
  // stdin ignored and the two --allow/--skip flags: vsce must never stop to ask a question in CI.
  run(`vsce package -> ${vsix}`, [vsceBin, 'package', '--no-dependencies', '--skip-license', '--allow-missing-repository', '--no-rewrite-relative-links', '-o', vsix]);
  console.log(`[package] ${vsix}: ${Math.round(statSync(vsix).size / 1024)} KB`);
  return vsix;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    packageExtension();
  } catch (err) {
    console.error(`[package] ${err.message}`);
    process.exit(1);
  }
}
