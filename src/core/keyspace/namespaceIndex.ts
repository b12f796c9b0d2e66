/**
 * Namespace folders built incrementally from scanned keys: `user:1001:profile` lands in folder
 * `user:` > `user:1001:` as leaf `profile`. Counts are exact for everything added; memory stays
 * bounded by caps on stored keys and folders. A folder that hit a cap is marked incomplete, and
 * the tree re-lists it with SCAN MATCH <prefix>* when opened.
 *
 * Keys are split as latin1 strings, which map bytes 1:1 to chars, so binary keys keep their exact
 * bytes and a folder's `prefix` can be turned back into the key bytes it stands for.
 */

export interface IndexOptions {
  /** Delimiters that separate namespace levels (default [":"]). */
  delimiters: string[];
  /** At most this many keys are kept for listing; past it only counts grow. */
  maxKeys: number;
  /** At most this many folders are created; past it deeper levels are only counted. */
  maxFolders: number;
}

export interface FolderListing {
  /** The folder's own prefix (latin1; '' for the root). */
  prefix: string;
  /** Keys under this folder at any depth. */
  count: number;
  folders: { name: string; prefix: string; count: number; complete: boolean }[];
  /** Keys directly in this folder, in scan order. */
  keys: Buffer[];
  /** False when a cap dropped keys or subfolders here: re-list by SCAN MATCH prefix*. */
  complete: boolean;
}

interface Folder {
  /** The segment this folder stands for (without its delimiter). */
  name: string;
  prefix: string;
  count: number;
  folders: Map<string, Folder>;
  keys: Buffer[];
  complete: boolean;
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = { delimiters: [':'], maxKeys: 200_000, maxFolders: 100_000 };

export class NamespaceIndex {
  private readonly root: Folder = newFolder('', '');
  private readonly byPrefix = new Map<string, Folder>([['', this.root]]);
  private storedKeys = 0;
  private readonly delimiters: string[];

  constructor(private readonly options: IndexOptions = DEFAULT_INDEX_OPTIONS) {
    // Longest first, so "::" wins over ":" when both are configured.
    this.delimiters = [...new Set(options.delimiters.filter((d) => d.length > 0))].sort((a, b) => b.length - a.length);
  }

  /** Keys added so far. */
  get total(): number {
    return this.root.count;
  }

  get folderCount(): number {
    return this.byPrefix.size - 1;
  }

  add(keys: Iterable<Buffer>): void {
    for (const key of keys) this.addOne(key);
  }

  /** What a folder holds, or undefined for a prefix that is not a known folder. */
  list(prefix: string): FolderListing | undefined {
    const folder = this.byPrefix.get(prefix);
    if (!folder) return undefined;
    return {
      prefix,
      count: folder.count,
      folders: [...folder.folders.values()]
        .map((f) => ({ name: f.name, prefix: f.prefix, count: f.count, complete: f.complete }))
        .sort((a, b) => compare(a.name, b.name) || compare(a.prefix, b.prefix)),
      keys: folder.keys,
      complete: folder.complete,
    };
  }

  /** The leaf part of a key inside `prefix` (the label a tree shows). */
  static leafName(key: Buffer, prefix: string): Buffer {
    return key.subarray(Buffer.byteLength(prefix, 'latin1'));
  }

  private addOne(key: Buffer): void {
    const text = key.toString('latin1');
    let folder = this.root;
    folder.count++;
    let offset = 0;
    for (;;) {
      const hit = this.nextDelimiter(text, offset);
      if (!hit) break;
      // Children are keyed by segment plus delimiter: with several delimiters, `a:` and `a/` differ.
      const step = text.slice(offset, hit.at + hit.length);
      let child = folder.folders.get(step);
      if (!child) {
        if (this.byPrefix.size - 1 >= this.options.maxFolders) {
          folder.complete = false;
          return;
        }
        child = newFolder(text.slice(0, hit.at + hit.length), text.slice(offset, hit.at));
        folder.folders.set(step, child);
        this.byPrefix.set(child.prefix, child);
      }
      folder = child;
      folder.count++;
      offset = hit.at + hit.length;
    }
    if (this.storedKeys < this.options.maxKeys) {
      folder.keys.push(key);
      this.storedKeys++;
    } else {
      folder.complete = false;
    }
  }

  private nextDelimiter(text: string, from: number): { at: number; length: number } | undefined {
    if (this.delimiters.length === 1) {
      const d = this.delimiters[0];
      const at = text.indexOf(d, from);
      return at < 0 ? undefined : { at, length: d.length };
    }
    let best: { at: number; length: number } | undefined;
    for (const d of this.delimiters) {
      const at = text.indexOf(d, from);
      if (at >= 0 && (!best || at < best.at)) best = { at, length: d.length };
    }
    return best;
  }
}

function newFolder(prefix: string, name: string): Folder {
  return { name, prefix, count: 0, folders: new Map(), keys: [], complete: true };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
