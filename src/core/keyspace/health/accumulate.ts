/**
 * Folds key metadata into the report's aggregates with bounded memory: counters per type and
 * namespace, expiry buckets, and top-N lists that build a KeyStat only for keys that make the list.
 */
import { displayKey } from '../keyName';
import { KeyMeta } from './metadata';
import { NamespaceTally, percent } from './namespaces';
import { ExpiryStats, KeyStat, NamespaceStat, TypeStat } from './types';

const HOUR_MS = 3_600_000;
type ExpiryBucket = 'withTtl' | 'noTtl' | 'within1h' | 'within24h';
const DAY_MS = 24 * HOUR_MS;

/** The `n` entries with the highest score seen so far. */
export class TopList<T> {
  private entries: { score: number; value: T }[] = [];
  private floor = -Infinity;

  constructor(private readonly n: number) {}

  /** `make` runs only when the entry makes the list. */
  offer(score: number, make: () => T): void {
    if (this.n <= 0) return;
    if (this.entries.length >= this.n && score <= this.floor) return;
    this.entries.push({ score, value: make() });
    if (this.entries.length >= this.n * 2) this.trim();
  }

  values(): T[] {
    this.trim();
    return this.entries.map((e) => e.value);
  }

  private trim(): void {
    // Stable sort: on equal scores the earlier entry stays ahead.
    this.entries.sort((a, b) => b.score - a.score);
    this.entries.length = Math.min(this.entries.length, this.n);
    if (this.entries.length >= this.n) this.floor = this.entries[this.entries.length - 1].score;
  }
}

export class HealthAccumulator {
  analyzed = 0;
  vanished = 0;
  /** Keys the ACL user may not read. */
  denied = 0;
  memory = 0;
  private readonly namespaces: NamespaceTally;
  private readonly types = new Map<string, { keys: number; memory: number; weight: number }>();
  private readonly expiry: Record<ExpiryBucket, number> = { withTtl: 0, noTtl: 0, within1h: 0, within24h: 0 };
  /** The expiry counts weighted by how many keyspace keys each analysed key stands for. */
  private readonly weighted: Record<ExpiryBucket, number> = { withTtl: 0, noTtl: 0, within1h: 0, within24h: 0 };
  private readonly byMemory: TopList<KeyStat>;
  private readonly byLength: TopList<KeyStat>;
  private readonly soonest: TopList<KeyStat>;

  constructor(delimiters: readonly string[], maxNamespaces: number, topN: number) {
    this.namespaces = new NamespaceTally(delimiters, maxNamespaces);
    this.byMemory = new TopList(topN);
    this.byLength = new TopList(topN);
    this.soonest = new TopList(topN);
  }

  /** Adds one batch read on `node`; `weight` is how many keyspace keys each analysed key stands for. */
  add(metas: KeyMeta[], node: string, weight: number): void {
    for (const m of metas) {
      if (m.denied) {
        this.denied++;
        continue;
      }
      if (m.type === 'none' || m.pttl === -2) {
        this.vanished++;
        continue;
      }
      this.analyzed++;
      const hasTtl = m.pttl >= 0;
      const memory = m.memory ?? 0;
      this.memory += memory;
      const t = this.types.get(m.type) ?? { keys: 0, memory: 0, weight: 0 };
      t.keys++;
      t.memory += memory;
      t.weight += weight;
      this.types.set(m.type, t);
      this.namespaces.add(m.key, hasTtl, memory, weight);
      const bucket = (name: ExpiryBucket) => {
        this.expiry[name]++;
        this.weighted[name] += weight;
      };
      if (hasTtl) {
        bucket('withTtl');
        if (m.pttl < DAY_MS) bucket('within24h');
        if (m.pttl < HOUR_MS) bucket('within1h');
        this.soonest.offer(-m.pttl, () => keyStat(m, node));
      } else {
        bucket('noTtl');
      }
      if (m.memory !== undefined) this.byMemory.offer(m.memory, () => keyStat(m, node));
      if (m.length !== undefined) this.byLength.offer(m.length, () => keyStat(m, node));
    }
  }

  typeStats(): TypeStat[] {
    return [...this.types.entries()]
      .map(([type, t]) => ({ type, keys: t.keys, estimatedKeys: Math.round(t.weight), memory: t.memory, pct: percent(t.keys, this.analyzed) }))
      .sort((a, b) => b.keys - a.keys || (a.type < b.type ? -1 : 1));
  }

  namespaceStats(limit: number): { namespaces: NamespaceStat[]; rootKeys: { keys: number; noTtl: number; noTtlPct: number }; untracked: number } {
    const ns = this.namespaces;
    return {
      namespaces: ns.stats(limit),
      rootKeys: { keys: ns.rootKeys, noTtl: ns.rootNoTtl, noTtlPct: percent(ns.rootNoTtl, ns.rootKeys) },
      untracked: ns.untracked,
    };
  }

  expiryStats(): ExpiryStats {
    const w = this.weighted;
    const estimated = { withTtl: Math.round(w.withTtl), noTtl: Math.round(w.noTtl), within1h: Math.round(w.within1h), within24h: Math.round(w.within24h) };
    return { ...this.expiry, estimated, soonest: this.soonest.values() };
  }

  biggestByMemory(): KeyStat[] {
    return this.byMemory.values();
  }

  biggestByLength(): KeyStat[] {
    return this.byLength.values();
  }
}

function keyStat(m: KeyMeta, node: string): KeyStat {
  const stat: KeyStat = { key: m.key, display: displayKey(m.key), type: m.type, node };
  if (m.memory !== undefined) stat.memory = m.memory;
  if (m.length !== undefined) stat.length = m.length;
  if (m.pttl >= 0) stat.ttlMs = m.pttl;
  return stat;
}
