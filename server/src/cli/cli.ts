// The `tifa` command line: the same analysis as the language server, for batch and CI use.
//   tifa check [--format text|json] [--corpus DIR]… PATH…
//   tifa corpus check [--corpus DIR]…
//   tifa corpus stats [--format text|json] [--corpus DIR]…
// Exit codes: 0 no error-severity finding; 1 at least one; 2 usage, I/O or corpus problem.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Checker, LIMITS } from '../core/check';
import { corpusStats, runEntryTests } from '../core/entryTests';
import { resolveLocale, t, type Locale } from '../core/i18n';
import type { Finding } from '../core/types';
import { openCorpus, type OpenCorpus } from '../corpus/open';
import { problemText } from '../corpus/explain';
import type { Problem } from '../corpus/load';
import { LineIndex } from '../lsp/positions';
import { readTextFile } from './read';

const USAGE = `Usage:
  tifa check [--format text|json] [--corpus DIR]... PATH...
  tifa corpus check [--corpus DIR]...
  tifa corpus stats [--format text|json] [--corpus DIR]...
Options:
  --format text|json   output format (default text)
  --corpus DIR         an extra corpus folder, merged over the built-in corpus (repeatable)
  --today YYYY-MM-DD   judge "latest" statistics as of this date when a document states none
  --lang zh|en         language of messages (default: from LC_ALL, LC_MESSAGES or LANG; Chinese unless English)
  --version, --help`;

class UsageError extends Error {}

interface Args {
  command: string[];
  format: 'text' | 'json';
  corpus: string[];
  today: string;
  lang: Locale;
  paths: string[];
}

