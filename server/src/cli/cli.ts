// The `tifa` command line: the same analysis as the language server, for batch and CI use.
//   tifa check [--format text|json|sarif|rdjson] [--corpus DIR]… [--annotate OUT.docx] [--] PATH…
//   tifa corpus check [--corpus DIR]…
//   tifa corpus stats [--format text|json] [--corpus DIR]…
// Exit codes: 0 no error-severity finding; 1 at least one; 2 usage, I/O or corpus problem.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Checker, LIMITS } from '../core/check';
import { codeInfo } from '../core/codes';
import { corpusStats, dataAsOf, runEntryTests, staleSeries } from '../core/entryTests';
import { both, reasonText, resolveLocale, t, type Locale, type MessageKey, type Reason } from '../core/i18n';
import type { Finding } from '../core/types';
import { problemText } from '../corpus/explain';
import type { Problem } from '../corpus/load';
import { openCorpus, type OpenCorpus } from '../corpus/open';
import { decodeText } from '../io/decode';
import { annotateDocx, DOC_REASON, docxReason, isOleFile, paragraphAt, paragraphLabel, readDocx, RTF_REASON, type DocxDocument } from '../io/docx';
import { displayPath, isInside, pathToUri } from '../io/paths';
import { FORMATS, json, rdjson, sarif, summaryLine, textLines, type FileResult, type Format } from './formats';
import { segmenterNote, segmenterStatus, segmenterUsed } from '../segmenter/jieba';
import { type FilePath, readFileBytes } from '../io/read';
import { byBytes, walk } from '../io/walk';
import { limitHeapGrowth } from '../heap';
import { type Job, runPool, serveJobs, workerSetup } from './pool';

/** A mistake in the command line: said in the writer's language (messages.json `cli.usage.*`), then the usage. */
class UsageError extends Error {
  constructor(
    readonly key: MessageKey,
    readonly vars: Record<string, string | number> = {},
  ) {
    super(t('en', key, vars));
  }
}

interface Args {
  command: string[];
  format: Format;
  corpus: string[];
  today: string;
  lang: Locale;
  paths: string[];
  annotate?: string;
  stdinName?: string;
  /** threads for many files (--jobs; default one per core) */
  jobs: number;
}

/** A real calendar date written YYYY-MM-DD (2025-13-45 and 2025-02-30 are not). */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

function parseArgs(argv: string[]): Args {
  const envToday = process.env.TIFA_TODAY;
  if (envToday !== undefined && envToday !== '' && !isIsoDate(envToday)) throw new UsageError('cli.usage.envToday', { value: envToday });
  const args: Args = {
    command: [],
    format: 'text',
    corpus: [],
    today: envToday || new Date().toISOString().slice(0, 10),
    lang: envLocale(),
    paths: [],
    jobs: cores(),
  };
  let onlyPaths = false;
  const positional = (a: string) => {
    if (!args.command.length || (args.command[0] === 'corpus' && args.command.length === 1)) args.command.push(a);
    else args.paths.push(a);
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (onlyPaths) {
      positional(a);
      continue;
    }
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const name = eq > 0 ? a.slice(0, eq) : a;
    const value = () => {
      if (eq > 0) return a.slice(eq + 1);
      const v = argv[++i];
      if (v === undefined) throw new UsageError('cli.usage.needsValue', { option: a });
      return v;
    };
    if (a === '--') onlyPaths = true;
    else if (name === '--format') {
      const f = value();
      if (!(FORMATS as string[]).includes(f)) throw new UsageError('cli.usage.format', { value: f, formats: FORMATS.join(', ') });
      args.format = f as Format;
    } else if (name === '--corpus') args.corpus.push(value());
    else if (name === '--today') {
      args.today = value();
      if (!isIsoDate(args.today)) throw new UsageError('cli.usage.today', { value: args.today });
    } else if (name === '--lang') {
      const l = value();
      if (!LANG_TAG.test(l)) throw new UsageError('cli.usage.lang', { value: l });
      args.lang = resolveLocale(l);
    } else if (name === '--annotate') args.annotate = value();
    else if (name === '--stdin-name') args.stdinName = value();
    else if (name === '--jobs') {
      const j = value();
      if (!/^[1-9]\d{0,3}$/.test(j)) throw new UsageError('cli.usage.jobs', { value: j });
      args.jobs = Number(j);
    } else if (name === '--help' || name === '--version' || a === '-h')
      continue; // handled before
    else if (a.startsWith('--') || (a.length > 1 && a.startsWith('-'))) throw new UsageError('cli.usage.option', { option: a });
    else positional(a);
  }
  return args;
}

