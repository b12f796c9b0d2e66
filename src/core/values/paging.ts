/** Page shapes shared by the readers, and the de-duplication SCAN-family pages need. */

/** A page from HSCAN/SSCAN: `cursor` resumes the walk, undefined once it is done. */
export interface ScanPage<T> {
  items: T[];
  cursor: string | undefined;
}

/** A page read by position (LRANGE, ZRANGE by rank, ZRANGEBYSCORE ... LIMIT). */
export interface RangePage<T> {
  items: T[];
  /** Position of the first item. */
  start: number;
  /** Where the next page starts; undefined when this page reached the end. */
  next: number | undefined;
}

/** Default items per page for every reader. */
export const DEFAULT_PAGE_SIZE = 500;

/**
 * SCAN-family commands may return an element more than once (while the server rehashes): keeps
 * only the items whose identity has not been seen, remembering the new ones in `seen`.
 */
export function unseen<T>(items: T[], identity: (item: T) => Buffer, seen: Set<string>): T[] {
  const out: T[] = [];
  for (const item of items) {
    const id = identity(item).toString('base64');
    if (seen.has(id)) continue;
    seen.add(id);
    out.push(item);
  }
  return out;
}

/** Checks a page size or count argument: a whole number of at least 1. */
export function checkCount(count: number): number {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`page size ${count} is not a whole number >= 1`);
  return count;
}
