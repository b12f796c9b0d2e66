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
  /**
   * At most this many child folders per folder (default: no limit); past it the folder is marked
   * incomplete and re-listed by SCAN MATCH when opened. Keeps one id-like level (user:<id>:) from
   * spending the whole folder budget, and the time to build 100,000 sibling folders nobody browses.
   */
  maxChildFolders?: number;
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
  /** Made on first child / first key: most folders of an id-like level hold only keys, or one child. */
  folders: Map<string, Folder> | undefined;
  keys: Buffer[] | undefined;
  complete: boolean;
}

export const DEFAULT_INDEX_OPTIONS: IndexOptions = { delimiters: [':'], maxKeys: 200_000, maxFolders: 100_000, maxChildFolders: 10_000 };

export class NamespaceIndex {
  private readonly root: Folder = newFolder('', '');
  private readonly byPrefix = new Map<string, Folder>([['', this.root]]);
  private storedKeys = 0;
  private readonly delimiters: string[];
  private readonly maxChildFolders: number;
  /** Where the delimiter found by the last nextDelimiter() call ends (no object per hit: this runs per key and level). */
  private hitEnd = 0;

  constructor(private readonly options: IndexOptions = DEFAULT_INDEX_OPTIONS) {
    // Longest first, so "::" wins over ":" when both are configured.
    this.delimiters = [...new Set(options.delimiters.filter((d) => d.length > 0))].sort((a, b) => b.length - a.length);
    this.maxChildFolders = options.maxChildFolders ?? Infinity;
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

  /**
   * Takes keys out (after they were deleted): counts drop along their path, emptied folders go.
   * Keys that are not in the index are ignored.
   */
  remove(keys: Iterable<Buffer>): void {
    for (const key of keys) {
      const path = this.pathOf(key);
      const leafFolder = path[path.length - 1];
      const at = leafFolder.keys?.findIndex((k) => k.equals(key)) ?? -1;
      if (at < 0 && leafFolder.complete) continue;
      if (at >= 0) {
        leafFolder.keys?.splice(at, 1);
        this.storedKeys--;
      }
      for (const folder of path) folder.count--;
      this.prune(path);
    }
  }

  /** Takes a whole folder out (after everything under its prefix was deleted). */
  removeFolder(prefix: string): void {
    const folder = this.byPrefix.get(prefix);
    if (!folder || prefix === '') return;
    const path = this.pathOf(Buffer.from(prefix, 'latin1')).filter((f) => f !== folder && f.prefix.length < prefix.length);
    for (const f of path) f.count -= folder.count;
    folder.count = 0;
    this.prune([...path, folder]);
  }

  /** What a folder holds, or undefined for a prefix that is not a known folder. */
  list(prefix: string): FolderListing | undefined {
    const folder = this.byPrefix.get(prefix);
    if (!folder) return undefined;
    return {
      prefix,
      count: folder.count,
      folders: [...(folder.folders?.values() ?? [])]
        .map((f) => ({ name: f.name, prefix: f.prefix, count: f.count, complete: f.complete }))
        .sort((a, b) => compare(a.name, b.name) || compare(a.prefix, b.prefix)),
      keys: folder.keys ?? [],
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
      const at = this.nextDelimiter(text, offset);
      if (at < 0) break;
      const end = this.hitEnd;
      // Children are keyed by segment plus delimiter: with several delimiters, `a:` and `a/` differ.
      const step = text.slice(offset, end);
      let child = folder.folders?.get(step);
      if (!child) {
        if (this.byPrefix.size - 1 >= this.options.maxFolders || (folder.folders?.size ?? 0) >= this.maxChildFolders) {
          folder.complete = false;
          return;
        }
        child = newFolder(text.slice(0, end), text.slice(offset, at));
        (folder.folders ??= new Map()).set(step, child);
        this.byPrefix.set(child.prefix, child);
      }
      folder = child;
      folder.count++;
      offset = end;
    }
    if (this.storedKeys < this.options.maxKeys) {
      (folder.keys ??= []).push(key);
      this.storedKeys++;
    } else {
      folder.complete = false;
    }
  }

  /** The existing folders from the root down to the one that holds `key`. */
  private pathOf(key: Buffer): Folder[] {
    const text = key.toString('latin1');
    const path = [this.root];
    let offset = 0;
    for (;;) {
      const at = this.nextDelimiter(text, offset);
      if (at < 0) return path;
      const child = path[path.length - 1].folders?.get(text.slice(offset, this.hitEnd));
      if (!child) return path;
      path.push(child);
      offset = this.hitEnd;
    }
  }

  /** Drops folders on `path` that became empty, deepest first. */
  private prune(path: Folder[]): void {
    for (let i = path.length - 1; i > 0; i--) {
      const folder = path[i];
      if (folder.count > 0) return;
      const parent = path[i - 1];
      for (const [step, child] of parent.folders ?? []) if (child === folder) parent.folders?.delete(step);
      this.forgetSubtree(folder);
    }
  }

  private forgetSubtree(folder: Folder): void {
    this.byPrefix.delete(folder.prefix);
    this.storedKeys -= folder.keys?.length ?? 0;
    for (const child of folder.folders?.values() ?? []) this.forgetSubtree(child);
  }

  /** Index of the first delimiter at or after `from` (-1: none); its end goes to `hitEnd`. */
  private nextDelimiter(text: string, from: number): number {
    let best = -1;
    for (const d of this.delimiters) {
      const at = text.indexOf(d, from);
      if (at >= 0 && (best < 0 || at < best)) {
        best = at;
        this.hitEnd = at + d.length;
      }
    }
    return best;
  }
}

function newFolder(prefix: string, name: string): Folder {
  return { name, prefix, count: 0, folders: undefined, keys: undefined, complete: true };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