/**
 * What --jobs is by default: one thread per core, but one thread in all on a machine of two cores or
 * fewer, where a second thread (its own start-up and JIT warm-up, competing with V8's own background
 * threads) made an archive slower: 10.4 MB/s with one thread, 9.1 with two (bench/results.md).
 */
function cores(): number {
  const n = Math.max(1, typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length);
  return n <= 2 ? 1 : n;
}

/** A file to check: its path as bytes or text (`-` for stdin) and how it is shown. */
interface Target {
  path: FilePath;
  display: string;
  /** the path in JSON outputs */
  json: string;
  /** the name used to tell Markdown, text and Word apart */
  name: string;
}

const CHECKED = /\.(md|markdown|txt|docx|doc)$/i;

function target(p: FilePath): Target {
  const str = typeof p === 'string' ? p : p.toString('utf8');
  const valid = typeof p === 'string' || Buffer.from(str, 'utf8').equals(p);
  const display = displayPath(p);
  return { path: p, display, json: valid ? str : display, name: valid ? str : display };
}

/** Files to check under `p`: a file named on the command line as it is; in folders, regular .md/.markdown/.txt/.docx files. */
function walkFiles(p: string, out: Target[], errors: string[], lang: Locale): void {
  if (p === '-') {
    out.push(target('-'));
    return;
  }
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (e) {
    const reason: Reason =
      (e as NodeJS.ErrnoException).code === 'ENOENT' ? { key: 'read.noSuchPath' } : { key: 'read.system', vars: { detail: (e as Error).message } };
    errors.push(`${displayPath(p)}: ${reasonText(lang, reason)}`);
    return;
  }
  if (!st.isDirectory()) {
    out.push(target(p));
    return;
  }
  const seen = new Set<string>();
  let folders = 0;
  // names are read as bytes: a file named in GBK (or any non-UTF-8 name) must still open
  walk(Buffer.from(p), {
    order: byBytes,
    follow: true,
    skip: (name) => {
      const s = name.toString('latin1');
      return s.startsWith('.') || s === 'node_modules' || s.startsWith('~$'); // hidden, and Word's lock files
    },
    enter: (dir) => {
      const st = fs.statSync(dir);
      const key = `${st.dev}:${st.ino}`;
      if (seen.has(key)) return false; // a symlink loop, or a folder reached twice
      seen.add(key);
      if (++folders > WALK_LIMITS.maxFolders) {
        if (folders === WALK_LIMITS.maxFolders + 1) errors.push(`${displayPath(dir)}: ${t(lang, 'walk.tooManyFolders', { max: WALK_LIMITS.maxFolders })}`);
        return false;
      }
      return true;
    },
    unreadable: (dir, e) => {
      errors.push(`${displayPath(dir)}: ${t(lang, 'walk.unreadable', { detail: e.message })}`);
    },
    entry: (e) => {
      if (e.kind === 'folder') {
        // a link to a folder is followed once, never into system folders (/proc, /sys, /dev)
        if (e.link && isSystemFolder(e.path)) return false;
        if (e.depth >= WALK_LIMITS.maxDepth) {
          errors.push(`${displayPath(e.path)}: ${t(lang, 'walk.tooDeep', { max: WALK_LIMITS.maxDepth })}`);
          return false;
        }
        return true;
      }
      // FIFOs, sockets and devices in a folder are not a writer's files (reading a FIFO would block); a broken link is passed over
      if (e.kind === 'file' && CHECKED.test(e.name.toString('latin1'))) out.push(target(e.path));
      return false;
    },
  });
}

