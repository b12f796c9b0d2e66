/**
 * CPU profiles of one phase of a bench, taken in-process through the inspector so they cover just
 * that phase. Files are the same .cpuprofile format `node --cpu-prof` writes (open them in Chrome
 * DevTools > Performance, or VS Code); `topSelfTime` prints where the time went.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, relative } from 'node:path';

/** Runs `fn` under the sampling profiler and writes <dir>/<name>.cpuprofile; resolves with the profile. */
export async function profile(dir, name, fn) {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    await fn();
    const { profile: p } = await session.post('Profiler.stop');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${name}.cpuprofile`);
    writeFileSync(file, JSON.stringify(p));
    return { profile: p, file };
  } finally {
    session.disconnect();
  }
}

/** Self time per function (name + file:line), largest first, as rows of { ms, pct, fn }. */
export function topSelfTime(p, limit = 15, root = process.cwd()) {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = p.timeDeltas;
  let total = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const node = byId.get(p.samples[i]);
    const dt = (deltas[i] ?? 0) / 1000;
    total += dt;
    const cf = node.callFrame;
    const where = cf.url ? `${relative(root, cf.url.replace(/^file:\/\//, ''))}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'}${where ? ` ${where}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  }
  return [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([fn, ms]) => ({ ms: Math.round(ms), pct: Math.round((1000 * ms) / total) / 10, fn }));
}
