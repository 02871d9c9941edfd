// The on-disk cache behind a warm start. Parsing and validating the corpus YAML and loading the jieba
// dictionary dominate start-up; the result of both is kept in one file per set of corpus folders, in
// a cache folder outside the corpus (TIFA_CACHE_DIR, else the user's cache folder; TIFA_CACHE_DIR=off
// disables it). Document texts are not copied: they are read again from the corpus.
//
// Never stale: the cache records every folder it walked (entry names, symlink targets) and the size,
// mtime, ctime and inode of every corpus file in them (the YAML files and the document texts), taken
// before the corpus was read; it is written only if nothing changed while loading, and it is used only
// if all of that is unchanged when read (a corpus file modified within a few seconds of the snapshot,
// where a timestamp may not show a second change, is compared by content hash: a YAML file by its
// name and size limit, a document text by the text the load read). Nothing else in the folders is
// ever read or hashed (a 1.9 GB video there cost 2 GB and 32 s on every start). The code that wrote
// it must be the code reading it (the bundle, or the sources under tsx). Any doubt means a full load.
//
// A shared cache folder: one that others can write is refused (no cache, and a note saying so)
// unless it is sticky and owned by the user; the cache is written to a temporary file created
// exclusively (O_EXCL, a random name, mode 0600) and renamed; a cache file that is not a regular file
// owned by the user and writable by no one else is never read.
//
// The segmenter's answers kept with it are recorded and replayed by ./segmentation.ts.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knowledge } from '../core/types';
import { byCodeUnits, walk } from '../io/walk';
import { insideReal, LOAD_LIMITS, readRegularFile, skippedName, type CorpusFolder, type LoadResult } from './load';
import { dictionaryFile, storedSegmentation, storeSegmentation, type Segmentation, type StoredSegmentation } from './segmentation';

const FORMAT = 1;
/** Cache files kept (one per set of corpus folders and per program); the least recently used go first. */
const MAX_FILES = 16;
/** Files changed this shortly before the snapshot are compared by content hash as well. */
const RACY_NS = 3_000_000_000n;

/** Notes about the cache a front end should log (a cache folder refused); read and cleared by takeCacheNotes(). */
const notes: string[] = [];
export function takeCacheNotes(): string[] {
  return notes.splice(0);
}

const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;

/**
 * Whether `dir` (created if missing, mode 0700) may hold the cache: owned by the user, and writable
 * by no one else unless it is sticky (others can then add files but not replace the user's). Where
 * there are no user ids (Windows), any folder that exists.
 */
function usableCacheFolder(dir: string): boolean {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (uid === undefined) return true;
  const st = fs.statSync(dir);
  const others = (st.mode & 0o022) !== 0;
  const sticky = (st.mode & 0o1000) !== 0;
  if (st.uid === uid && (!others || sticky)) return true;
  notes.push(
    st.uid !== uid
      ? `cache folder ${dir} belongs to another user (uid ${st.uid}); not using a cache`
      : `cache folder ${dir} can be written by other users and is not sticky (mode ${(st.mode & 0o7777).toString(8)}); not using a cache`,
  );
  return false;
}

/** A cache file to read: a regular file (not a link) of the user's, writable by no one else. */
function trustedFile(file: string): boolean {
  const st = fs.lstatSync(file);
  return st.isFile() && (uid === undefined || (st.uid === uid && (st.mode & 0o022) === 0));
}