/** Bounds on walking a folder named on the command line. */
const WALK_LIMITS = { maxFolders: 10_000, maxDepth: 32 };

function isSystemFolder(p: Buffer): boolean {
  try {
    const real = fs.realpathSync(p, { encoding: 'buffer' }).toString('latin1');
    return /^\/(proc|sys|dev|run)(\/|$)/.test(real);
  } catch {
    return true;
  }
}

function loadCorpusOrExit(args: Args): OpenCorpus {
  const corpus = openCorpus(args.corpus.map((c) => ({ name: c, path: path.resolve(c) })));
  return corpus;
}

/** The language the environment asks for (the first of LC_ALL, LC_MESSAGES, LANG that is set). */
function envLocale(): Locale {
  const e = process.env;
  return resolveLocale(e.LC_ALL || e.LC_MESSAGES || e.LANG);
}

function printProblems(problems: Problem[], lang: Locale): void {
  for (const p of problems) process.stderr.write(`${displayPath(p.file)}:${p.line}:${p.column}: ${p.severity}: ${problemText(p, lang)}\n`);
}

/** The SARIF artifact URI of a file: relative to the working folder when inside it. */
function artifactUri(t: Target): string {
  if (t.path === '-') return 'stdin';
  const abs = path.resolve(t.name);
  if (isInside(process.cwd(), abs)) return path.relative(process.cwd(), abs).split(path.sep).map(encodeURIComponent).join('/');
  return pathToUri(abs);
}

/** The comment a writer reads in Word for one finding, in the language of the messages: the message, the official wording, the source. */
function commentLines(f: Finding, doc: DocxDocument, lang: Locale): string[] {
  const lines = [t(lang, 'comment.heading', { title: codeInfo(f.code).title[lang], message: f.message })];
  if (f.expected !== undefined && !f.message.includes(f.expected)) lines.push(t(lang, 'comment.expected', { expected: f.expected }));
  if (f.source !== undefined && !f.message.includes(f.source)) lines.push(t(lang, 'comment.source', { source: f.source }));
  // the other places of an inconsistent finding, by paragraph
  for (const r of f.related ?? []) {
    const p = paragraphAt(doc, r.start);
    lines.push(`${p ? `${paragraphLabel(p, lang)}${lang === 'en' ? ': ' : '：'}` : ''}${r.message}`);
  }
  return lines;
}

