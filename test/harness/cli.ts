/**
 * Command-line front end of the server harness, used by scripts/test.mjs:
 *
 *   node out/test/harness/cli.js start --out <file.json> [--kinds standalone,acl,tls,cluster,sentinel]
 *     starts the servers (daemonized, they stay up), writes the ServerSet JSON to <file.json>, exits 0.
 *   node out/test/harness/cli.js stop --from <file.json>
 *     stops every server of that set and removes its directory.
 *
 * Exit code 1 with the reason on stderr when anything fails; 2 on bad usage.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_KINDS, ServerKind, ServerSet, startServers, stopServers } from './servers';

const USAGE = `usage:
  cli.js start --out <file.json> [--kinds ${ALL_KINDS.join(',')}]
  cli.js stop --from <file.json>`;

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const value = args[i + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  return value;
}

function parseKinds(value: string | undefined): ServerKind[] {
  if (value === undefined) return [...ALL_KINDS];
  const kinds = value.split(',').map((k) => k.trim()).filter(Boolean);
  const unknown = kinds.filter((k) => !(ALL_KINDS as readonly string[]).includes(k));
  if (unknown.length || !kinds.length) throw new UsageError(`--kinds: unknown kind(s) ${unknown.join(', ') || '(none given)'}`);
  return kinds as ServerKind[];
}

async function start(args: string[]): Promise<void> {
  const out = option(args, '--out');
  if (!out) throw new UsageError('start needs --out <file.json>');
  const kinds = parseKinds(option(args, '--kinds'));
  const began = Date.now();
  const set = await startServers(kinds);
  try {
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    const tmp = `${out}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, JSON.stringify(set, null, 2) + '\n');
    fs.renameSync(tmp, out); // readers never see a half-written file
  } catch (err) {
    await stopServers(set);
    throw err;
  }
  console.log(`redis harness: started ${kinds.join(', ')} in ${Date.now() - began} ms (${set.dir}); set written to ${out}`);
}

async function stop(args: string[]): Promise<void> {
  const from = option(args, '--from');
  if (!from) throw new UsageError('stop needs --from <file.json>');
  const set = JSON.parse(fs.readFileSync(from, 'utf8')) as ServerSet;
  await stopServers(set);
  console.log(`redis harness: stopped servers of ${from} and removed ${set.dir}`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  try {
    if (command === 'start') await start(args);
    else if (command === 'stop') await stop(args);
    else throw new UsageError(command ? `unknown command ${command}` : 'no command given');
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`${err.message}\n${USAGE}`);
      return 2;
    }
    console.error(`redis harness: ${command} failed: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

// Exit explicitly: the daemonized servers are not our children, nothing here should keep us alive.
void main(process.argv.slice(2)).then((code) => process.exit(code));