/** The cache folder, or undefined when caching is off. */
export function cacheFolder(): string | undefined {
  const env = process.env.TIFA_CACHE_DIR;
  if (env !== undefined) return env === '' || /^(off|no|none|false|0)$/i.test(env) ? undefined : path.resolve(env);
  const home = os.homedir();
  const base =
    process.env.XDG_CACHE_HOME ||
    (process.platform === 'win32'
      ? (process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local'))
      : process.platform === 'darwin'
        ? path.join(home, 'Library', 'Caches')
        : path.join(home, '.cache'));
  return path.join(base, 'tifa');
}

// ------------------------------------------------------------------ snapshot of the corpus folders

interface FileStamp {
  path: string;
  /** size:mtimeNs:ctimeNs:ino:dev */
  stat: string;
  /** sha1 of the content, for YAML files changed just before the snapshot */
  hash?: string;
  /** changed just before the snapshot (a document text: its hash is taken from the text loaded) */
  racy?: boolean;
  /** sha1 of a racy document text as the load decoded it */
  textHash?: string;
}

interface Snapshot {
  /** per folder: its resolved path and whether it exists */
  folders: string[];
  /** per directory walked: its path and entries ("d:name", "f:name", "l:name>target") */
  dirs: string[];
  files: FileStamp[];
}

function statKey(s: fs.BigIntStats): string {
  return `${s.size}:${s.mtimeNs}:${s.ctimeNs}:${s.ino}:${s.dev}`;
}

export function hashBytes(bytes: Buffer): string {
  return crypto.createHash('sha1').update(bytes).digest('hex');
}

export function hashFile(file: string): string {
  return hashBytes(fs.readFileSync(file));
}

/** More folders than the loader walks, or more files than this, and a corpus is not cached. */
const MAX_FOLDERS = (LOAD_LIMITS as { maxFolders?: number }).maxFolders ?? 1000;
const MAX_STAMPS = 4 * ((LOAD_LIMITS as { maxFiles?: number }).maxFiles ?? 5000);

const isYaml = (p: string) => /\.ya?ml$/i.test(p);

/**
 * Walks the folders as the loader does (skipping dot folders, node_modules and schema; following
 * symbolic links once, and none to a folder outside the corpus folder) and records every directory's
 * entries and every regular file's stat. Only YAML files (by name, up to the loader's size limit)
 * changed just before the snapshot are read, to hash them; nothing else is ever opened. Throws on
 * I/O errors and on trees too large to be a corpus.
 */
function snapshot(folders: CorpusFolder[], hashRecent: boolean): Snapshot {
  const now = BigInt(Date.now()) * 1_000_000n;
  const snap: Snapshot = { folders: [], dirs: [], files: [] };
  const seen = new Set<string>();
  // each folder's entry names (undefined: unreadable), in the order the walk entered them
  const dirs: Array<[string, string[] | undefined]> = [];
  let names: string[] = [];
  const snapshotOf = (root: string) => {
    const realRoot = fs.realpathSync(root);
    walk(root, {
      order: byCodeUnits,
      subfoldersLast: true,
      enter: (dir, depth) => {
        let real: string;
        try {
          real = fs.realpathSync(dir);
        } catch {
          dirs.push([dir, undefined]);
          return false;
        }
        if (seen.has(real) || depth > LOAD_LIMITS.maxDepth) return false;
        seen.add(real);
        if (seen.size > MAX_FOLDERS || snap.files.length > MAX_STAMPS) throw new Error('too large to cache');
        names = [];
        dirs.push([dir, names]);
        return true;
      },
      entry: ({ name, path: p, kind, link }) => {
        if (link) names.push(`l:${name}>${fs.readlinkSync(p)}`);
        else names.push(`${kind === 'folder' ? 'd' : kind === 'file' ? 'f' : 'o'}:${name}`);
        let st: fs.BigIntStats;
        try {
          st = fs.statSync(p, { bigint: true });
        } catch {
          return false; // a broken link: its name and target are recorded above
        }
        if (st.isDirectory()) return !skippedName(name) && (!link || insideReal(p, realRoot));
        if (st.isFile()) {
          const stamp: FileStamp = { path: p, stat: statKey(st) };
          if (hashRecent && (now - st.ctimeNs < RACY_NS || now - st.mtimeNs < RACY_NS)) {
            if (isYaml(p) && st.size <= BigInt(LOAD_LIMITS.maxYamlBytes)) stamp.hash = hashFile(p);
            else stamp.racy = true;
          }
          snap.files.push(stamp);
        } else snap.files.push({ path: p, stat: `special:${statKey(st)}` });
        return false;
      },
    });
  };
  for (const f of folders) {
    const p = path.resolve(f.path);
    const exists = fs.existsSync(p);
    snap.folders.push(`${f.name}\u0000${p}\u0000${exists}`);
    if (exists) snapshotOf(p);
  }
  snap.dirs = dirs.map(([dir, list]) => `${dir}\u0000${list ? list.join('\u0001') : 'unreadable'}`);
  return snap;
}

/**
 * True if the folders are as `snap` recorded them: the same entries in every folder, and every file
 * it stamped with the same stat (hashed YAML files re-hashed). Files it did not stamp (neither YAML
 * nor a document text) may change freely.
 */
function unchanged(snap: Snapshot, folders: CorpusFolder[]): boolean {
  const now = snapshot(folders, false);
  if (now.folders.join('\n') !== snap.folders.join('\n') || now.dirs.join('\n') !== snap.dirs.join('\n')) return false;
  const stats = new Map(now.files.map((f) => [f.path, f.stat]));
  for (const a of snap.files) {
    if (stats.get(a.path) !== a.stat) return false;
    if (a.hash && a.hash !== hashFile(a.path)) return false;
  }
  return true;
}

/** The sha1 of a text as decoded (a document text, compared with the text a load read). */
function hashText(text: string): string {
  return crypto.createHash('sha1').update(text).digest('hex');
}

// ------------------------------------------------------------------ identity of the program

let identity: string | undefined;
/** The code that loads corpora: this bundle, or (under tsx) the TypeScript sources. */
function programIdentity(): string {
  if (identity) return identity;
  const files: string[] = [];
  if (__filename.endsWith('.ts')) {
    walk(path.resolve(__dirname, '..'), {
      entry: ({ name, path: p, kind }) => {
        if (kind === 'folder') return true;
        if (/\.(ts|json|md)$/.test(name)) files.push(p);
        return false;
      },
    });
    files.sort();
  } else files.push(__filename);
  const dict = dictionaryFile();
  if (dict) files.push(dict);
  identity = files.map((f) => `${f}:${statKey(fs.statSync(f, { bigint: true }))}`).join('\n');
  return identity;
}

interface CacheFile {
  format: number;
  program: string;
  snapshot: Snapshot;
  /** knowledge with each document's text left out (read again from its file) */
  knowledge: string;
  texts: string[];
  problems: LoadResult['problems'];
  files: string[];
  segmentation: StoredSegmentation;
}

const UNDEFINED = '\u0000undefined';

/** JSON that keeps properties whose value is undefined (the loader sets some), so the round trip is exact. */
export function encode(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v === undefined ? UNDEFINED : v));
}
export function decode<T>(json: string): T {
  const restore = (v: unknown): unknown => {
    if (v === UNDEFINED) return undefined;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) v[i] = restore(v[i]);
    } else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      for (const k of Object.keys(o)) o[k] = restore(o[k]);
    }
    return v;
  };
  return restore(JSON.parse(json)) as T;
}