async function runCheck(args: Args): Promise<number> {
  if (!args.paths.length) throw new UsageError('cli.usage.noPath');
  const started = performance.now();
  const files: Target[] = [];
  const errors: string[] = [];
  for (const p of args.paths) walkFiles(p, files, errors, args.lang);
  if (args.annotate !== undefined) {
    if (files.length !== 1 || !/\.docx$/i.test(files[0].name)) throw new UsageError('cli.usage.annotateOne');
    if (!/\.docx$/i.test(args.annotate)) throw new UsageError('cli.usage.annotateDocx');
    if (sameFile(args.annotate, files[0].name)) throw new UsageError('cli.usage.annotateNew');
  }
  const corpus = loadCorpusOrExit(args);
  const corpusErrors = corpus.problems.filter((p) => p.severity === 'error');
  printProblems(corpus.problems, args.lang);
  // a bad corpus entry: check with the valid ones, and say so (exit 2 at the end)
  if (corpusErrors.length) process.stderr.write(`tifa: ${t(args.lang, 'cli.corpusErrors', { count: corpusErrors.length })}\n`);
  // the WebAssembly fallback gives the same results; only a missing segmenter changes them: say so
  if (segmenterUsed() === 'none') process.stderr.write(`tifa: warning: ${segmenterNote()}\n`);
  const checker = new Checker(corpus.index);
  const results: FileResult[] = [];
  let annotated: { written: number; skipped: number } | undefined;
  const options = { today: args.today, locale: args.lang };
  /** One file's outcome, in the order of the files. */
  const handle = (file: Target, outcome: Outcome, doc?: DocxDocument) => {
    const shown = file.path === '-' ? (args.stdinName ?? '-') : file.name;
    if ('error' in outcome) {
      errors.push(`${file.path === '-' ? displayPath(shown) : file.display}: ${reasonText(args.lang, outcome.error)}`);
      return;
    }
    const text = outcome.text;
    if (outcome.truncated) process.stderr.write(`${file.display}: warning: ${t(args.lang, 'cli.truncated', { max: LIMITS.maxChars.toLocaleString('en') })}\n`);
    const r: FileResult = {
      display: file.path === '-' ? displayPath(shown) : file.display,
      path: file.path === '-' ? shown : file.json,
      uri: artifactUri(file),
      text,
      findings: outcome.findings,
      locale: args.lang,
      ...(outcome.paragraphs ? { docx: { paragraphs: outcome.paragraphs } } : {}),
    };
    results.push(r);
    if (args.format === 'text') process.stdout.write(textLines(r));
    if (args.annotate !== undefined && doc) {
      const out = annotateDocx(
        doc,
        outcome.findings.map((f) => ({ start: f.start, end: f.end, lines: commentLines(f, doc, args.lang) })),
      );
      try {
        fs.writeFileSync(args.annotate, out.bytes);
        annotated = { written: out.written, skipped: out.skipped.length };
      } catch (e) {
        errors.push(`${displayPath(args.annotate)}: cannot write the annotated copy: ${(e as Error).message}`);
      }
    }
  };
  const markdownOf = (file: Target) => /\.(md|markdown)$/i.test(file.path === '-' ? (args.stdinName ?? '-') : file.name);
  const workers = poolWorkers(args, files);
  if (workers > 0) {
    // many files: a pool of threads, the outcomes handed over in the order of the files
    const jobs: Job[] = files.map((f, index) => ({ index, path: f.path, markdown: markdownOf(f) }));
    await runPool<Outcome>({
      script: __filename,
      setup: { tifaCheckWorker: true, corpus: args.corpus, today: args.today, lang: args.lang },
      jobs,
      sizes: files.map(fileSize),
      workers,
      check: (job) => checkFile(checker, files[job.index].path, files[job.index].name, job.markdown, options).outcome,
      done: (index, outcome) => handle(files[index], outcome),
    });
  } else {
    for (const file of files) {
      const { outcome, doc } = checkFile(checker, file.path, file.name, markdownOf(file), options);
      handle(file, outcome, doc);
    }
  }
  const summary = { files: results.length, skipped: errors.length, seconds: (performance.now() - started) / 1000 };
  if (args.format === 'text') process.stdout.write(summaryLine(results, summary));
  else if (args.format === 'json') process.stdout.write(json(results));
  else if (args.format === 'sarif') process.stdout.write(sarif(results, TIFA_VERSION, pathToUri(process.cwd())));
  else process.stdout.write(rdjson(results));
  const a = annotated as { written: number; skipped: number } | undefined;
  if (a) {
    process.stderr.write(
      `tifa: ${displayPath(args.annotate!)}: ${both('cli.annotated', (l) => ({ written: a.written, skipped: a.skipped ? t(l, 'cli.annotated.skipped', { skipped: a.skipped }) : '' }))}\n`,
    );
  }
  for (const e of errors) process.stderr.write(`tifa: ${e}\n`);
  if (errors.length || corpusErrors.length) return 2;
  return results.some((r) => r.findings.some((f) => f.severity === 'error')) ? 1 : 0;
}

