// Builds the extension host bundle (node, cjs, `vscode` external) and one browser bundle per
// webview under src/webview/<view>/main.ts. `--watch` rebuilds on change; `--production` minifies.
import * as esbuild from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production') || process.env.NODE_ENV === 'production';

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'info' };

const extension = {
  ...common,
  entryPoints: { extension: 'src/extension.ts' },
  outdir: 'dist',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
};

const cli = {
  ...common,
  entryPoints: Object.fromEntries(
    (existsSync('src/cli') ? readdirSync('src/cli') : [])
      .filter((f) => f.endsWith('.ts'))
      .map((f) => [f.replace(/\.ts$/, ''), join('src/cli', f)]),
  ),
  outdir: 'dist/cli',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  banner: { js: '#!/usr/bin/env node' },
};

const webviewDir = 'src/webview';
const webviewEntries = Object.fromEntries(
  (existsSync(webviewDir) ? readdirSync(webviewDir, { withFileTypes: true }) : [])
    .filter((d) => d.isDirectory() && existsSync(join(webviewDir, d.name, 'main.ts')))
    .map((d) => [d.name, join(webviewDir, d.name, 'main.ts')]),
);
const webviews = {
  ...common,
  entryPoints: webviewEntries,
  outdir: 'dist/webview',
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
};

const configs = [extension];
if (Object.keys(cli.entryPoints).length) configs.push(cli);
if (Object.keys(webviewEntries).length) configs.push(webviews);

if (watch) {
  for (const c of configs) await (await esbuild.context(c)).watch();
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
}
