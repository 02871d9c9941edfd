// The writer's language: every message a writer reads is looked up here, in messages.json (Chinese, the
// source of truth) or messages.en.json (English, the same keys). Chinese is the default.
//
// The locale is an argument of every core entry point (CheckOptions.locale, hoverAt, complete, …). Rules
// call msg() deep inside a check; instead of threading the locale through each of them, the entry point
// runs its synchronous work inside withLocale(), and msg() reads that. No state outlives the call.
import en from './messages.en.json';
import zh from './messages.json';
import type { Source } from './types';

export type Locale = 'zh' | 'en';
export type MessageKey = keyof typeof zh;

const TABLES: Record<Locale, Record<string, string>> = { zh, en };

/**
 * Keys whose text goes into the writer's document (an attribution lead, a statistic sentence, the latest
 * figure a quick fix writes; a rank, written 第11位 like a unit): Chinese in every locale, since the
 * document is Chinese whatever the editor's language.
 */
export const DOCUMENT_TEXT_KEYS: readonly MessageKey[] = ['quote.lead.xi', 'quote.lead.other', 'quote.plainCitation', 'stat.sentence', 'stat.fix.latest', 'stat.rank'];

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

/** The locale of the work in progress (see withLocale). */
export function currentLocale(): Locale {
  return current;
}

function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : `{${k}}`));
}

/** A message in a given locale (front ends: LSP, CLI). */
export function t(locale: Locale, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return fill(TABLES[locale][key] ?? zh[key], vars);
}

/** A message in the locale of the work in progress (rules, hover, completion). */
export function msg(key: MessageKey, vars: Record<string, string | number> = {}): string {
  const locale = DOCUMENT_TEXT_KEYS.includes(key) ? 'zh' : current;
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
