// The one folder walker: the files the CLI checks in a folder, the corpus loader's YAML files, the
// cache's snapshot of the same folders, the prebuilt index's list of the built-in corpus and the
// program's own sources. It reads each folder once, in the order the caller gives, tells what each
// entry is (through a symbolic link when asked to follow it) and goes into the folders the caller
// chooses. The caller keeps its own rules and words: which names it skips, loops and limits (in
// `enter`), what it reports. Names are read as bytes when the root is a Buffer (a file named in GBK,
// or any non-UTF-8 name, must still open), else as text.
import * as fs from 'node:fs';
import * as path from 'node:path';

export type WalkPath = string | Buffer;

/**
 * What an entry is: through its symbolic link with `follow` ('broken' when the link's target cannot be
 * reached), else as the folder lists it ('link' for a symbolic link). 'other': a FIFO, socket or device.
 */
export type EntryKind = 'folder' | 'file' | 'other' | 'link' | 'broken';

export interface WalkEntry<P extends WalkPath> {
  name: P;
  path: P;
  /** depth of the folder listing it (the root is 0) */
  depth: number;
  kind: EntryKind;
  /** a symbolic link, followed or not */
  link: boolean;
}

export interface Walk<P extends WalkPath> {
  /** the order of each folder's entries; as the system lists them when absent */
  order?: (a: P, b: P) => number;
  /** resolve symbolic links (the entry's kind is its target's) */
  follow?: boolean;
  /** names passed over before anything else: never resolved, never given to `entry` */
  skip?: (name: P) => boolean;
  /** before a folder is read (loops, limits): false leaves it unread; an exception counts as unreadable */
  enter?: (dir: P, depth: number) => boolean;
  /** each entry in order; true goes into it (a folder) */
  entry: (e: WalkEntry<P>) => boolean | undefined;
  /** a folder that `enter` or reading failed on; without it the error is thrown */
  unreadable?: (dir: P, error: Error) => void;
  /** go into a folder's subfolders after all its entries (else each where it sorts) */
  subfoldersLast?: boolean;
  /** true ends the walk (asked before each folder and after each entry) */
  stopped?: () => boolean;
}

const DOT = Buffer.from('.');
const SEP = Buffer.from(path.sep);

/** `name` in `dir`: path.join for text; for bytes, joined as given (`.` left out) */
function join<P extends WalkPath>(dir: P, name: P): P {
  if (typeof dir === 'string') return path.join(dir, name as string) as P;
  const d = dir as Buffer;
  if (d.equals(DOT)) return name;
  return Buffer.concat([d, d[d.length - 1] === SEP[0] ? Buffer.alloc(0) : SEP, name as Buffer]) as P;
}

function kindOf(x: fs.Dirent<WalkPath> | fs.Stats): EntryKind {
  return x.isDirectory() ? 'folder' : x.isFile() ? 'file' : 'other';
}

/** Walks the folder `root`, depth first, as `w` says. */
export function walk<P extends WalkPath>(root: P, w: Walk<P>): void {
  const encoding = typeof root === 'string' ? 'utf8' : 'buffer';
  const visit = (dir: P, depth: number) => {
    if (w.stopped?.()) return;
    let entries: fs.Dirent<WalkPath>[];
    try {
      if (w.enter && !w.enter(dir, depth)) return;
      entries = fs.readdirSync(dir, { withFileTypes: true, encoding: encoding as 'buffer' });
    } catch (e) {
      if (!w.unreadable) throw e;
      w.unreadable(dir, e as Error);
      return;
    }
    const order = w.order;
    if (order) entries.sort((a, b) => order(a.name as P, b.name as P));
    const later: P[] = [];
    for (const d of entries) {
      const name = d.name as P;
      if (w.skip?.(name)) continue;
      const p = join(dir, name);
      const link = d.isSymbolicLink();
      let kind: EntryKind = link ? 'link' : kindOf(d);
      if (link && w.follow) {
        try {
          kind = kindOf(fs.statSync(p));
        } catch {
          kind = 'broken';
        }
      }
      if (w.entry({ name, path: p, depth, kind, link })) {
        if (w.subfoldersLast) later.push(p);
        else visit(p, depth + 1);
      }
      if (w.stopped?.()) return;
    }
    for (const p of later) visit(p, depth + 1);
  };
  visit(root, 0);
}

/** Orders of names: byte order (Buffer names), UTF-16 code-unit order, and the locale's. */
export const byBytes = (a: Buffer, b: Buffer): number => Buffer.compare(a, b);
export const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const byLocale = (a: string, b: string): number => a.localeCompare(b);
