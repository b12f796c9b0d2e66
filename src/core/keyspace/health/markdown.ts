/**
 * The health report as a Markdown document (the "Export as Markdown" action): the same sections as
 * the webview, with key names escaped so any bytes read as plain text.
 */
import { formatBytes, formatCount, formatDuration, formatMicros, formatPct } from './format';
import { HealthReport, KeyStat } from './types';

/** Escapes Markdown syntax (and HTML) in untrusted text such as key names; safe inside table cells. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~#&]/g, (c) => `\\${c}`);
}

/** Renders `report` as Markdown under a heading naming `target` (e.g. "cache-prod · db 0"). */
export function healthReportMarkdown(report: HealthReport, target: string): string {
  const out: string[] = [];
  const line = (s = '') => out.push(s);
  const table = (head: string[], rows: string[][]) => {
    line(`| ${head.join(' | ')} |`);
    line(`| ${head.map((h) => (/^(Keys|No TTL|%|Memory|Length|TTL|Duration|Share)/.test(h) ? '---:' : '---')).join(' | ')} |`);
    for (const r of rows) line(`| ${r.join(' | ')} |`);
    line();
  };
  const estimate = !report.exact;

  line(`# Keyspace health: ${escapeMarkdown(target)}`);
  line();
  line(
    `${report.mode === 'full' ? 'Full scan' : 'Sample'} of ${formatCount(report.analyzed)} of ${formatCount(report.totalKeys)} keys` +
      `${report.cluster ? ` on ${report.nodes.length} masters` : ''}, ${report.startedAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}, took ${formatDuration(report.durationMs)}.` +
      (estimate ? ' Counts are from the sample; percentages estimate the whole keyspace.' : '') +
      (report.denied ? ` ${formatCount(report.denied)} keys outside the ACL user's key patterns are left out.` : ''),
  );
  line();

  line('## Summary');
  line();
  const { expiry } = report;
  // A sample states what it saw and what that suggests for the whole keyspace.
  const count = (seen: number, estimated: number) => (estimate ? `${formatCount(seen)} sampled, ≈ ${formatCount(estimated)} in all` : formatCount(seen));
  table(
    ['Measure', 'Value'],
    [
      ['Keys (INFO keyspace)', formatCount(report.totalKeys)],
      ['Keys analysed', formatCount(report.analyzed)],
      ['Without TTL', `${count(expiry.noTtl, expiry.estimated.noTtl)} (${formatPct(pct(expiry.noTtl, report.analyzed))})`],
      ['Expiring within 1 h', count(expiry.within1h, expiry.estimated.within1h)],
      ['Expiring within 24 h', count(expiry.within24h, expiry.estimated.within24h)],
      ['Memory of analysed keys', formatBytes(report.analyzedMemory)],
      ['Cached Lua scripts', report.server.cachedScripts === undefined ? 'n/a' : formatCount(report.server.cachedScripts)],
    ],
  );

  line('## Namespaces (most keys without TTL first)');
  line();
  const nsRows = report.namespaces.slice(0, 50).map((n) => [
    escapeMarkdown(n.display),
    String(n.depth),
    formatCount(n.keys),
    ...(estimate ? [`≈ ${formatCount(n.estimatedKeys)}`] : []),
    formatCount(n.noTtl),
    formatPct(n.noTtlPct),
    formatBytes(n.memory),
  ]);
  if (report.rootKeys.keys) {
    nsRows.push(['(no namespace)', '-', formatCount(report.rootKeys.keys), ...(estimate ? [''] : []), formatCount(report.rootKeys.noTtl), formatPct(report.rootKeys.noTtlPct), '']);
  }
  table(['Prefix', 'Level', estimate ? 'Keys (sampled)' : 'Keys', ...(estimate ? ['Keys (estimated)'] : []), 'No TTL', '% no TTL', 'Memory'], nsRows);
  if (report.namespaces.length > 50) line(`… and ${report.namespaces.length - 50} more namespaces.\n`);

  line('## Types');
  line();
  table(['Type', 'Keys', 'Share', 'Memory'], report.types.map((t) => [escapeMarkdown(t.type), count(t.keys, t.estimatedKeys), formatPct(t.pct), formatBytes(t.memory)]));

  line('## Biggest keys by memory');
  line();
  table(['Key', 'Type', 'Memory', 'Length', 'TTL'], report.biggestByMemory.map(keyRow));
  line('## Biggest keys by length');
  line();
  table(['Key', 'Type', 'Length', 'Memory', 'TTL'], report.biggestByLength.map((k) => { const [key, type, memory, length, ttl] = keyRow(k); return [key, type, length, memory, ttl]; }));

  line('## Expiring soon');
  line();
  if (expiry.soonest.length) table(['Key', 'Type', 'TTL'], expiry.soonest.map((k) => [escapeMarkdown(k.display), k.type, ttl(k)]));
  else line('No analysed key has a TTL.\n');

  line('## Server signals');
  line();
  if (report.nodes.length > 1) {
    table(
      ['Node', 'Keys', 'Expires', 'Analysed', 'Memory', 'Cached scripts'],
      report.nodes.map((n) => [n.node, formatCount(n.keys), formatCount(n.expires), formatCount(n.analyzed), n.usedMemory === undefined ? '' : formatBytes(n.usedMemory), n.cachedScripts === undefined ? '' : String(n.cachedScripts)]),
    );
  }
  line('### MEMORY DOCTOR');
  line();
  line(report.server.memoryDoctor === undefined ? 'Not available.' : fence(report.server.memoryDoctor));
  line();
  line('### SLOWLOG (slowest first)');
  line();
  if (report.server.slowlog.length) {
    table(
      ['Duration', 'When', 'Command', 'Client', 'Node'],
      report.server.slowlog.map((e) => [
        formatMicros(e.durationUs),
        new Date(e.timestamp * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC'),
        escapeMarkdown(e.args.join(' ')),
        escapeMarkdown([e.clientName, e.client].filter(Boolean).join(' ')),
        e.node,
      ]),
    );
  } else {
    line('The slow log is empty.\n');
  }
  for (const u of report.server.unavailable) line(`- ${u.signal} unavailable: ${escapeMarkdown(u.reason)}`);
  return `${out.join('\n').trimEnd()}\n`;
}

function keyRow(k: KeyStat): string[] {
  return [escapeMarkdown(k.display), k.type, k.memory === undefined ? '' : formatBytes(k.memory), k.length === undefined ? '' : formatCount(k.length), ttl(k)];
}

function ttl(k: KeyStat): string {
  return k.ttlMs === undefined ? 'none' : formatDuration(k.ttlMs);
}

function pct(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}

/** A fenced block long enough that no run of backticks inside can close it. */
function fence(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length));
  const f = '`'.repeat(longest + 1);
  return `${f}text\n${text.trim()}\n${f}`;
}
