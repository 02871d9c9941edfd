// Loading a corpus: walk folders for YAML, parse with positions, validate against the JSON Schemas,
// check references, and merge user folders over the built-in corpus. Never throws: every problem is
// returned as file:line:column: message, and the entries that loaded cleanly are kept.
import { decodeText } from '../io/decode';
import { readBytes } from '../io/read';
import { byLocale, walk } from '../io/walk';
import type { ErrorObject } from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { CorpusDocument, EntryTest, EntryTests, Formulation, Knowledge, Occasion, Quotation, Source, Statistic, Term } from '../core/types';
import { emptyKnowledge } from '../core/types';
import type { Reason } from '../core/i18n';
import { explainSchemaError, readProblemText } from './explain';
import * as VALIDATORS from './validators';

export interface CorpusFolder {
  /** shown in hover: "built-in" or the folder the user named */
  name: string;
  path: string;
}

export interface Problem {
  file: string;
  line: number;
  column: number;
  message: string;
  /** the message in the writer's words, Chinese and English (schema errors; see explain.ts) */
  text?: { zh: string; en: string };
  severity: 'error' | 'warning';
}

export interface LoadResult {
  knowledge: Knowledge;
  problems: Problem[];
  files: string[];
}

/**
 * What one corpus load accepts. Beyond a limit the file (or the rest of the folder) is skipped with a
 * file:line:column problem; the load itself never hangs. Parsing YAML takes about 0.4 s per MB, and the
 * shipped corpus is under 0.1 MB per file.
 */
export const LOAD_LIMITS = {
  /** one corpus YAML file */
  maxYamlBytes: 2 * 1024 * 1024,
  /** all YAML files of one load together */
  maxTotalYamlBytes: 16 * 1024 * 1024,
  /** one document's text file */
  maxTextBytes: 16 * 1024 * 1024,
  /** all document texts of one load together */
  maxTotalTextBytes: 256 * 1024 * 1024,
  maxFiles: 5000,
  /** folders walked per corpus folder (a corpus path set to / or ~ by mistake) */
  maxFolders: 2000,
  maxDepth: 12,
  /** problems reported per file; the rest are counted in one last problem */
  maxProblemsPerFile: 50,
  /**
   * YAML nodes per file, estimated before parsing from its separators (, [ { : - and line breaks, an
   * upper bound): the YAML library takes ~10 µs and ~1.4 KB per node, so 600,000 empty entries in a
   * 1.8 MB file took 6 s and 800 MB before any validation. The shipped files have 0.07 per byte (a
   * 1.4 MB file of their kind fits).
   */
  maxYamlNodes: 100_000,
  /** …and in all the YAML files of one load together (160 files of 100,000 would take minutes) */
  maxTotalYamlNodes: 800_000,
  /**
   * Characters of text (keys and values) once YAML aliases are expanded: per entry, per file, and in
   * the entries of one load together. 99 aliases to one 600,000-character quotation passed every file
   * limit and took 3.3 GB to index; the shipped corpus has 170,000 characters in all, and 2,000,000
   * took 20 s and 670 MB in `tifa corpus check` on the bench machine.
   */
  maxEntryChars: 20_000,
  maxFileChars: 1_000_000,
  maxTotalChars: 1_000_000,
};

/** Bytes read (and characters of entry text loaded) so far by one load, against the total limits. */
export interface Budget {
  yaml: number;
  text: number;
  /** characters of text in the loaded entries, aliases expanded */
  chars: number;
  /** YAML nodes parsed (estimated, see yamlNodeEstimate) */
  nodes?: number;
}

/** A value as a problem message shows it: at most `max` characters (a 1.5 MB YAML key was repeated whole). */
export function shown(value: unknown, max = 80): string {
  const s = typeof value === 'string' ? value : String(value);
  return s.length > max ? `${s.slice(0, max)}… (${s.length} characters)` : s;
}

/**
 * Characters of text in a value as loaded (strings and keys; an alias counts as many times as it is
 * used), counting no further than `limit` + 1: the walk stops there.
 */
