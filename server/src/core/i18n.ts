// The one home of what the core says to a writer: messages looked up in messages.json (Chinese, the
// source of truth, and English side by side; Chinese is the default), and how dates, sources,
// attributions and corpus names are written in them. Rules, hover and completion format text here only.
//
// The locale is an argument of every core entry point (CheckOptions.locale, hoverAt, complete, …). Rules
// call msg() deep inside a check; instead of threading the locale through each of them, the entry point
// runs its synchronous work inside withLocale(), and msg() reads that. No state outlives the call.
import type { KnowledgeIndex, QuoteRef } from './index';
import messages from './messages.json';
import { nestQuotes } from './text';
import type { Source, StatValue } from './types';

export type Locale = 'zh' | 'en';
export type MessageKey = Exclude<keyof typeof messages, '$comment'>;

type Entry = { zh: string; en?: string; document?: boolean };
const ENTRIES = Object.entries(messages).filter(([k]) => k !== '$comment') as Array<[MessageKey, Entry]>;
const zh: Record<string, string> = Object.fromEntries(ENTRIES.map(([k, v]) => [k, v.zh]));
const TABLES: Record<Locale, Record<string, string>> = { zh, en: Object.fromEntries(ENTRIES.map(([k, v]) => [k, v.en ?? v.zh])) };

/**
 * Keys whose text goes into the writer's document (`document: true` in messages.json: an attribution
 * lead, a statistic sentence, the latest figure a quick fix writes; a rank, written 第11位 like a unit):
 * Chinese in every locale, since the document is Chinese whatever the editor's language.
 */
export const DOCUMENT_TEXT_KEYS: readonly MessageKey[] = ENTRIES.filter(([, v]) => v.document).map(([k]) => k);
const DOCUMENT_TEXT = new Set<string>(DOCUMENT_TEXT_KEYS);

/**
 * The locale for a locale tag (VS Code's `zh-cn`, `en`, LANG's `en_US.UTF-8`, `--lang en`): English for
 * `en…`, Chinese for everything else, unset and `C`/`POSIX` included.
 */
export function resolveLocale(tag: string | undefined | null): Locale {
  return /^en([-_.@]|$)/i.test(String(tag ?? '').trim()) ? 'en' : 'zh';
}

let current: Locale = 'zh';

/** Runs synchronous core work with `locale` as the language of the messages it makes. */
export function withLocale<T>(locale: Locale | undefined, fn: () => T): T {
  const saved = current;
  current = locale ?? 'zh';
  try {
    return fn();
  } finally {
    current = saved;
  }
}

/**
 * Fills `{name}` placeholders. A value put between double quotation marks (“{found}”) has its own double
 * quotation marks turned into single ones, as nested quotations are written in Chinese (“‘三新’经济”, not
 * ““三新”经济”). A placeholder without a value is left as written.
 */
function fill(template: string, vars: Record<string, string | number>): string {
  let out = '';
  for (const part of partsOf(template)) {
    if (typeof part === 'string') out += part;
    else if (!(part.key in vars)) out += part.whole;
    else {
      const value = String(vars[part.key]);
      out += part.open + (part.quoted ? nestQuotes(value) : value);
    }
  }
  return out;
}

/** A placeholder of a template: `{key}`, after an opening mark `open` (“ or nothing), `quoted` when ” follows too. */
type Part = string | { key: string; open: string; quoted: boolean; whole: string };

/**
 * Each template cut into its text and placeholders once (a check fills messages for every finding). Only
 * the templates of messages.json are filled: the map holds at most one entry per message and language.
 */
const PARTS = new Map<string, Part[]>();
function partsOf(template: string): Part[] {
  let parts = PARTS.get(template);
  if (!parts) {
    parts = [];
    let last = 0;
    for (const m of template.matchAll(/(“?)\{(\w+)\}(?=(”?))/g)) {
      if (m.index > last) parts.push(template.slice(last, m.index));
      parts.push({ key: m[2], open: m[1], quoted: m[1] !== '' && m[3] !== '', whole: m[0] });
      last = m.index + m[0].length;
    }
    if (last < template.length) parts.push(template.slice(last));
    PARTS.set(template, parts);
  }
  return parts;
}

/** A message in a given locale (front ends: LSP, CLI). */
export function t(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return fill(TABLES[locale][key] ?? zh[key], vars);
}

/**
 * Something to tell a writer, as data: a message key and its values, a value possibly another Reason
 * (“无法读取标准输入：{reason}”). Modules that know no locale (server/src/io: why a file was not read)
 * return one; the front end that knows the writer's language puts it into words with `reasonText`.
 * Plain data, so it crosses threads and is compared in tests by key.
 */
