// The built-in corpus, loaded, validated and segmented when Tifa is built (scripts/build.mjs runs
// scripts/prebuild-corpus.ts, which writes dist/builtin-corpus.json). The very first start after an
// install then needs neither the YAML parse and schema validation nor jieba's dictionary.
//
// Never stale: the file records the build it came from (TIFA_BUILD_ID, a hash of the loader's sources,
// the schemas and the segmenter's version and dictionary, defined by the build) and the SHA-1 of every
// file under the built-in corpus folder. It is used only by a program of the same build, for the
// built-in corpus alone, and only if every file there still has the recorded content; paths inside it
// are stored relative to the corpus folder, which moves when Tifa is installed.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Knowledge } from '../core/types';
import { decode, encode, hashFile, storedSegmentation, storeSegmentation, type CacheHit, type StoredSegmentation } from './cache';
import type { LoadResult } from './load';

declare const TIFA_BUILD_ID: string | undefined;

export const PREBUILT_NAME = 'builtin-corpus.json';
const FORMAT = 1;
/** Stands for the built-in corpus folder inside the stored JSON (as JSON text: \u0001R). */
const ROOT_TOKEN = '\u0001R';
const URL_TOKEN = '\u0001U';

interface PrebuiltFile {
  format: number;
  build: string;
  /** every file under the corpus folder: [relative path with '/', sha1] */
  content: Array<[string, string]>;
  /** JSON text of { knowledge (documents without text), problems, files } with the folder replaced by tokens */
  load: string;
  /** per document: its text file, relative to the corpus folder */
  texts: string[];
  segmentation: StoredSegmentation;
}

/** The build this program comes from; undefined when running from sources (no prebuilt index then). */
export function buildId(): string | undefined {
  return typeof TIFA_BUILD_ID === 'string' && TIFA_BUILD_ID ? TIFA_BUILD_ID : undefined;
}

/** Every file under `root` with its SHA-1, sorted; dot files included, since anything may be read. */
function contentOf(root: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const visit = (dir: string, rel: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isSymbolicLink()) out.push([r, `link:${fs.readlinkSync(p)}`]);
      else if (e.isDirectory()) visit(p, r);
      else if (e.isFile()) out.push([r, hashFile(p)]);
      else out.push([r, 'special']);
    }
  };
  visit(root, '');
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

const jsonText = (s: string) => JSON.stringify(s).slice(1, -1);

function replaceAll(text: string, from: string, to: string): string {
  return from ? text.split(from).join(to) : text;
}

/** Writes the prebuilt index of the corpus folder `root` (the build step). */
export function writePrebuilt(outFile: string, root: string, result: LoadResult, userWords: string[], cuts: Map<string, number[]>, pairs: Uint32Array | undefined): void {
  const build = buildId();
  if (!build) throw new Error('no build id: the prebuilt corpus index is written by a bundled build only');
  const abs = path.resolve(root);
  const texts = result.knowledge.documents.map((d) => {
    const file = new URL(d.uri);
    const rel = path.relative(abs, decodeURIComponent(file.pathname));
    if (file.protocol !== 'file:' || rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`document ${d.uri} is outside ${abs}`);
    return rel.split(path.sep).join('/');
  });
  const knowledge = { ...result.knowledge, documents: result.knowledge.documents.map((d) => ({ ...d, text: '' })) };
  let load = encode({ knowledge, problems: result.problems, files: result.files });
  // the URL first: it contains the path
  load = replaceAll(load, jsonText(pathToFileURL(abs).href), jsonText(URL_TOKEN));
  load = replaceAll(load, jsonText(abs), jsonText(ROOT_TOKEN));
  const file: PrebuiltFile = {
    format: FORMAT,
    build,
    content: contentOf(abs),
    load,
    texts,
    segmentation: storeSegmentation(userWords, cuts, pairs),
  };
  fs.writeFileSync(outFile, JSON.stringify(file));
}

/**
 * The prebuilt load of the corpus folder `root` from `file`, if it was built by this build from the
 * same content; undefined otherwise (then the corpus is loaded from its files).
 */
export function readPrebuilt(file: string, root: string, userWordsOf: (k: Knowledge) => string[]): CacheHit | undefined {
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
    const loaded = decode<LoadResult>(load);
    const docs = loaded.knowledge.documents;
    if (docs.length !== p.texts.length) return undefined;
    for (let i = 0; i < docs.length; i++) docs[i].text = fs.readFileSync(path.join(abs, ...p.texts[i].split('/')), 'utf8');
    // read after hashing: a file changed in between is caught here
    if (contentOf(abs).some(([r, h], i) => r !== p.content[i][0] || h !== p.content[i][1])) return undefined;
    return { ...loaded, segmentation: storedSegmentation(p.segmentation, userWordsOf(loaded.knowledge)) };
  } catch {
    return undefined;
  }
}