function parseArgs(argv: string[]): Args {
  const args: Args = { command: [], format: 'text', corpus: [], today: process.env.TIFA_TODAY ?? new Date().toISOString().slice(0, 10), lang: envLocale(), paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      return v;
    };
    if (a === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format '${f}' (text or json)`);
      args.format = f;
    } else if (a.startsWith('--format=')) {
      const f = a.slice(9);
      if (f !== 'text' && f !== 'json') throw new UsageError(`unknown format '${f}' (text or json)`);
      args.format = f;
    } else if (a === '--corpus') args.corpus.push(value());
    else if (a.startsWith('--corpus=')) args.corpus.push(a.slice(9));
    else if (a === '--today') {
      args.today = value();
      if (!/^\d{4}-\d{2}-\d{2}$/.test(args.today)) throw new UsageError('--today needs YYYY-MM-DD');
    } else if (a === '--lang' || a.startsWith('--lang=')) {
      const l = a === '--lang' ? value() : a.slice(7);
      if (!/^(zh|en)([-_].*)?$/i.test(l)) throw new UsageError(`unknown language '${l}' (zh or en)`);
      args.lang = resolveLocale(l);
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else if (!args.command.length || (args.command[0] === 'corpus' && args.command.length === 1)) args.command.push(a);
    else args.paths.push(a);
  }
  return args;
}

/** Files to check under `p`: a file named on the command line as it is; in folders, regular .md/.markdown/.txt files. */
function walkFiles(p: string, out: string[], errors: string[]): void {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (e) {
    errors.push(`${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    return;
  }
  if (st.isDirectory()) {
    const seen = new Set<string>();
    const visit = (dir: string) => {
      let entries: fs.Dirent[];
      try {
        const real = fs.realpathSync(dir);
        if (seen.has(real)) return; // a symlink loop, or a folder reached twice
        seen.add(real);
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch (e) {
        errors.push(`${dir}: cannot read folder: ${(e as Error).message}`);
        return;
      }
      for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const full = path.join(dir, e.name);
        let isDir = e.isDirectory();
        let isFile = e.isFile();
        if (e.isSymbolicLink()) {
          try {
            const target = fs.statSync(full);
            isDir = target.isDirectory();
            isFile = target.isFile();
          } catch {
            continue; // a broken link
          }
        }
        if (isDir) visit(full);
        // FIFOs, sockets and devices in a folder are not a writer's files (reading a FIFO would block)
        else if (isFile && /\.(md|markdown|txt)$/i.test(e.name)) out.push(full);
      }
    };
    visit(p);
  } else out.push(p);
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
  for (const p of problems) process.stderr.write(`${p.file}:${p.line}:${p.column}: ${p.severity}: ${problemText(p, lang)}\n`);
}

function jsonFinding(f: Finding, lines: LineIndex) {
  const out: Record<string, unknown> = {
    code: f.code,
    severity: f.severity,
    message: f.message,
    offset: { start: f.start, end: f.end },
    range: lines.range(f.start, f.end),
  };
  if (f.expected !== undefined) out.expected = f.expected;
  if (f.source !== undefined) out.source = f.source;
  out.fixes = f.fixes.map((x) => ({ title: x.title, offset: { start: x.start, end: x.end }, text: x.text }));
  return out;
}

function runCheck(args: Args): number {
  if (!args.paths.length) throw new UsageError('tifa check needs at least one PATH');
  const files: string[] = [];
  const errors: string[] = [];
  for (const p of args.paths) walkFiles(p, files, errors);
  const corpus = loadCorpusOrExit(args);
  const corpusErrors = corpus.problems.filter((p) => p.severity === 'error');
  printProblems(corpus.problems, args.lang);
  if (corpusErrors.length) {
    process.stderr.write(`tifa: ${t(args.lang, 'cli.corpusErrors', { count: corpusErrors.length })}\n`);
    return 2;
  }
  const checker = new Checker(corpus.index);
  let hasError = false;
  const results: Array<{ path: string; diagnostics: unknown[] }> = [];
  for (const file of files) {
    const read = readTextFile(file);
    if ('error' in read) {
      errors.push(`${file}: ${read.error}`);
      continue;
    }
    const text = read.text;
    const result = checker.check(text, { markdown: /\.(md|markdown)$/i.test(file), today: args.today, locale: args.lang });
    if (result.truncated) process.stderr.write(`${file}: warning: ${t(args.lang, 'cli.truncated', { max: LIMITS.maxChars.toLocaleString('en') })}\n`);
    const lines = new LineIndex(text);
    if (result.findings.some((f) => f.severity === 'error')) hasError = true;
    if (args.format === 'json') results.push({ path: file, diagnostics: result.findings.map((f) => jsonFinding(f, lines)) });
    else {
      let out = '';
      for (const f of result.findings) {
        const p = lines.position(f.start);
        out += `${file}:${p.line + 1}:${p.character + 1}: ${f.severity} ${f.code} ${f.message}\n`;
      }
      process.stdout.write(out);
    }
  }
  if (args.format === 'json') process.stdout.write(JSON.stringify({ version: 1, files: results }) + '\n');
  for (const e of errors) process.stderr.write(`tifa: ${e}\n`);
  if (errors.length) return 2;
  return hasError ? 1 : 0;
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
  const stats = corpusStats(corpus.index);
  process.stdout.write(
    `${t(args.lang, 'cli.corpusSummary', { files: corpus.files.length, entries: stats.entries, documents: stats.documents, problems: errors.length, passed: run - failures.length, run })}\n`,
  );
  if (errors.length) return 2;
  return failures.length ? 1 : 0;
}

function runCorpusStats(args: Args): number {
  const corpus = loadCorpusOrExit(args);
  const errors = corpus.problems.filter((p) => p.severity === 'error');
  printProblems(corpus.problems, args.lang);
  if (errors.length) return 2;
  const stats = { ...corpusStats(corpus.index), loadedFrom: corpus.from };
  if (args.format === 'json') process.stdout.write(JSON.stringify(stats) + '\n');
  else for (const [k, v] of Object.entries(stats)) process.stdout.write(`${k}: ${v}\n`);
  return 0;
}

export function main(argv: string[]): number {
  try {
    if (argv.includes('--help') || argv.includes('-h') || !argv.length) {
      (argv.length ? process.stdout : process.stderr).write(USAGE + '\n');
      return argv.length ? 0 : 2;
    }
    if (argv.includes('--version')) {
      process.stdout.write(`${TIFA_VERSION}\n`);
      return 0;
    }
    const args = parseArgs(argv);
    const [cmd, sub] = args.command;
    if (cmd === 'check') return runCheck(args);
    if (cmd === 'corpus' && sub === 'check') return runCorpusCheck(args);
    if (cmd === 'corpus' && sub === 'stats') return runCorpusStats(args);
    throw new UsageError(`unknown command '${args.command.join(' ')}'`);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`tifa: ${e.message}\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`tifa: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

declare const TIFA_VERSION: string;

// output piped into a program that stops reading (tifa check … | head): end quietly, as other tools do
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

process.exitCode = main(process.argv.slice(2));