export function textSize(value: unknown, limit: number): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length && n <= limit) {
    const v = stack.pop();
    if (typeof v === 'string') n += v.length;
    else if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
    else if (v && typeof v === 'object') {
      for (const k of Object.keys(v)) {
        n += k.length;
        stack.push((v as Record<string, unknown>)[k]);
      }
    } else if (v !== undefined && v !== null) n += String(v).length;
  }
  return n;
}

/** An upper bound of the number of nodes of a YAML text, from its separators: linear, before any parsing. */
export function yamlNodeEstimate(source: string): number {
  let n = 1;
  for (let i = 0; i < source.length; i++) {
    const c = source.charCodeAt(i);
    if (c === 0x2c || c === 0x5b || c === 0x7b || c === 0x3a || c === 0x2d || c === 0x0a) n++;
  }
  return n;
}

/** Is `file` (after resolving every link) inside the folder whose real path is `realRoot`? */
export function insideReal(file: string, realRoot: string): boolean {
  let real: string;
  try {
    real = fs.realpathSync(file);
  } catch {
    return true; // does not exist (yet): reading it reports that
  }
  const rel = path.relative(realRoot, real);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Reads a regular file of at most `max` bytes (io/read.ts) and decodes it as the CLI decodes a writer's
 * file (UTF-8 with its BOM dropped, UTF-16 with BOM, GB18030/GBK). FIFOs, devices and sockets are refused
 * without blocking (a FIFO named *.yaml, or a document text pointing at /dev/zero, would otherwise hang the
 * load). The refusals are worded for corpus problems (a Reason; explain.ts `readProblemText` says it in
 * both languages).
 */
export function readRegularFile(
  file: string,
  max: number,
  what: 'a corpus YAML file' | 'a document text',
): { text: string; bytes: number } | { error: Reason } {
  const read = readBytes(file, { max, regularOnly: true });
  if ('refused' in read) {
    const r = read.refused;
    if (r.kind === 'directory') return { error: { key: 'corpus.read.folder' } };
    if (r.kind === 'too-large')
      return {
        error: {
          key: what === 'a document text' ? 'corpus.read.tooLarge.text' : 'corpus.read.tooLarge.yaml',
          vars: { size: (r.size / 1048576).toFixed(1), max: max / 1048576 },
        },
      };
    if (r.kind === 'error')
      return { error: r.error.code === 'ENOENT' ? { key: 'corpus.read.gone' } : { key: 'read.system', vars: { detail: r.error.message } } };
    return { error: { key: 'read.notRegular' } };
  }
  const decoded = decodeText(read.bytes);
  return 'error' in decoded ? { error: decoded.error } : { text: decoded.text, bytes: read.bytes.length };
}

export type Kind = 'terms' | 'quotations' | 'occasions' | 'formulations' | 'statistics' | 'document';

/** The validator of a kind's JSON Schema (compiled at build time: validators.js). */
function validator(kind: Kind) {
  // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the generated module exports one validator per kind, all used
  return VALIDATORS[kind];
}

/** Files of a corpus folder, depth-first, sorted; symlink loops and oversized trees are reported, not followed. */
function corpusFiles(root: string, problems: Problem[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let realRoot: string | undefined;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    /* reported below as an unreadable folder */
  }
  let folders = 0;
  let stopped = false;
  walk(root, {
    order: byLocale,
    follow: true,
    skip: skippedName,
    enter: (dir, depth) => {
      const real = fs.realpathSync(dir);
      if (seen.has(real)) {
        problems.push({ file: dir, line: 1, column: 1, message: 'symlink loop: folder already visited, skipped', severity: 'warning' });
        return false;
      }
      seen.add(real);
      if (++folders > LOAD_LIMITS.maxFolders) {
        problems.push({
          file: dir,
          line: 1,
          column: 1,
          message: `more than ${LOAD_LIMITS.maxFolders} folders under ${root}: is this really a corpus folder? The rest is skipped`,
          severity: 'error',
        });
        stopped = true;
        return false;
      }
      if (depth > LOAD_LIMITS.maxDepth) {
        problems.push({ file: dir, line: 1, column: 1, message: `folder nested deeper than ${LOAD_LIMITS.maxDepth} levels, skipped`, severity: 'warning' });
        return false;
      }
      return true;
    },
    unreadable: (dir, e) => {
      problems.push({ file: dir, line: 1, column: 1, message: `cannot read folder: ${e.message}`, severity: 'error' });
    },
    stopped: () => stopped,
    entry: ({ name, path: p, kind, link }) => {
      if (kind === 'broken') {
        problems.push({ file: p, line: 1, column: 1, message: 'broken symbolic link, skipped', severity: 'warning' });
        return false;
      }
      const yaml = /\.ya?ml$/i.test(name);
      // a corpus reads only files inside its folder, judged on the real path (after every link)
      if (link && (kind === 'folder' || yaml) && realRoot && !insideReal(p, realRoot)) {
        problems.push({
          file: p,
          line: 1,
          column: 1,
          message: `symbolic link to ${kind === 'folder' ? 'a folder' : 'a file'} outside the corpus folder (${shown(fs.readlinkSync(p))}), skipped`,
          severity: 'error',
        });
        return false;
      }
      if (kind === 'folder') return true;
      if (!yaml) return false;
      if (kind !== 'file') {
        problems.push({ file: p, line: 1, column: 1, message: 'not a regular file (a FIFO, device or socket), skipped', severity: 'warning' });
        return false;
      }
      if (out.length >= LOAD_LIMITS.maxFiles) {
        problems.push({ file: p, line: 1, column: 1, message: `more than ${LOAD_LIMITS.maxFiles} corpus files, the rest skipped`, severity: 'error' });
        stopped = true;
        return false;
      }
      out.push(p);
      return false;
    },
  });
  return out;
}

/** Names a corpus folder never reads, nor goes into: dot files and folders, node_modules, schema. */
export function skippedName(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules' || name === 'schema';
}

function position(lc: LineCounter, offset: number): { line: number; column: number } {
  const p = lc.linePos(offset);
  return { line: p.line, column: p.col };
}

/** The YAML node at a JSON pointer path (ajv instancePath), or the closest ancestor. */
function nodeAt(doc: Document, pointer: string): Node | undefined {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: unknown = doc.contents;
  let last: Node | undefined = doc.contents ?? undefined;
  for (const part of parts) {
    if (isMap(node)) {
      const pair = node.items.find((it) => (it.key as { value?: unknown })?.value === part);
      node = pair?.value;
    } else if (isSeq(node)) node = node.items[Number(part)];
    else break;
    if (node && (node as Node).range) last = node as Node;
  }
  return last;
}

function describeAjvError(e: ErrorObject): string {
  const where = e.instancePath ? shown(e.instancePath.replace(/^\//, '').replace(/\//g, '.'), 120) : 'file';
  switch (e.keyword) {
    case 'required':
      return `${where}: missing required property '${shown((e.params as { missingProperty: string }).missingProperty)}'`;
    case 'additionalProperties':
      return `${where}: unknown property '${shown((e.params as { additionalProperty: string }).additionalProperty)}'`;
    case 'enum':
      return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `${where}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
    default:
      return `${where}: ${e.message}`;
  }
}

function tests(raw: unknown): EntryTests {
  const norm = (items: unknown): EntryTest[] => (Array.isArray(items) ? items.map((it) => (typeof it === 'string' ? { text: it } : (it as EntryTest))) : []);
  const r = (raw ?? {}) as { flag?: unknown; pass?: unknown };
  return { flag: norm(r.flag), pass: norm(r.pass) };
}

type Raw = Record<string, unknown>;
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** One entry as read from its file, before folders are merged. */
export interface Pending {
  kind: Kind;
  id: string;
  file: string;
  line: number;
  column: number;
  corpus: string;
  value: unknown;
}

/** One corpus folder as read: its entries in order (duplicates within it removed), problems, files, bytes. */
export interface FolderLoad {
  entries: Pending[];
  problems: Problem[];
  files: string[];
  /** bytes of YAML and of document texts read, counted against the limits of the whole load */
  bytes: Budget;
}

/** Reads one folder, counting what it reads into `budget` (shared by the folders of one load). */
function readFolder(folder: CorpusFolder, budget: Budget): FolderLoad {
  const problems: Problem[] = [];
  const files: string[] = [];
  const before = { ...budget };
  if (!fs.existsSync(folder.path)) {
    problems.push({ file: folder.path, line: 1, column: 1, message: 'corpus folder does not exist', severity: 'error' });
    return { entries: [], problems, files, bytes: { yaml: 0, text: 0, chars: 0 } };
  }
  const local = new Map<string, Pending>();
  for (const file of corpusFiles(folder.path, problems)) {
    files.push(file);
    for (const p of loadFile(file, folder, problems, budget)) {
      const key = `${p.kind}:${p.id}`;
      const prev = local.get(key);
      if (prev) {
        problems.push({
          file: p.file,
          line: p.line,
          column: p.column,
          message: `duplicate id '${shown(p.id)}' (${p.kind}); first defined at ${prev.file}:${prev.line}`,
          severity: 'error',
        });
        continue;
      }
      local.set(key, p);
    }
  }
  return {
    entries: [...local.values()],
    problems,
    files,
    bytes: {
      yaml: budget.yaml - before.yaml,
      text: budget.text - before.text,
      chars: budget.chars - before.chars,
      nodes: (budget.nodes ?? 0) - (before.nodes ?? 0),
    },
  };
}

/** The first folder of a load read on its own, as loadCorpus() reads it (for the prebuilt index). */
export function readFirstFolder(folder: CorpusFolder): FolderLoad {
  return readFolder(folder, { yaml: 0, text: 0, chars: 0 });
}

/**
 * Loads and merges corpus folders; later folders override earlier ones by kind and id. `first`, when
 * given, is the first folder as readFirstFolder() read it, taken instead of reading that folder again.
 */
export function loadCorpus(folders: CorpusFolder[], first?: FolderLoad): LoadResult {
  const problems: Problem[] = [];
  const files: string[] = [];
  const merged = new Map<string, Pending>();
  const budget: Budget = { yaml: 0, text: 0, chars: 0 };
  folders.forEach((folder, i) => {
    let read: FolderLoad;
    if (i === 0 && first) {
      read = first;
      budget.yaml += first.bytes.yaml;
      budget.text += first.bytes.text;
      budget.chars += first.bytes.chars ?? 0;
      budget.nodes = (budget.nodes ?? 0) + (first.bytes.nodes ?? 0);
    } else read = readFolder(folder, budget);
    for (const p of read.problems) problems.push(p);
    for (const f of read.files) files.push(f);
    for (const p of read.entries) merged.set(`${p.kind}:${p.id}`, p);
  });
  const knowledge = emptyKnowledge();
  for (const p of merged.values()) {
    const origin = { corpus: p.corpus, file: p.file, line: p.line, column: p.column };
    const v = p.value as Raw;
    switch (p.kind) {
      case 'terms':
        knowledge.terms.push({
          id: p.id,
          origin,
          term: v.term as string,
          aliases: strs(v.aliases),
          category: str(v.category),
          definition: v.definition as Term['definition'],
          related: strs(v.related),
          tests: tests(v.tests),
        });
        break;
      case 'quotations':
        knowledge.quotations.push({
          id: p.id,
          origin,
          text: v.text as string,
          speaker: v.speaker as string,
          occasion: v.occasion as string,
          date: v.date as string,
          source: v.source as Source,
          publishedIn: (v.published_in as Source[]) ?? [],
          variants: strs(v.variants),
          clauses: strs(v.clauses),
          keywords: strs(v.keywords),
          tests: tests(v.tests),
        } satisfies Quotation);
        break;
      case 'occasions':
        knowledge.occasions.push({
          id: p.id,
          origin,
          name: v.name as string,
          aliases: strs(v.aliases),
          type: v.type as string,
          date: v.date as string,
          end: str(v.end),
          place: str(v.place),
          speaker: str(v.speaker),
          within: str(v.within),
          source: v.source as Source,
          tests: tests(v.tests),
        } satisfies Occasion);
        break;
      case 'formulations':
        knowledge.formulations.push({
          id: p.id,
          origin,
          right: v.right as string,
          wrong: strs(v.wrong),
          status: v.status as Formulation['status'],
          since: str(v.since),
          code: (str(v.code) as Formulation['code']) ?? 'nonstandard-formulation',
          reason: v.reason as string,
          source: v.source as Source,
          ...(v.exceptAfter ? { exceptAfter: strs(v.exceptAfter) } : {}),
          ...(v.onlyAfter ? { onlyAfter: strs(v.onlyAfter) } : {}),
          ...(v.onlyBefore ? { onlyBefore: strs(v.onlyBefore) } : {}),
          ...(v.exceptBefore ? { exceptBefore: strs(v.exceptBefore) } : {}),
          ...(v.severity ? { severity: v.severity as Formulation['severity'] } : {}),
          tests: tests(v.tests),
        });
        break;
      case 'statistics':
        knowledge.statistics.push({
          id: p.id,
          origin,
          name: v.name as string,
          aliases: strs(v.aliases),
          unit: v.unit as string,
          definition: str(v.definition),
          source: v.source as Source,
          values: v.values as Statistic['values'],
          nextRelease: str(v.next_release),
          releaseSchedule: str(v.release_schedule),
          targets: v.targets as Statistic['targets'],
          tests: tests(v.tests),
        });
        break;
      case 'document':
        knowledge.documents.push(p.value as CorpusDocument);
        break;
    }
  }
  crossCheck(knowledge, merged, problems);
  return { knowledge, problems, files };
}

/** Loads one corpus file; its problems (at most LOAD_LIMITS.maxProblemsPerFile) go to `problems`. */
function loadFile(file: string, folder: CorpusFolder, problems: Problem[], budget: Budget): Pending[] {
  const own: Problem[] = [];
  let out: Pending[] = [];
  try {
    out = parseFile(file, folder, own, budget);
  } catch (e) {
    // a bug, or a resource limit of the YAML library: the file is reported, the load goes on
    own.push({ file, line: 1, column: 1, message: `cannot load this file: ${(e as Error).message}`, severity: 'error' });
    out = [];
  }
  const max = LOAD_LIMITS.maxProblemsPerFile;
  problems.push(...own.slice(0, max));
  if (own.length > max) {
    const errors = own.slice(max).filter((p) => p.severity === 'error').length;
    const unchecked = (own as ProblemList).unchecked;
    const rest = unchecked ? `; the ${unchecked} entries after them were not checked` : '';
    problems.push({
      ...own[max],
      text: undefined,
      message: `more problems in this file are not shown (the first ${max} are)${rest}`,
      severity: errors ? 'error' : 'warning',
    });
  }
  return out;
}

/** The problems of one file; validation stops once there are more than can be shown, counting the entries it left. */
type ProblemList = Problem[] & { unchecked?: number };

function parseFile(file: string, folder: CorpusFolder, problems: ProblemList, budget: Budget): Pending[] {
  const corpus = folder.name;
  if (budget.yaml >= LOAD_LIMITS.maxTotalYamlBytes) {
    problems.push({
      file,
      line: 1,
      column: 1,
      message: `the corpus YAML files together exceed ${LOAD_LIMITS.maxTotalYamlBytes / 1048576} MB; skipped`,
      severity: 'error',
    });
    return [];
  }
  const read = readRegularFile(file, Math.min(LOAD_LIMITS.maxYamlBytes, LOAD_LIMITS.maxTotalYamlBytes - budget.yaml), 'a corpus YAML file');
  if ('error' in read) {
    problems.push({ file, line: 1, column: 1, ...readProblemText((reason) => `cannot read file: ${reason}`, read.error), severity: 'error' });
    return [];
  }
  const source = read.text;
  budget.yaml += read.bytes;
  const nodes = yamlNodeEstimate(source);
  if (nodes > LOAD_LIMITS.maxYamlNodes) {
    problems.push({
      file,
      line: 1,
      column: 1,
      message: `about ${nodes} YAML nodes, over the limit of ${LOAD_LIMITS.maxYamlNodes} for one corpus file; skipped (split it into several files)`,
      severity: 'error',
    });
    return [];
  }
  if ((budget.nodes ?? 0) + nodes > LOAD_LIMITS.maxTotalYamlNodes) {
    problems.push({
      file,
      line: 1,
      column: 1,
      message: `the corpus YAML files together have more than ${LOAD_LIMITS.maxTotalYamlNodes} YAML nodes; skipped`,
      severity: 'error',
    });
    return [];
  }
  budget.nodes = (budget.nodes ?? 0) + nodes;
  const lc = new LineCounter();
  // uniqueKeys is checked below in linear time (the library's own check is quadratic: 100,000 keys took minutes)
  const doc = parseDocument(source, { lineCounter: lc, uniqueKeys: false, prettyErrors: false });
  if (doc.errors.length) {
    for (const e of doc.errors.slice(0, LOAD_LIMITS.maxProblemsPerFile + 1)) {
      const { line, column } = position(lc, e.pos[0]);
      const m = e.message.split('\n')[0];
      problems.push({ file, line, column, message: `YAML: ${/call stack/i.test(m) ? 'nested too deeply' : shown(m, 200)}`, severity: 'error' });
    }
    return [];
  }
  const dups = duplicateKeys(doc, lc);
  if (dups.length) {
    for (const d of dups) problems.push({ file, ...d, severity: 'error' });
    return [];
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    problems.push({ file, line: 1, column: 1, message: `YAML: ${shown((e as Error).message, 200)}`, severity: 'error' });
    return [];
  }
  // the text as loaded, aliases expanded: bounded per file before anything else looks at it
  const fileChars = textSize(data, LOAD_LIMITS.maxFileChars);
  if (fileChars > LOAD_LIMITS.maxFileChars) {
    problems.push({
      file,
      line: 1,
      column: 1,
      message: `more than ${LOAD_LIMITS.maxFileChars} characters of text once its YAML aliases are expanded, over the limit for one corpus file; skipped`,
      severity: 'error',
    });
    return [];
  }
  const at = (pointer: string) => {
    const node = nodeAt(doc, pointer);
    return position(lc, node?.range?.[0] ?? 0);
  };
  /** Where an ajv error points: an unknown property at its key, anything else at its value. */
  const atError = (e: ErrorObject) => {
    if (e.keyword === 'additionalProperties') {
      const map = nodeAt(doc, e.instancePath);
      const name = (e.params as { additionalProperty: string }).additionalProperty;
      const pair = isMap(map) ? map.items.find((it) => isScalar(it.key) && String(it.key.value) === name) : undefined;
      const key = pair?.key as Node | undefined;
      if (key?.range) return position(lc, key.range[0]);
    }
    return at(e.instancePath);
  };
  if (!data || typeof data !== 'object' || Array.isArray(data)) {
    problems.push({ file, line: 1, column: 1, message: "a corpus file is a mapping with 'kind:' at the top", severity: 'error' });
    return [];
  }
  const kind = (data as Raw).kind as Kind;
  if (!['terms', 'quotations', 'occasions', 'formulations', 'statistics', 'document'].includes(kind)) {
    const { line, column } = at('/kind');
    problems.push({
      file,
      line,
      column,
      message: `unknown or missing 'kind': expected terms, quotations, occasions, formulations, statistics or document`,
      severity: 'error',
    });
    return [];
  }
  const validate = validator(kind);
  const out: Pending[] = [];
  if (kind === 'document') {
    if (!validate(data)) {
      for (const e of dedupeErrors(validate.errors ?? []).slice(0, LOAD_LIMITS.maxProblemsPerFile + 1))
        problems.push({ file, ...atError(e), message: describeAjvError(e), text: explainSchemaError(e, data), severity: 'error' });
      return [];
    }
    const d = data as Raw;
    const textFile = path.resolve(path.dirname(file), d.text as string);
    const rel = path.relative(path.resolve(folder.path), textFile);
    if (rel.startsWith('..') || path.isAbsolute(rel)) {
      problems.push({
        file,
        ...at('/text'),
        message: `document text '${shown(d.text)}' is outside the corpus folder; it must be a path inside it`,
        severity: 'error',
      });
      return [];
    }
    // …and so is the file it names once every link is resolved (a link to /etc/passwd is not a corpus text)
    let realRoot: string | undefined;
    try {
      realRoot = fs.realpathSync(folder.path);
    } catch {
      /* the folder vanished: reading the text reports it */
    }
    if (realRoot && !insideReal(textFile, realRoot)) {
      problems.push({
        file,
        ...at('/text'),
        message: `document text '${shown(d.text)}' is a symbolic link (or lies behind one) to a file outside the corpus folder; not read`,
        severity: 'error',
      });
      return [];
    }
    const chars = textSize({ ...d, text: undefined }, LOAD_LIMITS.maxEntryChars);
    if (chars > LOAD_LIMITS.maxEntryChars) {
      problems.push({
        file,
        ...at('/id'),
        message: `more than ${LOAD_LIMITS.maxEntryChars} characters of text in this document's entry (YAML aliases expanded); skipped`,
        severity: 'error',
      });
      return [];
    }
    if (budget.chars + chars > LOAD_LIMITS.maxTotalChars) {
      problems.push({
        file,
        ...at('/id'),
        message: `the corpus entries together exceed ${LOAD_LIMITS.maxTotalChars} characters of text (YAML aliases expanded); skipped`,
        severity: 'error',
      });
      return [];
    }
    if (budget.text >= LOAD_LIMITS.maxTotalTextBytes) {
      problems.push({
        file,
        ...at('/text'),
        message: `the document texts together exceed ${LOAD_LIMITS.maxTotalTextBytes / 1048576} MB; skipped`,
        severity: 'error',
      });
      return [];
    }
    const read = readRegularFile(textFile, Math.min(LOAD_LIMITS.maxTextBytes, LOAD_LIMITS.maxTotalTextBytes - budget.text), 'a document text');
    if ('error' in read) {
      problems.push({
        file,
        ...at('/text'),
        ...readProblemText((reason) => `cannot read document text '${d.text}': ${reason}`, read.error),
        severity: 'error',
      });
      return [];
    }
    const text = read.text;
    budget.text += read.bytes;
    budget.chars += chars;
    const defects = (d.defects as CorpusDocument['defects']) ?? [];
    defects.forEach((def, i) => {
      if (!text.includes(def.text))
        problems.push({ file, ...at(`/defects/${i}/text`), message: `defect text not found in ${shown(d.text)}: ${shown(def.text)}`, severity: 'error' });
    });
    const { line, column } = at('/id');
    const value: CorpusDocument = {
      id: d.id as string,
      origin: { corpus, file, line, column },
      title: (d.title as string) ?? (d.id as string),
      author: str(d.author),
      publisher: str(d.publisher),
      venue: str(d.venue),
      date: str(d.date),
      quality: d.quality as CorpusDocument['quality'],
      uri: pathToFileURL(textFile).href,
      text,
      defects,
    };
    out.push({ kind, id: value.id, file, line, column, corpus, value });
    return out;
  }
  // kinds with entries: validate the file shape, then each entry on its own so good entries survive
  const entries = (data as Raw).entries;
  if (!Array.isArray(entries)) {
    const { line, column } = at('/entries');
    problems.push({ file, line, column, message: "missing 'entries:' list", severity: 'error' });
    return [];
  }
  // the file without its entries, then each entry on its own; validation stops once the file has more
  // problems than are shown (600,000 empty entries made 2.4 million errors: 12 s and 1.6 GB)
  const full = () => problems.length > LOAD_LIMITS.maxProblemsPerFile;
  const report = (errors: ErrorObject[], entry?: number) => {
    for (const e of dedupeErrors(errors)) {
      if (full()) return;
      const moved = entry === undefined ? e : { ...e, instancePath: e.instancePath.replace(/^\/entries\/0(?=\/|$)/, `/entries/${entry}`) };
      // positions are looked up for the reported ones only
      problems.push({ file, ...atError(moved), message: describeAjvError(moved), text: explainSchemaError(moved, data), severity: 'error' });
    }
  };
  if (!validate({ ...(data as Raw), entries: [] })) report(validate.errors ?? []);
  for (let i = 0; i < entries.length; i++) {
    if (full()) {
      problems.unchecked = entries.length - i;
      break;
    }
    const entry = entries[i];
    if (!validate({ kind, entries: [entry] })) {
      report(validate.errors ?? [], i);
      continue;
    }
    const { line, column } = at(`/entries/${i}`);
    const chars = textSize(entry, LOAD_LIMITS.maxEntryChars);
    if (chars > LOAD_LIMITS.maxEntryChars) {
      problems.push({
        file,
        line,
        column,
        message: `entries.${i}: more than ${LOAD_LIMITS.maxEntryChars} characters of text in one entry (YAML aliases expanded); skipped`,
        severity: 'error',
      });
      continue;
    }
    if (budget.chars + chars > LOAD_LIMITS.maxTotalChars) {
      problems.push({
        file,
        line,
        column,
        message: `entries.${i}: the corpus entries together exceed ${LOAD_LIMITS.maxTotalChars} characters of text (YAML aliases expanded); this entry and the ${entries.length - i - 1} after it skipped`,
        severity: 'error',
      });
      break;
    }
    budget.chars += chars;
    out.push({ kind, id: (entry as Raw).id as string, file, line, column, corpus, value: entry });
  }
  return out;
}

