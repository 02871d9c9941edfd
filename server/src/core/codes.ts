// The diagnostic codes: the one list. Each code has its default severity, its title (what a finding of
// it is: the heading of a Word comment, SARIF's short description), a short label (how corpus problems
// name it among allowed values) and its help (SARIF's rule help), each in Chinese and English.
//
// Everything else is derived from this file: the `Code` type, the order of SARIF's rules, package.json's
// `tifa.severity` settings and the code enums of corpus/schema/common.schema.json (both written by
// scripts/build.mjs; test/codes.test.ts fails when the committed files differ from what it would write).
// Adding a code: an entry here, the rule that reports it, and its messages in messages.json /
// messages.en.json (see CONTRIBUTING.md).

export type Severity = 'error' | 'warning' | 'information' | 'hint';
/** The severities in order of weight, and what a `tifa.severity` setting may say (plus `off`). */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'information', 'hint'];
export const SEVERITY_SETTINGS: readonly (Severity | 'off')[] = [...SEVERITIES, 'off'];

interface Texts {
  zh: string;
  en: string;
}

export interface CodeInfo {
  severity: Severity;
  title: Texts;
  label: Texts;
  help: Texts;
}

const REGISTRY = {
  misquote: {
    severity: 'error',
    title: { zh: '引文与官方原文不符', en: 'Quotation differs from the official wording' },
    label: { zh: '引文不符', en: 'misquote' },
    help: {
      zh: '引号中的文字（或不加引号、30 字以上的近乎原文的复述）与核实过的官方原文不符：改字、漏字、多字、删去一句却未加省略号、在词中间截断。快速修复给出官方原文及出处。',
      en: 'Text in quotation marks (or an unquoted near-verbatim reproduction of 30 characters or more) that differs from the vetted official wording: changed, missing or extra characters, a clause left out without an ellipsis, a quotation cut inside a word. The fix is the exact official wording, with its source.',
    },
  },
  'term-typo': {
    severity: 'warning',
    title: { zh: '关键术语疑似错字', en: 'Possible typo in a key term' },
    label: { zh: '术语错字', en: 'term typo' },
    help: {
      zh: '关键术语的近似错误：字被数字、字母、符号、同音字或不成词的字替换，或插入了字；以及已知的错误写法（如“全要素生产力”）。快速修复给出正确术语。',
      en: 'A near miss of a key term: a character replaced by a digit, letter, symbol, sound-alike or a character that makes no word with its neighbours, or an inserted character; and known wrong forms. The fix is the term.',
    },
  },
  'nonstandard-formulation': {
    severity: 'warning',
    title: { zh: '不规范提法', en: 'Nonstandard formulation' },
    label: { zh: '不规范提法', en: 'nonstandard formulation' },
    help: {
      zh: '不规范或已被取代的提法（如“二十大三中全会”应为“二十届三中全会”），附理由和出处；被取代的提法只在晚于取代日期的文稿中提示。',
      en: 'A wrong or superseded formulation, with its reason and source; a superseded one only in documents dated after it was replaced.',
    },
  },
  'stat-outdated': {
    severity: 'warning',
    title: { zh: '统计数据不是最新', en: 'Figure is not the latest' },
    label: { zh: '数据不是最新', en: 'outdated figure' },
    help: {
      zh: '作为“当前”数据陈述（未写年份，或写“目前”“最新”等）的统计值不是文稿日期时的最新官方数据。快速修复给出最新数值及其年份和出处。',
      en: "An indicator stated as current whose value is not the latest official value as of the document's date. The fix gives the latest value with its year and source.",
    },
  },
  'stat-mismatch': {
    severity: 'error',
    title: { zh: '统计数据与官方数据不符', en: 'Figure differs from the official data' },
    label: { zh: '数据不符', en: 'wrong figure' },
    help: {
      zh: '写明年份的统计值与该年的任何官方数值都不符（按所写精度四舍五入可以接受；“超过 X”与不小于 X 的官方值相符）。',
      en: "An indicator named with a year and a value that matches none of that year's official values (rounding to the precision written is tolerated).",
    },
  },
  misattribution: {
    severity: 'error',
    title: { zh: '引文出处有误', en: 'Quotation attributed to the wrong occasion' },
    label: { zh: '出处有误', en: 'misattribution' },
    help: {
      zh: '引文的引导语（同一句中）写的场合或日期与引文实际出处不符。较宽泛但正确的出处（如“在黑龙江考察期间”）可以接受。',
      en: 'A quotation whose lead-in names another occasion or date than the one it comes from. A correct but broader attribution is accepted.',
    },
  },
  inconsistent: {
    severity: 'warning',
    title: { zh: '同一文档内前后不一致', en: 'The document contradicts itself' },
    label: { zh: '前后不一致', en: 'inconsistent' },
    help: {
      zh: '同一文档内前后不一致：同一指标、同一年份（或都作为当前数据）、同一范围的数值在两处不同（按所写精度四舍五入、“超过 X”等界限相容的不算）；同一句官方引文两处写法不同；同一场合写了两个日期。每条结果指向另一处（relatedLocations）；语料知道官方数值、原文或日期时，说明哪一处与之相符。同一年份的初步数与最终数并用，作为提示。',
      en: "The document contradicts itself: one indicator with the same year (or both as current) and scope given values that cannot both be true as written (rounding and bounds are tolerated); one official sentence quoted in two different forms; one occasion given two dates. Each result points at the other places (relatedLocations) and says which one the corpus supports, when it knows. Two official vintages of one year's figure are a note.",
    },
  },
} as const satisfies Record<string, CodeInfo>;

export type Code = keyof typeof REGISTRY;

/** Every code, in the order of this file (SARIF's rules, settings, schema enums). */
export const CODES = Object.keys(REGISTRY) as Code[];

export function isCode(s: string): s is Code {
  return Object.hasOwn(REGISTRY, s);
}

export function codeInfo(code: Code): CodeInfo {
  return REGISTRY[code];
}

export function defaultSeverity(code: Code): Severity {
  return REGISTRY[code].severity;
}
