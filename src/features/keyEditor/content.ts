/**
 * What one editor shows of a key, read page by page: the header facts, then the value (string,
 * HyperLogLog, JSON) or the first page of its table, then further pages on "Load more". Keeps
 * the paging position (cursor, index, seen members) between pages.
 */
import { RedisClient } from '../../core/values/client';
import { readHashField, readHashPage } from '../../core/values/hash';
import { countHyperLogLog } from '../../core/values/hyperloglog';
import { readJsonDocument } from '../../core/values/json';
import { readListItem, readListPage } from '../../core/values/list';
import { KeyMeta, readKeyMeta } from '../../core/values/meta';
import { unseen } from '../../core/values/paging';
import { readSetPage } from '../../core/values/set';
import { readStreamPage } from '../../core/values/stream';
import { readString, readStringFrom } from '../../core/values/string';
import { checkScoreBound, readZsetByScore, readZsetPage } from '../../core/values/zset';
import { Body, Row, ValueTarget, WireValue } from '../../webview/protocol/keyEditor';
import { wireBytes, wireValue } from './wire';

/** Rows per "Load more". */
export const PAGE_SIZE = 500;
/** SCAN round trips one page may take before returning what it has (MATCH or sparse tables). */
const MAX_SCAN_TRIPS = 20;

export class KeyContent {
  meta: KeyMeta | undefined;
  /** HSCAN/SSCAN cursor, list/zset position or stream id of the next page; undefined: no more. */
  private next: string | number | undefined;
  private readonly seen = new Set<string>();
  private scoreRange: { min: string; max: string } | undefined;
  /** String: the preview read so far, for "Load all". */
  private stringPreview: Buffer | undefined;

  constructor(
    private readonly client: () => Promise<RedisClient>,
    private readonly key: Buffer,
  ) {}

  /** Reads the header and the first page (or the whole small value), resetting the paging. */
  async load(): Promise<{ meta: KeyMeta; body: Body }> {
    const client = await this.client();
    const meta = await readKeyMeta(client, this.key);
    this.meta = meta;
    this.next = undefined;
    this.seen.clear();
    this.stringPreview = undefined;
    switch (meta.type) {
      case 'none':
        return { meta, body: { kind: 'missing' } };
      case 'string': {
        const s = await readString(client, this.key);
        if (!s) return { meta, body: { kind: 'missing' } };
        if (!s.complete) this.stringPreview = s.value;
        return { meta, body: { kind: 'string', value: wireValue(s.value, Infinity, s.length) } };
      }
      case 'hyperloglog':
        return { meta, body: { kind: 'hyperloglog', count: await countHyperLogLog(client, this.key) } };
      case 'json': {
        const doc = await readJsonDocument(client, this.key);
        return { meta, body: doc ? { kind: 'json', value: wireValue(doc, Infinity) } : { kind: 'missing' } };
      }
      case 'hash':
      case 'list':
      case 'set':
      case 'zset':
      case 'stream': {
        this.next = meta.type === 'hash' || meta.type === 'set' ? '0' : meta.type === 'stream' ? '' : 0;
        const { rows, more } = await this.more();
        return { meta, body: { kind: 'table', rowKind: meta.type, rows, more, scoreRange: this.scoreRange } };
      }
      default:
        return { meta, body: { kind: 'unsupported' } };
    }
  }

  /** Sorted sets: page by score range from now on (undefined: back to rank order); throws for a bad bound. */
  setScoreRange(range: { min: string; max: string } | undefined): void {
    this.scoreRange = range && { min: checkScoreBound(range.min), max: checkScoreBound(range.max) };
  }

  /** The next page of rows. */
  async more(): Promise<{ rows: Row[]; more: boolean }> {
    const client = await this.client();
    const type = this.meta?.type;
    const next = this.next;
    if (next === undefined) return { rows: [], more: false };
    const key = this.key;
    let rows: Row[] = [];
    if (type === 'hash' || type === 'set') {
      let cursor: string | undefined = String(next);
      for (let trips = 0; cursor !== undefined && rows.length < PAGE_SIZE && trips < MAX_SCAN_TRIPS; trips++) {
        if (type === 'hash') {
          const page = await readHashPage(client, key, cursor, PAGE_SIZE);
          rows = rows.concat(unseen(page.items, (e) => e.field, this.seen).map((e): Row => ({ kind: 'hash', field: wireBytes(e.field), value: wireValue(e.value) })));
          cursor = page.cursor;
        } else {
          const page = await readSetPage(client, key, cursor, PAGE_SIZE);
          rows = rows.concat(unseen(page.items, (m) => m, this.seen).map((m): Row => ({ kind: 'set', member: wireBytes(m) })));
          cursor = page.cursor;
        }
      }
      this.next = cursor;
    } else if (type === 'list') {
      const page = await readListPage(client, key, Number(next), PAGE_SIZE);
      rows = page.items.map((v, i): Row => ({ kind: 'list', index: page.start + i, value: wireValue(v) }));
      this.next = page.next;
    } else if (type === 'zset') {
      const page = this.scoreRange
        ? await readZsetByScore(client, key, this.scoreRange.min, this.scoreRange.max, Number(next), PAGE_SIZE)
        : await readZsetPage(client, key, Number(next), PAGE_SIZE);
      rows = page.items.map((e): Row => ({ kind: 'zset', member: wireBytes(e.member), score: e.score }));
      this.next = page.next;
    } else if (type === 'stream') {
      const page = await readStreamPage(client, key, next === '' ? undefined : String(next), PAGE_SIZE);
      rows = page.items.map((e): Row => ({ kind: 'stream', id: e.id, fields: e.fields.map((f) => ({ field: wireBytes(f.field), value: wireValue(f.value) })) }));
      this.next = page.next;
    }
    return { rows, more: this.next !== undefined };
  }

  /** A string's whole value after a preview ("Load all"). */
  async loadAll(): Promise<Body | undefined> {
    if (!this.stringPreview) return undefined;
    const rest = await readStringFrom(await this.client(), this.key, this.stringPreview.length);
    const whole = Buffer.concat([this.stringPreview, rest]);
    this.stringPreview = undefined;
    return { kind: 'string', value: wireValue(whole, Infinity) };
  }

  /** One value whole (a row showed only its start); undefined when it is gone. */
  async value(target: ValueTarget): Promise<WireValue | undefined> {
    const client = await this.client();
    const value = target.kind === 'hash'
      ? await readHashField(client, this.key, Buffer.from(target.field, 'base64'))
      : await readListItem(client, this.key, target.index);
    return value === undefined ? undefined : wireValue(value, Infinity);
  }
}