/** Keys repeated in one mapping, in linear time. */
function duplicateKeys(doc: Document, lc: LineCounter): Array<{ line: number; column: number; message: string }> {
  const out: Array<{ line: number; column: number; message: string }> = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const item of map.items) {
        const k = item.key;
        if (!isScalar(k)) continue;
        const key = String(k.value);
        if (seen.has(key)) {
          if (out.length <= LOAD_LIMITS.maxProblemsPerFile)
            out.push({ ...position(lc, k.range?.[0] ?? 0), message: `YAML: duplicate key '${key.slice(0, 80)}' in one mapping` });
        } else seen.add(key);
      }
    },
  });
  return out;
}

/** With oneOf/anyOf ajv reports every branch; keep the most specific message per path. */
function dedupeErrors(errors: ErrorObject[]): ErrorObject[] {
  const byPath = new Map<string, ErrorObject>();
  for (const e of errors) {
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') continue;
    const key = e.instancePath + '|' + e.keyword + '|' + JSON.stringify(e.params);
    if (!byPath.has(key)) byPath.set(key, e);
  }
  const out = [...byPath.values()];
  return out.length ? out : errors.slice(0, 1);
}

/** References between entries, and entry-level rules the schema cannot express. */
function crossCheck(k: Knowledge, merged: Map<string, Pending>, problems: Problem[]): void {
  const where = (kind: Kind, id: string) => merged.get(`${kind}:${id}`)!;
  const report = (kind: Kind, id: string, message: string) => {
    const p = where(kind, id);
    problems.push({ file: p.file, line: p.line, column: p.column, message, severity: 'error' });
  };
  const occ = new Set(k.occasions.map((o) => o.id));
  const terms = new Set(k.terms.map((t) => t.id));
  for (const q of k.quotations) {
    if (!occ.has(q.occasion)) report('quotations', q.id, `quotation ${shown(q.id)}: unknown occasion '${shown(q.occasion)}'`);
    for (const c of q.clauses)
      if (!q.text.includes(c) && !q.variants.some((v) => v.includes(c)))
        report('quotations', q.id, `quotation ${shown(q.id)}: clause is not part of the text or a variant: ${shown(c)}`);
  }
  for (const t of k.terms) {
    for (const r of t.related) if (!terms.has(r)) report('terms', t.id, `term ${shown(t.id)}: unknown related term '${shown(r)}'`);
    if (t.definition.occasion && !occ.has(t.definition.occasion))
      report('terms', t.id, `term ${shown(t.id)}: unknown occasion '${shown(t.definition.occasion)}'`);
  }
  for (const o of k.occasions)
    if (o.within && !occ.has(o.within)) report('occasions', o.id, `occasion ${shown(o.id)}: unknown 'within' occasion '${shown(o.within)}'`);
  for (const f of k.formulations) {
    if (f.status === 'superseded' && !f.since) report('formulations', f.id, `formulation ${shown(f.id)}: a superseded formulation needs 'since'`);
    for (const w of f.wrong) if (w === f.right) report('formulations', f.id, `formulation ${shown(f.id)}: wrong form equals the right form`);
  }
  for (const s of k.statistics) {
    const seen = new Set<string>();
    for (const v of s.values) {
      const key = `${v.year}|${v.vintage}|${v.value}|${v.document}`;
      if (seen.has(key))
        report(
          'statistics',
          s.id,
          `statistic ${shown(s.id)}: value ${shown(v.value)} for ${shown(v.year)} (${shown(v.vintage)}) listed twice from the same document`,
        );
      seen.add(key);
    }
  }
}