export interface CacheHit extends LoadResult {
  segmentation: Segmentation;
}

/** The cache of one set of corpus folders. */
export class CorpusCache {
  private constructor(
    readonly file: string,
    private readonly folders: CorpusFolder[],
  ) {}

  /** undefined when caching is off or the cache folder cannot be used. */
  static for(folders: CorpusFolder[]): CorpusCache | undefined {
    try {
      const dir = cacheFolder();
      if (!dir || !usableCacheFolder(dir)) return undefined;
      const key = crypto
        .createHash('sha256')
        .update(JSON.stringify([FORMAT, folders.map((f) => [f.name, path.resolve(f.path)]), programIdentity()]))
        .digest('hex')
        .slice(0, 32);
      return new CorpusCache(path.join(dir, `corpus-${key}.json`), folders);
    } catch {
      return undefined;
    }
  }

  /** The state of the folders before loading them; pass it to write(). */
  snapshot(): Snapshot | undefined {
    try {
      return snapshot(this.folders, true);
    } catch {
      return undefined;
    }
  }

  /** The cached load result, if the cache exists and the corpus is unchanged. */
  read(userWordsOf: (k: Knowledge) => string[]): CacheHit | undefined {
    try {
      if (!fs.existsSync(this.file) || !trustedFile(this.file)) return undefined;
      const c = JSON.parse(fs.readFileSync(this.file, 'utf8')) as CacheFile;
      if (c.format !== FORMAT || c.program !== programIdentity() || !unchanged(c.snapshot, this.folders)) return undefined;
      const knowledge = decode<Knowledge>(c.knowledge);
      const before = new Map(c.snapshot.files.map((f) => [f.path, f]));
      for (let i = 0; i < knowledge.documents.length; i++) {
        const file = c.texts[i];
        // read and decoded as the loader does (readRegularFile: its encodings, a BOM dropped)
        const read = readRegularFile(file, LOAD_LIMITS.maxTextBytes, 'a document text');
        if ('error' in read) return undefined;
        knowledge.documents[i].text = read.text;
        const stamp = before.get(file);
        // changed while we were reading: not the text the cached results were computed from
        if (!stamp || statKey(fs.statSync(file, { bigint: true })) !== stamp.stat) return undefined;
        if (stamp.textHash && stamp.textHash !== hashText(read.text)) return undefined;
      }
      const seg = storedSegmentation(c.segmentation, userWordsOf(knowledge));
      const now = new Date();
      fs.utimesSync(this.file, now, now);
      return { knowledge, problems: c.problems, files: c.files, segmentation: seg };
    } catch {
      return undefined;
    }
  }

