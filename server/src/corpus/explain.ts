// Corpus problems in a writer's words. A schema error (ajv's keyword, params and path) becomes a sentence
// that names the entry and the field the way a writer sees them and says what to write instead
// ("第 2 条（q-x）的“出处 › 日期”（source.date）：日期应写成 2025-03-05 或 2025-03，这里写的是“2025/3/5””),
// in Chinese and in English; the loader's other messages are translated by the patterns in the same data
// file (problems.json). The front ends (LSP, CLI) show problemText(problem, locale).
import type { ErrorObject } from 'ajv';
import { CODES, codeInfo } from '../core/codes';
import { reasonText, type Locale, type Reason } from '../core/i18n';
import data from './problems.json';
import type { Problem } from './load';

type Texts = { zh: string; en: string };
const KEYWORD = data.keyword as Record<string, Texts>;
const WHERE = data.where as Record<string, Texts>;
const PATTERN = data.pattern as Record<string, Texts>;
const FIELD = data.field as Record<string, Texts>;
/** How allowed values are named: the table's, and each diagnostic code by its label (core/codes.ts). */
const VALUE: Record<string, Texts> = { ...(data.value as Record<string, Texts>), ...Object.fromEntries(CODES.map((c) => [c, codeInfo(c).label])) };
const LOADER = (data.loader as Array<{ match: string; zh: string }>).map((l) => ({ re: new RegExp(l.match), zh: l.zh }));

function fill(template: string, vars: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in vars ? String(vars[k]) : ''));
}

/** The value at a JSON pointer (`/entries/3/source/date`) of the parsed file, if any. */
function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node && typeof node === 'object' && Object.hasOwn(node, key)) node = (node as Record<string, unknown>)[key];
    else return undefined;
  }
  return node;
}

/** A value or a name as the problem shows it: long ones cut, saying how long they were. */
function clip(locale: Locale, s: string, max: number): string {
  return s.length > max ? fill(KEYWORD.clip[locale], { text: s.slice(0, max), length: s.length }) : s;
}

function shown(locale: Locale, v: unknown): string {
  return clip(locale, typeof v === 'string' ? v : (JSON.stringify(v) ?? String(v)), 40);
}

/** Where in the file: "第 3 条（q-x）的“出处 › 日期”（source.date）". */
function where(locale: Locale, root: unknown, pointer: string): string {
  const parts = pointer.split('/').slice(1);
  let entry = '';
  let rest = parts;
  if (parts[0] === 'entries' && /^\d+$/.test(parts[1] ?? '')) {
    const n = Number(parts[1]) + 1;
    const id = valueAt(root, `/entries/${parts[1]}/id`);
    entry = typeof id === 'string' && id ? fill(WHERE.entryWithId[locale], { n, id }) : fill(WHERE.entry[locale], { n });
    rest = parts.slice(2);
  }
  // list positions are said as the field they belong to ("values.2.year" → 数值 › 年份, path values[2].year)
  const names = rest.filter((p) => !/^\d+$/.test(p));
  const path = rest.map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : `${i ? '.' : ''}${p}`)).join('');
  const field = names.length ? fill(WHERE.field[locale], { label: names.map((n) => label(locale, n)).join(' › '), path }) : '';
  if (entry && field) return fill(WHERE.of[locale], { entry, field });
  return entry || field || WHERE.file[locale];
}

function label(locale: Locale, name: string): string {
  return FIELD[name]?.[locale] ?? name;
}

function valueLabel(locale: Locale, v: unknown): string {
  const s = String(v);
  const l = VALUE[s]?.[locale];
  if (!l || l === s) return s;
  return locale === 'en' ? `${s} (${l})` : `${s}（${l}）`;
}

/** The closest known field name to a misspelt one (at most two edits), for "did you mean". */
function closestField(name: string): string | undefined {
  let best: string | undefined;
  // one edit for short names (k0 is not a misspelt id), two for longer ones
  let bestD = name.length < 5 ? 2 : 3;
  for (const f of Object.keys(FIELD)) {
    const d = editDistance(name.toLowerCase(), f, bestD);
    if (d < bestD) {
      bestD = d;
      best = f;
    }
  }
  return best;
}

function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

function explainIn(locale: Locale, e: ErrorObject, root: unknown): string {
  const k = (key: string) => KEYWORD[key][locale];
  const value = valueAt(root, e.instancePath);
  const got = value === undefined ? '' : fill(k('got'), { value: shown(locale, value) });
  const at = where(locale, root, e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required': {
      const name = clip(locale, String(params.missingProperty), 80);
      return fill(k('required'), { where: at, name, label: label(locale, name) });
    }
    case 'additionalProperties': {
      const full = String(params.additionalProperty);
      const name = clip(locale, full, 80);
      const near = full.length < 40 ? closestField(full) : undefined;
      return fill(k('additionalProperties'), { where: at, name, suggest: near && near !== name ? fill(k('suggest'), { name: near }) : '' });
    }
    case 'enum':
      return fill(k('enum'), { where: at, allowed: (params.allowedValues as unknown[]).map((v) => valueLabel(locale, v)).join(k('list')), got });
    case 'const':
      return fill(k('const'), { where: at, value: shown(locale, params.allowedValue), got });
    case 'type': {
      const type = String(params.type).split(',')[0];
      return fill(KEYWORD[`type.${type}`]?.[locale] ?? k('type'), { where: at, got });
    }
    case 'minLength':
    case 'minItems':
    case 'maxItems':
    case 'minimum':
    case 'maximum':
      return fill(k(e.keyword), { where: at, limit: String(params.limit), got });
    case 'pattern':
      return fill(k('pattern'), { where: at, rule: PATTERN[String(params.pattern)]?.[locale] ?? k('pattern.other'), got });
    default:
      return fill(k('other'), { where: at, message: e.message ?? e.keyword });
  }
}

/** A schema error of a corpus file, explained in both languages; `root` is the parsed file. */
export function explainSchemaError(e: ErrorObject, root: unknown): Texts {
  return { zh: explainIn('zh', e, root), en: explainIn('en', e, root) };
}

/**
 * A loader problem around why a file was not read (“cannot read file: …”): its message (English, as the
 * loader's other messages) and its text in both languages, the reason (io/read.ts, io/decode.ts) said in
 * each; the Chinese frame comes from the loader patterns like every loader message.
 */
export function readProblemText(frame: (reason: string) => string, reason: Reason): { message: string; text: Texts } {
  const en = frame(reasonText('en', reason));
  return { message: en, text: { en, zh: problemText({ message: frame(reasonText('zh', reason)) }, 'zh') } };
}

/** The text of a corpus problem in the writer's language. */
export function problemText(p: Pick<Problem, 'message'> & { text?: Partial<Texts> }, locale: Locale): string {
  const own = p.text?.[locale];
  if (own) return own;
  if (locale === 'en') return p.message;
  for (const l of LOADER) if (l.re.test(p.message)) return p.message.replace(l.re, l.zh);
  return p.message;
}
