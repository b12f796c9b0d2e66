/**
 * Per-namespace tallies for the health report: each key counts towards its top-level prefix and
 * its second-level prefix, split exactly as the key tree's NamespaceIndex splits (latin1 text,
 * earliest delimiter wins, the longest one on a tie), so report prefixes equal tree folder prefixes.
 */
import { displayKey } from '../keyName';
import { NamespaceStat } from './types';

interface Tally {
  prefix: string;
  depth: 1 | 2;
  keys: number;
  noTtl: number;
  memory: number;
  /** Sum of per-key weights (1 in full mode; node keys / sampled keys in sample mode). */
  weight: number;
}

/** The level-1 and level-2 prefixes of a key (latin1, with trailing delimiter); [] for a root key. */
export function keyPrefixes(key: Buffer, delimiters: readonly string[]): string[] {
  return splitPrefixes(key, normalizeDelimiters(delimiters));
}

/** keyPrefixes with delimiters already normalised (the per-key path). */
function splitPrefixes(key: Buffer, delimiters: readonly string[]): string[] {
  const text = key.toString('latin1');
  const out: string[] = [];
  let offset = 0;
  for (let level = 0; level < 2; level++) {
    const hit = nextDelimiter(text, offset, delimiters);
    if (!hit) break;
    offset = hit.at + hit.length;
    out.push(text.slice(0, offset));
  }
  return out;
}

/** Delimiters as NamespaceIndex orders them: distinct, non-empty, longest first. */
export function normalizeDelimiters(delimiters: readonly string[]): string[] {
  return [...new Set(delimiters.filter((d) => d.length > 0))].sort((a, b) => b.length - a.length);
}

function nextDelimiter(text: string, from: number, delimiters: readonly string[]): { at: number; length: number } | undefined {
  let best: { at: number; length: number } | undefined;
  for (const d of delimiters) {
    const at = text.indexOf(d, from);
    if (at >= 0 && (!best || at < best.at)) best = { at, length: d.length };
  }
  return best;
}

/** Bounded namespace counters: past `max` distinct prefixes, new ones are only counted as untracked. */
export class NamespaceTally {
  private readonly tallies = new Map<string, Tally>();
  private readonly delimiters: string[];
  rootKeys = 0;
  rootNoTtl = 0;
  untracked = 0;

  constructor(delimiters: readonly string[], private readonly max: number) {
    this.delimiters = normalizeDelimiters(delimiters);
  }

  add(key: Buffer, hasTtl: boolean, memory: number, weight: number): void {
    const prefixes = splitPrefixes(key, this.delimiters);
    if (prefixes.length === 0) {
      this.rootKeys++;
      if (!hasTtl) this.rootNoTtl++;
      return;
    }
    let tracked = true;
    prefixes.forEach((prefix, i) => {
      let t = this.tallies.get(prefix);
      if (!t) {
        if (this.tallies.size >= this.max) {
          tracked = false;
          return;
        }
        t = { prefix, depth: (i + 1) as 1 | 2, keys: 0, noTtl: 0, memory: 0, weight: 0 };
        this.tallies.set(prefix, t);
      }
      t.keys++;
      if (!hasTtl) t.noTtl++;
      t.memory += memory;
      t.weight += weight;
    });
    if (!tracked) this.untracked++;
  }

  /** The tracked namespaces, most keys without TTL first, then most keys; at most `limit`. */
  stats(limit: number): NamespaceStat[] {
    return [...this.tallies.values()]
      .sort((a, b) => b.noTtl - a.noTtl || b.keys - a.keys || (a.prefix < b.prefix ? -1 : 1))
      .slice(0, limit)
      .map((t) => ({
        prefix: t.prefix,
        display: displayKey(Buffer.from(t.prefix, 'latin1')),
        depth: t.depth,
        keys: t.keys,
        noTtl: t.noTtl,
        noTtlPct: percent(t.noTtl, t.keys),
        memory: t.memory,
        estimatedKeys: Math.round(t.weight),
      }));
  }
}

/** `part / whole` as a percentage rounded to 0.1; 0 when `whole` is 0. */
export function percent(part: number, whole: number): number {
  return whole === 0 ? 0 : Math.round((part / whole) * 1000) / 10;
}
