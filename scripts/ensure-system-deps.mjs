#!/usr/bin/env node
/**
 * Makes sure the Debian packages the tests need are installed, installing the missing ones with
 * apt-get. Plain Node, no dependencies, so it can run before `npm ci`.
 *
 *   node scripts/ensure-system-deps.mjs            # checks (and installs) everything
 *   import { ensureSystemDeps } from './ensure-system-deps.mjs';
 *   await ensureSystemDeps(['redis-server', 'openssl']);
 *
 * Prints one line saying what it did. Exits non-zero with the reason when apt-get fails.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** What to check, and the Debian package that provides it. */
const DEPS = [
  { name: 'redis-server', command: 'redis-server', pkg: 'redis-server' },
  { name: 'redis-cli', command: 'redis-cli', pkg: 'redis-tools' },
  { name: 'redis-sentinel', command: 'redis-sentinel', pkg: 'redis-sentinel' },
  { name: 'openssl', command: 'openssl', pkg: 'openssl' },
  { name: 'chromium', command: 'chromium', pkg: 'chromium' },
  // headers for code-server's native modules (gssapi/gssapi.h); no command to look for
  { name: 'libkrb5-dev', dpkg: 'libkrb5-dev', pkg: 'libkrb5-dev' },
  { name: 'pkg-config', dpkg: 'pkg-config', pkg: 'pkg-config' },
];

export const ALL_SYSTEM_DEPS = DEPS.map((d) => d.name);

function onPath(command) {
  // /usr/sbin and /sbin too: some images leave them off a non-root PATH
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter), '/usr/sbin', '/sbin'];
  return dirs.some((dir) => {
    if (!dir) return false;
    try {
      accessSync(path.join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function dpkgInstalled(pkg) {
  // `dpkg -s` also exits 0 for removed packages whose config files remain: read the Status line
  const r = spawnSync('dpkg', ['-s', pkg], { encoding: 'utf8' });
  return !r.error && r.status === 0 && /^Status: install ok installed$/m.test(r.stdout);
}

function isPresent(dep) {
  return dep.command ? onPath(dep.command) : dpkgInstalled(dep.dpkg);
}

function lookUp(names) {
  return names.map((n) => {
    const dep = DEPS.find((d) => d.name === n || d.pkg === n);
    if (!dep) throw new Error(`ensureSystemDeps: unknown dependency "${n}" (known: ${ALL_SYSTEM_DEPS.join(', ')})`);
    return dep;
  });
}

/** Runs apt-get (through `sudo -n` when not root), inheriting output only on failure. */
function aptGet(args) {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  const [cmd, argv] = root ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]];
  const r = spawnSync(cmd, argv, {
    encoding: 'utf8',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error || r.status !== 0) {
    const why = r.error ? r.error.message : `exit code ${r.status}`;
    const tail = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
    throw new Error(`\`${[cmd, ...argv].join(' ')}\` failed (${why})${root ? '' : ' - run as root, or allow passwordless sudo'}\n${tail}`);
  }
}

/**
 * Checks the given dependencies (default: all) and installs the missing ones with one
 * `apt-get update` and one `apt-get install -y`. Resolves with what was present and what was
 * installed; rejects when apt-get fails or a package is still missing afterwards.
 */
export async function ensureSystemDeps(names = ALL_SYSTEM_DEPS, { log = console.log } = {}) {
  const deps = lookUp(names);
  const missing = deps.filter((d) => !isPresent(d));
  if (missing.length === 0) {
    log(`system deps: all present (${deps.map((d) => d.name).join(', ')})`);
    return { present: deps.map((d) => d.name), installed: [] };
  }
  const pkgs = [...new Set(missing.map((d) => d.pkg))];
  if (process.platform !== 'linux' || !onPath('apt-get')) {
    throw new Error(`system deps missing: ${missing.map((d) => d.name).join(', ')}; no apt-get here, install Debian packages ${pkgs.join(' ')} (or their equivalents) by hand`);
  }
  aptGet(['update']);
  aptGet(['install', '-y', ...pkgs]);
  const still = missing.filter((d) => !isPresent(d));
  if (still.length) throw new Error(`system deps: apt-get install succeeded but ${still.map((d) => d.name).join(', ')} still missing`);
  log(`system deps: installed ${pkgs.join(' ')} with apt-get (already present: ${deps.filter((d) => !missing.includes(d)).map((d) => d.name).join(', ') || 'none'})`);
  return { present: deps.filter((d) => !missing.includes(d)).map((d) => d.name), installed: pkgs };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const names = process.argv.slice(2);
  ensureSystemDeps(names.length ? names : undefined).catch((err) => {
    console.error(`ensure-system-deps: ${err.message}`);
    process.exit(1);
  });
}