function sameFile(a: string, b: string): boolean {
  if (path.resolve(a) === path.resolve(b)) return true;
  try {
    const x = fs.statSync(a);
    const y = fs.statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

/** A file's text: a Word document's body, notes, headers and footers; any other file decoded. Or why not. */
function readInput(file: { path: FilePath; name: string }): { text: string; docx?: DocxDocument } | { error: Reason } {
  const read = readFileBytes(file.path);
  if ('error' in read) return read;
  const bytes = read.bytes;
  const zip = bytes[0] === 0x50 && bytes[1] === 0x4b;
  if (/\.docx$/i.test(file.name) || (/\.doc$/i.test(file.name) && (zip || isOleFile(bytes)))) {
    if (isOleFile(bytes)) return { error: DOC_REASON };
    try {
      const doc = readDocx(bytes);
      return { text: doc.text, docx: doc };
    } catch (e) {
      return { error: docxReason(e) };
    }
  }
  // an RTF file (often named .doc) would be read as its control words
  if (bytes.subarray(0, 5).toString('latin1') === '{\\rtf') return { error: RTF_REASON };
  const decoded = decodeText(bytes);
  if ('error' in decoded) return isOleFile(bytes) ? { error: DOC_REASON } : decoded;
  return { text: decoded.text };
}

/** What checking one file gives: its text and findings, or why it was not read. Plain data (it crosses threads). */
type Outcome = { error: Reason } | { text: string; findings: Finding[]; truncated: boolean; paragraphs?: DocxDocument['paragraphs'] };

/** Reads and checks one file (also in a worker thread). `doc` is the Word document read, for --annotate. */
function checkFile(
  checker: Checker,
  p: FilePath | Uint8Array,
  name: string,
  markdown: boolean,
  options: { today: string; locale: Locale },
): { outcome: Outcome; doc?: DocxDocument } {
  const filePath = typeof p === 'string' || Buffer.isBuffer(p) ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength);
  const read = readInput({ path: filePath, name });
  if ('error' in read) return { outcome: { error: read.error } };
  const result = checker.check(read.text, { markdown: !read.docx && markdown, ...options });
  return {
    outcome: { text: read.text, findings: result.findings, truncated: result.truncated === true, ...(read.docx ? { paragraphs: read.docx.paragraphs } : {}) },
    doc: read.docx,
  };
}

/** Worker threads for `tifa check`: none for one file, standard input, --annotate, --jobs 1, or little text. */
function poolWorkers(args: Args, files: Target[]): number {
  if (args.jobs < 2 || files.length < 2 || args.annotate !== undefined || files.some((f) => f.path === '-')) return 0;
  // starting a thread (its own corpus) costs about as much as checking a few hundred kB
  const bytes = files.reduce((n, f) => n + fileSize(f), 0);
  return Math.min(args.jobs - 1, files.length - 1, Math.floor(bytes / POOL_BYTES_PER_THREAD));
}

const POOL_BYTES_PER_THREAD = 512 * 1024;

function fileSize(f: Target): number {
  try {
    return fs.statSync(f.path).size;
  } catch {
    return 0;
  }
}

/** A check worker thread (`--jobs`): the same corpus as the main thread, files from runPool(). */
function serveCheckWorker(setup: { corpus: string[]; today: string; lang: string }): void {
  const corpus = openCorpus(setup.corpus.map((c) => ({ name: c, path: path.resolve(c) })));
  const checker = new Checker(corpus.index);
  const options = { today: setup.today, locale: setup.lang as Locale };
  serveJobs((job: Job) => checkFile(checker, job.path, nameOf(job.path), job.markdown, options).outcome);
}

function nameOf(p: string | Uint8Array): string {
  return target(typeof p === 'string' ? p : Buffer.from(p.buffer, p.byteOffset, p.byteLength)).name;
}

function runCorpusCheck(args: Args): number {
  const corpus = loadCorpusOrExit(args);
  printProblems(corpus.problems, args.lang);
  const errors = corpus.problems.filter((p) => p.severity === 'error');
  const { run, failures } = runEntryTests(corpus.index, args.today);
  for (const f of failures) {
    process.stderr.write(
      `${f.origin.file}:${f.origin.line}:${f.origin.column}: error: ${t(args.lang, 'cli.entryTestFailed', { kind: f.kind, entry: f.entry, text: JSON.stringify(f.text), expected: f.expected, got: f.got })}\n`,
    );
  }
  // series whose next official release is due and not yet in the corpus: a warning, not a problem
  // (only for a corpus that loads without errors: those come first)
  const stale = errors.length ? [] : staleSeries(corpus.index, args.today);
  for (const s of stale) {
    process.stderr.write(
      `${displayPath(s.origin.file)}:${s.origin.line}:${s.origin.column}: warning: ${t(args.lang, 'corpus.stale', { name: s.name, id: s.id, due: s.due, latest: s.latest })}\n`,
    );
  }
  const stats = corpusStats(corpus.index);
  process.stdout.write(
    `${t(args.lang, 'cli.corpusSummary', { files: corpus.files.length, entries: stats.entries, documents: stats.documents, problems: errors.length, passed: run - failures.length, run, stale: stale.length, today: args.today })}\n`,
  );
  if (errors.length) return 2;
  return failures.length ? 1 : 0;
}

function runCorpusStats(args: Args): number {
  const corpus = loadCorpusOrExit(args);
  const errors = corpus.problems.filter((p) => p.severity === 'error');
  printProblems(corpus.problems, args.lang);
  if (errors.length) return 2;
  const stats = {
    ...corpusStats(corpus.index),
    loadedFrom: corpus.from,
    segmenter: segmenterStatus().backend,
    // what the statistics are current to, and the series whose next release is due and missing (as of --today)
    dataAsOf: dataAsOf(corpus.index) ?? null,
    stale: staleSeries(corpus.index, args.today).map((s) => s.id),
  };
  if (args.format === 'json') process.stdout.write(JSON.stringify(stats) + '\n');
  else for (const [k, v] of Object.entries(stats)) process.stdout.write(`${k}: ${Array.isArray(v) ? v.join(', ') : v}\n`);
  return 0;
}

/** What --lang takes: zh or en, with a region or encoding after it (zh-CN, en_US.UTF-8). */
const LANG_TAG = /^(zh|en)([-_].*)?$/i;

/** The language of the command line's own words before its arguments are parsed: --lang, else the environment. */
function argvLocale(argv: string[]): Locale {
  const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
  for (let i = 0; i < options.length; i++) {
    const v = options[i] === '--lang' ? options[i + 1] : options[i].startsWith('--lang=') ? options[i].slice(7) : undefined;
    if (v !== undefined && LANG_TAG.test(v)) return resolveLocale(v);
  }
  return envLocale();
}

let usageLocale: Locale = 'zh';

export function main(argv: string[]): number | Promise<number> {
  try {
    usageLocale = argvLocale(argv);
    const options = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
    if (options.includes('--help') || options.includes('-h') || !argv.length) {
      (argv.length ? process.stdout : process.stderr).write(t(usageLocale, 'cli.usage') + '\n');
      return argv.length ? 0 : 2;
    }
    if (options.includes('--version')) {
      process.stdout.write(`${TIFA_VERSION}\n`);
      return 0;
    }
    const args = parseArgs(argv);
    const [cmd, sub] = args.command;
    if (cmd === 'check') return runCheck(args).catch(failed);
    if (cmd === 'corpus' && sub === 'check') return runCorpusCheck(args);
    if (cmd === 'corpus' && sub === 'stats') return runCorpusStats(args);
    throw new UsageError('cli.usage.command', { value: args.command.join(' ') });
  } catch (e) {
    return failed(e);
  }
}

/** A usage error or an internal error, said on stderr: exit code 2. */
function failed(e: unknown): number {
  if (e instanceof UsageError) {
    process.stderr.write(`tifa: ${t(usageLocale, e.key, e.vars)}\n${t(usageLocale, 'cli.usage')}\n`);
    return 2;
  }
  process.stderr.write(`tifa: ${t(usageLocale, 'cli.internal', { detail: String((e as Error).stack ?? e) })}\n`);
  return 2;
}

declare const TIFA_VERSION: string;

const setup = workerSetup();
if (setup) serveCheckWorker(setup);
else {
  // (peak memory follows what a check keeps: ../heap.ts)
  limitHeapGrowth();
  // output piped into a program that stops reading (tifa check … | head): end quietly, as other tools do
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      throw e;
    });
  }
  const code = main(process.argv.slice(2));
  if (typeof code === 'number') process.exitCode = code;
  else code.then((c) => (process.exitCode = c));
}