export interface Reason {
  key: MessageKey;
  vars?: Record<string, string | number | Reason>;
}

/** A Reason in words, in `locale` (its nested reasons too). */
export function reasonText(locale: Locale, reason: Reason): string {
  const vars: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(reason.vars ?? {})) vars[k] = typeof v === 'object' ? reasonText(locale, v) : v;
  return t(locale, reason.key, vars);
}

/** A line said in both languages, Chinese first ("检查了 3 个文件：… (3 files checked: …)"), as the CLI's summaries are. */
export function both(key: MessageKey, vars: (locale: Locale) => Record<string, string | number>): string {
  return `${t('zh', key, vars('zh'))} (${t('en', key, vars('en'))})`;
}

/** A count with its noun (3 个文件, 3 files; 1 file): `key` and, for one in English, `key.one`. */
export function counted(locale: Locale, key: 'count.files' | 'count.errors' | 'count.warnings' | 'count.notes', n: number): string {
  return t(locale, n === 1 ? (`${key}.one` as MessageKey) : key, { n });
}

/** A message in the locale of the work in progress (rules, hover, completion). */
export function msg(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const locale = DOCUMENT_TEXT.has(key) ? 'zh' : current;
  return fill(TABLES[locale][key] ?? zh[key], vars);
}

/**
 * "2024-01-31" → "2024年1月31日", "2024-01" → "2024年1月". The same in every locale: dates and sources are also
 * written into the writer's (Chinese) document by quick fixes and completions.
 */
export function formatDate(d: string | undefined): string {
  if (!d) return '';
  const m = /^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$/.exec(d);
  if (!m) return d;
  return `${m[1]}年` + (m[2] ? `${Number(m[2])}月` : '') + (m[3] ? `${Number(m[3])}日` : '');
}

/** "习近平，《…》，新华社，2024年2月1日" (in every locale, like formatDate). */
export function formatSource(s: Source): string {
  const title = s.title.startsWith('《') ? s.title : `《${s.title}》`;
  return [s.speaker, title, s.publisher, formatDate(s.date)].filter(Boolean).join('，');
}

/** The occasion's date `iso` written at the precision of the writer's date (2024年1月31日, 1月31日, 2024年1月). */
export function formatDateLike(written: { year?: number; day?: number }, iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return (written.year !== undefined ? `${y}年` : '') + `${m}月` + (written.day !== undefined && d ? `${d}日` : '');
}

/** 2024年7月15日至18日, 2024年7月30日至8月2日, 2024年12月30日至2025年1月2日 */
export function formatDateSpan(from: string, to: string): string {
  const a = formatDate(from);
  const b = formatDate(to);
  const [fy, fm] = from.split('-');
  const [ty, tm] = to.split('-');
  if (fy !== ty) return `${a}至${b}`;
  if (fm !== tm) return `${a}至${b.slice(b.indexOf('年') + 1)}`;
  return `${a}至${b.slice(b.indexOf('月') + 1)}`;
}

/** "习近平，二十届中央政治局第十一次集体学习，2024年1月31日；《…》，新华社，2024年2月1日" */
export function attributionOf(index: KnowledgeIndex, ref: QuoteRef): string {
  let text = attributions.get(ref);
  if (text === undefined) attributions.set(ref, (text = attributionText(index, ref)));
  return text;
}
/** per reference (one knowledge index owns it): its attribution, made once (Chinese, as the corpus cites it) */
const attributions = new WeakMap<QuoteRef, string>();

function attributionText(index: KnowledgeIndex, ref: QuoteRef): string {
  const occasion = ref.occasion ? index.occasions.get(ref.occasion) : undefined;
  const head = [ref.speaker, occasion?.name, formatDate(ref.date)].filter(Boolean).join('，');
  const src = formatSource({ ...ref.source, speaker: undefined });
  return head ? `${head}；${src}` : src;
}

/** The name a writer knows a corpus by: the built-in corpus, or the last part of the user's folder. */
export function corpusLabel(corpus: string): string {
  if (corpus === 'built-in') return msg('corpus.builtin');
  const name =
    corpus
      .replace(/[\\/]+$/, '')
      .split(/[\\/]/)
      .pop() || corpus;
  return msg('corpus.user', { name });
}

/** "国家统计局《…》", without the publisher a second time when the document's name already starts with it. */
export function releasedBy(v: Pick<StatValue, 'publisher' | 'document'>): string {
  const doc = v.document.trim();
  const bare = doc.replace(/^《/, '');
  if (!v.publisher || bare.startsWith(v.publisher)) return doc;
  return `${v.publisher}${doc}`;
}