  /**
   * Writes the cache for a load result, if the folders are still as `before` recorded them.
   */
  write(before: Snapshot, result: LoadResult, userWords: string[], cuts: Map<string, number[]>, p: Uint32Array | undefined): void {
    try {
      if (!unchanged(before, this.folders)) return;
      const texts: string[] = [];
      const stamps = new Map(before.files.map((f) => [f.path, f]));
      const kept: FileStamp[] = [];
      for (const d of result.knowledge.documents) {
        if (!d.uri.startsWith('file:')) return;
        const file = fileURLToPath(d.uri);
        // only texts whose file the snapshot covers can be read back safely
        const stamp = stamps.get(file);
        if (!stamp) return;
        texts.push(file);
        // a text changed just before the snapshot: compared by the text this load read
        kept.push(stamp.racy ? { path: stamp.path, stat: stamp.stat, textHash: hashText(d.text) } : { path: stamp.path, stat: stamp.stat });
      }
      // the corpus files only: YAML files (by name) and document texts
      for (const f of before.files) if (isYaml(f.path) && !texts.includes(f.path)) kept.push({ path: f.path, stat: f.stat, hash: f.hash });
      before = { ...before, files: kept };
      const knowledge = { ...result.knowledge, documents: result.knowledge.documents.map((d) => ({ ...d, text: '' })) };
      const content: CacheFile = {
        format: FORMAT,
        program: programIdentity(),
        snapshot: before,
        knowledge: encode(knowledge),
        texts,
        problems: result.problems,
        files: result.files,
        segmentation: storeSegmentation(userWords, cuts, p),
      };
      const dir = path.dirname(this.file);
      // created exclusively under a random name, readable by the user alone: a link or file planted at
      // the name in a shared folder is never followed or overwritten
      const tmp = `${this.file}.${crypto.randomBytes(12).toString('hex')}.tmp`;
      const fd = fs.openSync(tmp, 'wx', 0o600);
      try {
        fs.writeFileSync(fd, JSON.stringify(content));
      } finally {
        fs.closeSync(fd);
      }
      try {
        fs.renameSync(tmp, this.file);
      } catch (e) {
        fs.rmSync(tmp, { force: true });
        throw e;
      }
      prune(dir);
    } catch {
      /* a cache that cannot be written is no cache */
    }
  }
}

/** Keeps the user's MAX_FILES most recently used cache files (another user's, in a shared sticky folder, are left alone). */
function prune(dir: string): void {
  const files = fs
    .readdirSync(dir)
    .filter((f) => /^corpus-[0-9a-f]+\.json$/.test(f))
    .map((f) => ({ f, st: fs.lstatSync(path.join(dir, f)) }))
    .filter(({ st }) => st.isFile() && (uid === undefined || st.uid === uid))
    .sort((a, b) => b.st.mtimeMs - a.st.mtimeMs);
  for (const { f } of files.slice(MAX_FILES)) fs.rmSync(path.join(dir, f), { force: true });
}
