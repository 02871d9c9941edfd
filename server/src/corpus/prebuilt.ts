// The built-in corpus, read, validated and segmented when Tifa is built (scripts/build.mjs runs
// scripts/prebuild-corpus.ts, which writes dist/builtin-corpus.json). The very first start after an
// install then needs neither the YAML parse and schema validation nor jieba's dictionary; with user
// corpus folders, only those are read from their YAML (the built-in folder's entries come from here,
// and are merged with theirs exactly as if it had been read).
//
// Never stale: the file records the build it came from (TIFA_BUILD_ID, a hash of the loader's sources,
// the schemas and the segmenter's version and dictionary, defined by the build) and the SHA-1 of every
// file under the built-in corpus folder. It is used only by a program of the same build, for the
// built-in corpus folder, and only if every file there still has the recorded content; paths inside it
// are stored relative to the corpus folder, which moves when Tifa is installed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CorpusDocument } from '../core/types';
import { walk } from '../io/walk';
import { decode, encode, hashBytes, hashFile } from './cache';
import { storeSegmentation, type StoredSegmentation } from './segmentation';
import type { FolderLoad } from './load';

declare const TIFA_BUILD_ID: string | undefined;

export const PREBUILT_NAME = 'builtin-corpus.json';
const FORMAT = 2;
/** Stands for the built-in corpus folder inside the stored JSON (as JSON text: \u0001R). */
const ROOT_TOKEN = '\u0001R';
const URL_TOKEN = '\u0001U';

interface PrebuiltFile {
  format: number;
  build: string;
  /** every file under the corpus folder: [relative path with '/', sha1] */
  content: Array<[string, string]>;
  /** JSON text of the folder as read (FolderLoad, documents without their text), the folder replaced by tokens */
  load: string;
  /** per document entry, in order: its text file, relative to the corpus folder */
  texts: string[];
  /** jieba's answers about the built-in corpus alone (with user folders other words apply) */
  segmentation: StoredSegmentation;
}

export interface Prebuilt {
  /** the built-in folder as loadCorpus() would read it first */
  first: FolderLoad;
  segmentation: StoredSegmentation;
}

/** The build this program comes from; undefined when running from sources (no prebuilt index then). */
export function buildId(): string | undefined {
  return typeof TIFA_BUILD_ID === 'string' && TIFA_BUILD_ID ? TIFA_BUILD_ID : undefined;
}

/** Every file under `root` with its SHA-1, sorted; dot files included, since anything may be read. */
function contentOf(root: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  walk(root, {
    entry: ({ path: p, kind }) => {
      if (kind === 'folder') return true;
      const r = path.relative(root, p).split(path.sep).join('/');
      if (kind === 'link') out.push([r, `link:${fs.readlinkSync(p)}`]);
      else if (kind === 'file') out.push([r, hashFile(p)]);
      else out.push([r, 'special']);
      return false;
    },
  });
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const jsonText = (s: string) => JSON.stringify(s).slice(1, -1);

function replaceAll(text: string, from: string, to: string): string {
  return from ? text.split(from).join(to) : text;
}

const relativeTo = (abs: string, d: CorpusDocument): string => {
  const file = new URL(d.uri);
  const rel = path.relative(abs, decodeURIComponent(file.pathname));
  if (file.protocol !== 'file:' || rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`document ${d.uri} is outside ${abs}`);
  return rel.split(path.sep).join('/');
};

/** Writes the prebuilt index of the corpus folder `root` (the build step). */
export function writePrebuilt(
  outFile: string,
  root: string,
  first: FolderLoad,
  userWords: string[],
  cuts: Map<string, number[]>,
  pairs: Uint32Array | undefined,
): void {
  const build = buildId();
  if (!build) throw new Error('no build id: the prebuilt corpus index is written by a bundled build only');
  const abs = path.resolve(root);
  const texts: string[] = [];
  const entries = first.entries.map((p) => {
    if (p.kind !== 'document') return p;
    const d = p.value as CorpusDocument;
    texts.push(relativeTo(abs, d));
    return { ...p, value: { ...d, text: '' } };
  });
  let load = encode({ ...first, entries });
  // the URL first: it contains the path
  load = replaceAll(load, jsonText(pathToFileURL(abs).href), jsonText(URL_TOKEN));
  load = replaceAll(load, jsonText(abs), jsonText(ROOT_TOKEN));
  const file: PrebuiltFile = { format: FORMAT, build, content: contentOf(abs), load, texts, segmentation: storeSegmentation(userWords, cuts, pairs) };
  fs.writeFileSync(outFile, JSON.stringify(file));
}

/**
 * The prebuilt reading of the corpus folder `root` from `file`, if it was built by this build from the
 * same content; undefined otherwise (then the folder is read from its files).
 */
export function readPrebuilt(file: string, root: string): Prebuilt | undefined {
  try {
    const build = buildId();
    if (!build || !fs.existsSync(file)) return undefined;
    const p = JSON.parse(fs.readFileSync(file, 'utf8')) as PrebuiltFile;
    if (p.format !== FORMAT || p.build !== build) return undefined;
    const abs = path.resolve(root);
    const now = contentOf(abs);
    if (now.length !== p.content.length || now.some(([r, h], i) => r !== p.content[i][0] || h !== p.content[i][1])) return undefined;
    let load = replaceAll(p.load, jsonText(URL_TOKEN), jsonText(pathToFileURL(abs).href));
    load = replaceAll(load, jsonText(ROOT_TOKEN), jsonText(abs));
    const first = decode<FolderLoad>(load);
    const docs = first.entries.filter((e) => e.kind === 'document').map((e) => e.value as CorpusDocument);
    if (docs.length !== p.texts.length) return undefined;
    // the texts are read after the hashing: each must still have its recorded hash; and decoded as the
    // loader decodes them (readRegularFile)
    const recorded = new Map(p.content);
    for (let i = 0; i < docs.length; i++) {
      const bytes = fs.readFileSync(path.join(abs, ...p.texts[i].split('/')));
      if (hashBytes(bytes) !== recorded.get(p.texts[i])) return undefined;
      docs[i].text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    }
    return { first, segmentation: p.segmentation };
  } catch {
    return undefined;
  }
}
