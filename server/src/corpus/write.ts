// Writing into a user corpus folder ("加入本单位语料"): a quotation the writer selected, with its speaker,
// occasion (an existing one, or a new one written beside it), date and source, and entry tests made
// for it — the exact wording passes, a one-character change is flagged — then validated by loading the
// corpus with it. Nothing is left written when it does not validate. Also: a new corpus folder with a
// README (examples of every entry type, copied from the built-in corpus with their real sources) and
// starter files.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isSeq, parseDocument, type Node } from 'yaml';
import { checkText } from '../core/check';
import { t, type Locale } from '../core/i18n';
import { isHan, normalize } from '../core/normalize';
import type { Knowledge } from '../core/types';
import type { AddQuotationParams, AddQuotationResult, CreateFolderResult } from '../shared/protocol';
import { problemText } from './explain';
import { loadCorpus, type CorpusFolder } from './load';
import { openCorpus, type OpenCorpus } from './open';
import { exampleReadme } from './examples';

const DATE = /^\d{4}-\d{2}(-\d{2})?$/;
const OPENING = '“「『"‘';
const CLOSING = '”」』"’';
/** shorter wordings are not recognised in a writer's text (the index skips them) */
const MIN_CHARS = 6;

/** The wording as the writer selected it, without the quotation marks around it and line breaks inside. */
export function cleanQuotation(text: string): string {
  let s = text.replace(/\s*(\r\n|\r|\n)\s*/g, '').trim();
  while (s.length > 1 && OPENING.includes(s[0]) && CLOSING.includes(s[s.length - 1])) s = s.slice(1, -1).trim();
  if (OPENING.includes(s[0]) && !/[”」』"’]/.test(s.slice(1))) s = s.slice(1).trim();
  if (CLOSING.includes(s[s.length - 1]) && !/[“「『"‘]/.test(s.slice(0, -1))) s = s.slice(0, -1).trim();
  return s;
}

function shortHash(s: string): string {
  return createHash('sha1').update(s).digest('hex').slice(0, 6);
}

/** A YAML double-quoted scalar (a JSON string is one). */
const q = (s: string) => JSON.stringify(s);

function sourceYaml(s: AddQuotationParams['source'], speaker: string | undefined, indent: string): string {
  return [
    `${indent}title: ${q(s.title)}`,
    `${indent}publisher: ${q(s.publisher)}`,
    `${indent}date: ${q(s.date)}`,
    ...(speaker ? [`${indent}speaker: ${q(speaker)}`] : []),
    ...(s.url ? [`${indent}url: ${q(s.url)}`] : []),
  ].join('\n');
}

function quotationYaml(id: string, p: AddQuotationParams, occasion: string, text: string, tests: { pass: string[]; flag: string[] }): string {
  return [
    `- id: ${id}`,
    `  text: ${q(text)}`,
    `  speaker: ${q(p.speaker)}`,
    `  occasion: ${occasion}`,
    `  date: ${q(p.date)}`,
    `  source:`,
    sourceYaml(p.source, p.speaker, '    '),
    `  tests:`,
    `    flag:`,
    ...tests.flag.map((f) => `      - text: ${q(f)}\n        code: misquote`),
    ...(tests.flag.length ? [] : ['      []']),
    `    pass:`,
    ...tests.pass.map((s) => `      - ${q(s)}`),
  ]
    .join('\n')
    .replace('    flag:\n      []', '    flag: []');
}

function occasionYaml(id: string, o: Extract<AddQuotationParams['occasion'], { name: string }>, p: AddQuotationParams): string {
  return [
    `- id: ${id}`,
    `  name: ${q(o.name)}`,
    `  type: ${o.type}`,
    `  date: ${q(o.date)}`,
    ...(o.place ? [`  place: ${q(o.place)}`] : []),
    `  speaker: ${q(p.speaker)}`,
    `  source:`,
    sourceYaml(p.source, undefined, '    '),
  ].join('\n');
}

/**
 * Appends an entry (YAML text of one list item) to the `entries:` list of a corpus file of `kind`,
 * creating the file when there is none; comments and the other entries stay as they are.
 * Returns the new text and the 0-based line of the entry.
 */
function appendEntry(file: string, kind: string, entry: string, header: string): { text: string; line: number } | { error: string } {
  const itemNode = (parseDocument(entry).contents as Node & { items?: Node[] })?.items?.[0];
  if (!fs.existsSync(file)) {
    const text = `${header}kind: ${kind}\nentries:\n${entry.replace(/^/gm, '  ')}\n`;
    return { text, line: text.split('\n').findIndex((l) => l.startsWith('  - id:')) };
  }
  const old = fs.readFileSync(file, 'utf8');
  const doc = parseDocument(old);
  if (doc.errors.length) return { error: doc.errors[0].message.split('\n')[0] };
  if (!isMap(doc.contents) || doc.get('kind') !== kind) return { error: `kind: ${String(doc.get('kind'))}` };
  const entries = doc.get('entries', true);
  if (entries !== undefined && !isSeq(entries)) return { error: 'entries' };
  if (!itemNode) return { error: 'entry' };
  if (!isSeq(entries)) doc.set('entries', doc.createNode([]));
  const list = doc.get('entries', true);
  if (!isSeq(list)) return { error: 'entries' };
  list.flow = false;
  list.items.push(itemNode);
  const text = doc.toString({ lineWidth: 0 });
  const id = /^- id: (.*)$/m.exec(entry)![1];
  return { text, line: text.split('\n').findIndex((l) => new RegExp(`^\\s*- id: ${id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`).test(l)) };
}

/** One-character changes of `text` for the flag test: Chinese characters near the middle, outside key terms. */
function oneCharChanges(text: string, knowledge: Knowledge): string[] {
  const inTerm = new Uint8Array(text.length);
  for (const term of knowledge.terms) {
    for (const form of [term.term, ...term.aliases]) {
      if (form.length < 2) continue;
      for (let i = text.indexOf(form); i >= 0; i = text.indexOf(form, i + 1)) inTerm.fill(1, i, i + form.length);
    }
  }
  const positions: number[] = [];
  for (let i = 0; i < text.length; i++) if (isHan(text[i])) positions.push(i);
  const mid = text.length / 2;
  positions.sort((a, b) => inTerm[a] - inTerm[b] || Math.abs(a - mid) - Math.abs(b - mid));
  const out: string[] = [];
  for (const i of positions.slice(0, 8)) {
    const by = [...'之其以于'].find((c) => c !== text[i] && c !== text[i - 1] && c !== text[i + 1])!;
    out.push(text.slice(0, i) + by + text.slice(i + 1));
  }
  return out;
}

export interface AddContext {
  /** the user corpus folders in use (the target folder is added when it is not among them) */
  folders: string[];
  knowledge: Knowledge;
  today: string;
  locale: Locale;
  /**
   * Opens the corpus with these user folders (the language server loads in its corpus worker, off the
   * message loop); by default openCorpus, here and now.
   */
  open?: (folders: CorpusFolder[]) => Promise<OpenCorpus>;
}

/** Adds a quotation (and a new occasion) to a user corpus folder; see the file header. */
export async function addQuotation(p: AddQuotationParams, ctx: AddContext): Promise<AddQuotationResult> {
  const open = ctx.open ?? ((folders: CorpusFolder[]) => Promise.resolve(openCorpus(folders, { deferCache: true })));
  const L = ctx.locale;
  const fail = (message: string, problems?: string[]): AddQuotationResult => ({ ok: false, message, problems });
  const text = cleanQuotation(String(p?.text ?? ''));
  if (normalize(text).text.length < MIN_CHARS) return fail(t(L, 'add.tooShort', { min: MIN_CHARS }));
  if (!p.folder || !path.isAbsolute(p.folder)) return fail(t(L, 'add.noFolder'));
  if (!fs.existsSync(p.folder) || !fs.statSync(p.folder).isDirectory()) return fail(t(L, 'add.folderMissing', { folder: p.folder }));
  if (!p.speaker?.trim()) return fail(t(L, 'add.missing', { what: t(L, 'add.field.speaker') }));
  if (!DATE.test(p.date ?? '')) return fail(t(L, 'add.badDate', { what: t(L, 'add.field.date'), value: String(p.date ?? '') }));
  if (!p.source?.title?.trim() || !p.source.publisher?.trim()) return fail(t(L, 'add.missing', { what: t(L, 'add.field.source') }));
  if (!DATE.test(p.source.date ?? '')) return fail(t(L, 'add.badDate', { what: t(L, 'add.field.sourceDate'), value: String(p.source.date ?? '') }));
  if (p.source.url && !/^https?:\/\/\S+$/.test(p.source.url)) return fail(t(L, 'add.badUrl', { value: p.source.url }));
  const already = ctx.knowledge.quotations.find((x) => normalize(x.text).text === normalize(text).text);
  if (already) return fail(t(L, 'add.exists', { id: already.id, corpus: already.origin.corpus }));
  const source = { title: p.source.title.trim(), publisher: p.source.publisher.trim(), date: p.source.date, url: p.source.url?.trim() || undefined };
  const params: AddQuotationParams = { ...p, speaker: p.speaker.trim(), source };

  // the occasion: an existing one, or a new one written to occasions.yaml in the same folder
  let occasionId: string;
  let newOccasion: string | undefined;
  if ('id' in p.occasion) {
    occasionId = p.occasion.id;
    if (!ctx.knowledge.occasions.some((o) => o.id === occasionId)) return fail(t(L, 'add.unknownOccasion', { id: occasionId }));
  } else {
    const o = p.occasion;
    if (!o.name?.trim()) return fail(t(L, 'add.missing', { what: t(L, 'add.field.occasion') }));
    if (!DATE.test(o.date ?? '')) return fail(t(L, 'add.badDate', { what: t(L, 'add.field.occasionDate'), value: String(o.date ?? '') }));
    occasionId = `occ-${o.date}-${shortHash(o.name)}`;
    if (ctx.knowledge.occasions.some((x) => x.id === occasionId)) newOccasion = undefined;
    else newOccasion = occasionYaml(occasionId, { ...o, name: o.name.trim(), place: o.place?.trim() || undefined }, params);
  }
  let id = `q-${p.date}-${shortHash(text)}`;
  for (let n = 2; ctx.knowledge.quotations.some((x) => x.id === id); n++) id = `q-${p.date}-${shortHash(text)}-${n}`;

  const quotationsFile = path.join(p.folder, 'quotations.yaml');
  const occasionsFile = path.join(p.folder, 'occasions.yaml');
  const header = (what: string) => `# ${t('zh', 'add.fileHeader', { what })}\n`;
  const written = new Map<string, string | undefined>();
  const write = (file: string, text: string) => {
    if (!written.has(file)) written.set(file, fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
    fs.writeFileSync(file, text);
  };
  const restore = () => {
    for (const [file, old] of written) {
      if (old === undefined) fs.rmSync(file, { force: true });
      else fs.writeFileSync(file, old);
    }
  };
  const pass = [`“${text}”`];
  try {
    if (newOccasion) {
      const r = appendEntry(occasionsFile, 'occasions', newOccasion, header(t('zh', 'add.field.occasion')));
      if ('error' in r) return fail(t(L, 'add.cannotWrite', { file: occasionsFile, error: r.error }));
      write(occasionsFile, r.text);
    }
    const first = appendEntry(quotationsFile, 'quotations', quotationYaml(id, params, occasionId, text, { pass, flag: [] }), header(t('zh', 'add.quotations')));
    if ('error' in first) {
      restore();
      return fail(t(L, 'add.cannotWrite', { file: quotationsFile, error: first.error }));
    }
    write(quotationsFile, first.text);

    // load the corpus with the new entry: the files must be valid, and Tifa must recognise the wording
    const folders: CorpusFolder[] = [...new Set([...ctx.folders, p.folder])].map((f) => ({ name: f, path: f }));
    const opened = await open(folders);
    const ours = opened.problems.filter((x) => x.severity === 'error' && written.has(x.file));
    if (ours.length) {
      restore();
      return fail(
        t(L, 'add.invalid'),
        ours.map((x) => `${x.file}:${x.line}:${x.column}: ${problemText(x, L)}`),
      );
    }
    const passes = pass.every(
      (s) => !checkText(opened.index, s, { markdown: false, today: ctx.today }).findings.some((f) => f.severity === 'error' || f.severity === 'warning'),
    );
    const flag = oneCharChanges(text, opened.index.knowledge).find((s) =>
      checkText(opened.index, `“${s}”`, { markdown: false, today: ctx.today }).findings.some((f) => f.code === 'misquote' && f.entry === id),
    );
    if (!passes || !flag) {
      restore();
      return fail(t(L, passes ? 'add.notRecognised' : 'add.notPassing'));
    }
    // the entry again, with its flag test, appended to the file as it was before
    const tests = { pass, flag: [`“${flag}”`] };
    const before = written.get(quotationsFile);
    if (before === undefined) fs.rmSync(quotationsFile);
    else fs.writeFileSync(quotationsFile, before);
    const final = appendEntry(quotationsFile, 'quotations', quotationYaml(id, params, occasionId, text, tests), header(t('zh', 'add.quotations')));
    if ('error' in final) throw new Error(final.error);
    fs.writeFileSync(quotationsFile, final.text);
    // the files as they are now, with the built-in corpus and the other folders
    const check = await open(folders);
    const bad = check.problems.filter((x) => x.severity === 'error' && written.has(x.file));
    if (bad.length) {
      restore();
      return fail(
        t(L, 'add.invalid'),
        bad.map((x) => `${x.file}:${x.line}:${x.column}: ${problemText(x, L)}`),
      );
    }
    return {
      ok: true,
      message: t(L, 'add.done', { file: path.basename(quotationsFile), folder: path.basename(p.folder) }),
      id,
      file: quotationsFile,
      line: final.line,
      tests,
      inSettings: ctx.folders.includes(p.folder),
    };
  } catch (e) {
    restore();
    return fail(t(L, 'add.cannotWrite', { file: quotationsFile, error: (e as Error).message }));
  }
}

/** Creates a user corpus folder: README with examples, empty quotations and occasions files. */
export function createCorpusFolder(dir: string, builtin: Knowledge, locale: Locale): CreateFolderResult {
  const L = locale;
  if (!dir || !path.isAbsolute(dir)) return { ok: false, message: t(L, 'add.noFolder') };
  try {
    if (fs.existsSync(dir) && fs.readdirSync(dir).some((f) => /\.(ya?ml|md)$/i.test(f)))
      return { ok: false, message: t(L, 'folder.notEmpty', { folder: dir }) };
    fs.mkdirSync(dir, { recursive: true });
    const files = [
      { name: 'README.md', text: exampleReadme(builtin) },
      { name: 'quotations.yaml', text: `# ${t('zh', 'add.fileHeader', { what: t('zh', 'add.quotations') })}\nkind: quotations\nentries: []\n` },
      { name: 'occasions.yaml', text: `# ${t('zh', 'add.fileHeader', { what: t('zh', 'add.field.occasion') })}\nkind: occasions\nentries: []\n` },
    ];
    for (const f of files) fs.writeFileSync(path.join(dir, f.name), f.text);
    const check = loadCorpus([{ name: dir, path: dir }]);
    const bad = check.problems.filter((x) => x.severity === 'error');
    if (bad.length) return { ok: false, message: bad.map((x) => `${x.file}:${x.line}:${x.column}: ${problemText(x, L)}`).join('\n') };
    return { ok: true, message: t(L, 'folder.created', { folder: dir }), path: dir, files: files.map((f) => path.join(dir, f.name)) };
  } catch (e) {
    return { ok: false, message: t(L, 'add.cannotWrite', { file: dir, error: (e as Error).message }) };
  }
}
