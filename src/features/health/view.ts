/** The core report as the webview receives it: Buffers swapped for tokens, plain JSON only. */
import { HealthReport, KeyStat, keyPrefixes } from '../../core/keyspace/health';
import { keyToken } from '../../core/keyspace/keyName';
import { HealthReportView, KeyView } from '../../webview/protocol/healthReport';

export function toView(report: HealthReport, target: string): HealthReportView {
  return {
    target,
    mode: report.mode,
    exact: report.exact,
    cluster: report.cluster,
    db: report.db,
    delimiters: [...report.delimiters],
    startedAt: report.startedAt,
    durationMs: report.durationMs,
    totalKeys: report.totalKeys,
    analyzed: report.analyzed,
    vanished: report.vanished,
    denied: report.denied,
    analyzedMemory: report.analyzedMemory,
    nodes: report.nodes.map(({ node, keys, expires, analyzed, usedMemory, cachedScripts }) => ({ node, keys, expires, analyzed, usedMemory, cachedScripts })),
    types: report.types.map((t) => ({ ...t })),
    namespaces: report.namespaces.map(({ prefix, display, depth, keys, noTtl, noTtlPct, memory, estimatedKeys }) => ({
      id: prefixId(prefix),
      parentId: depth === 2 ? prefixId(keyPrefixes(Buffer.from(prefix, 'latin1'), report.delimiters)[0] ?? '') : undefined,
      display,
      depth,
      keys,
      noTtl,
      noTtlPct,
      memory,
      estimatedKeys,
    })),
    rootKeys: { ...report.rootKeys },
    untrackedKeys: report.untrackedKeys,
    expiry: { ...report.expiry, estimated: { ...report.expiry.estimated }, soonest: report.expiry.soonest.map(keyView) },
    biggestByMemory: report.biggestByMemory.map(keyView),
    biggestByLength: report.biggestByLength.map(keyView),
    server: { ...report.server, slowlog: report.server.slowlog.map((e) => ({ ...e, args: [...e.args] })), unavailable: [...report.server.unavailable] },
  };
}

const prefixId = (prefix: string) => Buffer.from(prefix, 'latin1').toString('base64');

function keyView(k: KeyStat): KeyView {
  return { token: keyToken(k.key), display: k.display, type: k.type, memory: k.memory, length: k.length, ttlMs: k.ttlMs, node: k.node };
}

/** Every key the report lists, by token: what the panel accepts back from `openKey`. */
export function reportKeys(report: HealthReport): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const k of [...report.biggestByMemory, ...report.biggestByLength, ...report.expiry.soonest]) out.set(keyToken(k.key), k.key);
  return out;
}
