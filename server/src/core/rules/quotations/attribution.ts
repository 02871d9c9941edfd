// Who said the quoted words, and where: the lead-in of a quotation (the writer's words before it that
// report it) must not name another occasion or date than the one the words come from (misattribution),
// and words credited to someone the corpus does not quote (马克思在《资本论》中指出：) are not compared
// with official wording at all.
import { finding, type BlockContext } from '../../context';
import cues from '../../cues.json';
import { attributionOf, formatDate, formatDateLike, msg } from '../../i18n';
import { occasionChain } from '../../index';
import { findDates, sentenceStart, type DateMention } from '../../text';
import type { Finding, Occasion } from '../../types';

interface Mention {
  start: number;
  end: number;
  occasion?: Occasion;
  /** the occasion's name or alias as written, and the year written before it */
  name?: string;
  year?: string;
  date?: DateMention;
  /** the year of a session of the NPC (2024年全国两会) */
  session?: number;
}

function dateMatches(d: DateMention, from: string, to: string): boolean {
  const [fy, fm, fd] = from.split('-').map(Number);
  const [ty, tm, td] = to.split('-').map(Number);
  const probe = (y: number) => {
    if (!fm) return d.year === undefined || d.year === y;
    const key = (mm: number, dd: number) => mm * 100 + dd;
    const lo = key(fm, d.day === undefined ? 0 : fd || 0);
    const hi = key(tm || fm, d.day === undefined ? 0 : td || fd || 31);
    const v = key(d.month ?? 0, d.day ?? 0);
    return v >= lo && v <= hi;
  };
  if (d.year !== undefined) return (d.year === fy || d.year === ty) && probe(d.year);
  return probe(fy);
}

/**
 * Start of the lead-in of a quotation opening at `open`: the writer's words that introduce it. It runs
 * from the start of its sentence (a line ending in ：or ， goes on onto the quotation's line), but only
 * after an earlier quotation of the same sentence and after its last ；, and in a chronology (从…到…)
 * after its last 到: the part nearest the quotation is the one that attributes it.
 */
export function leadInStart(ctx: BlockContext, open: number): number {
  const { text } = ctx;
  let start = sentenceStart(text, open, ctx.start);
  const sentence = start;
  if (!text.slice(start, open).trim()) {
    // the quotation starts a line: a line ending in a colon or comma leads into it
    let k = start - 1;
    while (k > ctx.start && /\s/.test(text[k])) k--;
    if (k >= ctx.start && k < start && /[：:，,]/.test(text[k])) start = sentenceStart(text, k, ctx.start);
  }
  for (const span of ctx.quotes) if (span.end < open && span.end + 1 > start) start = span.end + 1;
  const lead = text.slice(start, open);
  const semi = Math.max(lead.lastIndexOf('；'), lead.lastIndexOf(';'));
  if (semi >= 0) start += semi + 1;
  // (the 从 may come before an earlier quotation of the sentence)
  const from = text.slice(sentence, open).indexOf(cues.chronologyFrom);
  const to = text.slice(start, open).lastIndexOf(cues.chronologyTo);
  if (from >= 0 && to >= 0 && start + to > sentence + from) start += to + 1;
  return start;
}

/** Does the lead-in say someone said or wrote what follows (a reporting verb, or a colon just before the quotation)? */
function reports(lead: string): boolean {
  return /[：:][\s]*$/.test(lead) || cues.reportingVerbs.some((v) => lead.includes(v));
}

/** Sessions of the NPC named by the year (2024年全国两会, 2025年两会). */
const SESSION = /(\d{4})[ \t\u3000]*年[ \t\u3000]*(?:的)?[ \t\u3000]*(?:全国)?两会/g;

/** An occasion held during the NPC session of its year (its name or place names the session). */
const DURING_SESSION = /全国人大.{0,3}次会议|全国人民代表大会.{0,6}次会议/;

/**
 * The lead-in of a quotation (same sentence, before the opening mark) must not name another occasion or
 * date. `alternatives`: other official sources of exactly the same words; the lead-in may name any of them.
 */
export function checkAttribution(ctx: BlockContext, open: number, refIndex: number, alternatives: number[] = []): void {
  if (alternatives.some((alt) => !wrongAttribution(ctx, open, alt))) return;
  const f = wrongAttribution(ctx, open, refIndex, alternatives);
  if (f) ctx.findings.push(f);
}

/** The misattribution finding when the lead-in names another occasion or date than the reference's; else undefined. */
function wrongAttribution(ctx: BlockContext, open: number, refIndex: number, alsoFrom: number[] = []): Finding | undefined {
  const { index, text } = ctx;
  const ref = index.refs[refIndex];
  if (!ref.occasion || !index.occasions.has(ref.occasion)) return;
  const leadStart = leadInStart(ctx, open);
  // only a lead-in that reports words attributes them (以“…”为主题 names a theme, not a speech)
  if (!reports(text.slice(leadStart, open))) return;
  const mentions: Mention[] = [];
  for (const hit of ctx.hits) {
    if (hit.value.kind === 'occasion' && hit.start >= leadStart && hit.end <= open) {
      // a year written just before the name (2024年政府工作报告) belongs to the mention
      const y = /(\d{4})\s*年\s*(?:的)?\s*$/.exec(text.slice(Math.max(leadStart, hit.start - 8), hit.start));
      mentions.push({
        start: y ? hit.start - y[0].length : hit.start,
        end: hit.end,
        occasion: hit.value.occasion,
        name: text.slice(hit.start, hit.end),
        year: y?.[1],
      });
    }
  }
  // keep the longest occasion mention where several overlap
  mentions.sort((a, b) => a.start - b.start || b.end - a.end);
  const occMentions = mentions.filter((m, i) => !mentions.some((o, j) => j !== i && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start));
  const dates = findDates(text, leadStart, open).map((d) => ({ start: d.start, end: d.end, date: d }) as Mention);
  const lead = text.slice(leadStart, open);
  const sessions: Mention[] = [];
  SESSION.lastIndex = 0;
  for (let m = SESSION.exec(lead); m; m = SESSION.exec(lead))
    sessions.push({ start: leadStart + m.index, end: leadStart + m.index + m[0].length, session: Number(m[1]) });
  // a date inside a session mention (2024年两会) is that mention
  const all = [...occMentions, ...dates.filter((d) => !sessions.some((x) => x.start <= d.start && x.end >= d.end)), ...sessions];
  if (!all.length) return;

  const chain = occasionChain(index, ref.occasion);
  const pubDates = [ref.source.date, ...ref.publishedIn.map((s) => s.date)].filter(Boolean);
  const sameNamed = (o: Occasion) =>
    chain.some((c) => c.id === o.id) || occasionChain(index, o.id).some((c) => c.id === ref.occasion) || pubDates.includes(o.date);
  // an alias shared by several occasions (e.g. 政府工作报告) is compatible when any of them is;
  // a year written before the name must be that occasion's year
  const aliasCompatible = (m: Mention) =>
    index.knowledge.occasions.some((o) => (o.name === m.name || o.aliases.includes(m.name!)) && sameNamed(o) && (!m.year || o.date.startsWith(m.year)));
  // a date down to the day names the occasion itself; a month or year may name a broader one (the inspection tour)
  const compatible = (m: Mention) =>
    m.session !== undefined
      ? chain.some((c) => c.date.startsWith(`${m.session}-`) && DURING_SESSION.test(`${c.name} ${c.aliases.join(' ')} ${c.place ?? ''}`))
      : m.occasion
        ? aliasCompatible(m)
        : (m.date!.day !== undefined ? chain.slice(0, 1) : chain).some((c) => dateMatches(m.date!, c.date, c.end ?? c.date)) ||
          pubDates.some((p) => dateMatches(m.date!, p, p));
  // a wrong date down to the day is wrong whatever else the lead-in says; otherwise one right mention is enough
  const wrongDay = all.find((m) => m.date?.day !== undefined && !compatible(m));
  if (!wrongDay && all.some(compatible)) return;
  const wrong = wrongDay ?? all.sort((a, b) => a.start - b.start)[0];
  const actual = chain[0];
  const claimed = text.slice(wrong.start, wrong.end);
  // a session of the wrong year: the right year when the words were spoken during that year's session
  const sessionYear =
    wrong.session !== undefined ? chain.find((c) => DURING_SESSION.test(`${c.name} ${c.aliases.join(' ')} ${c.place ?? ''}`))?.date.slice(0, 4) : undefined;
  const correct = sessionYear
    ? text.slice(wrong.start, wrong.end).replace(/\d{4}/, sessionYear)
    : wrong.occasion || wrong.session !== undefined
      ? actual.name
      : formatDateLike(wrong.date!, actual.date);
  // every official occasion of these words, first the one the fix names
  const occasions = [actual];
  for (const alt of alsoFrom) {
    const o = index.refs[alt].occasion;
    const first = o ? occasionChain(index, o)[0] : undefined;
    if (first && !occasions.some((x) => x.id === first.id)) occasions.push(first);
  }
  return finding(
    'misattribution',
    wrong.start,
    wrong.end,
    msg('misattribution', { actual: occasions.map((o) => `${o.name}（${formatDate(o.date)}）`).join(msg('list.separator')), claimed }),
    ref.entry,
    [{ title: msg('fix.attribution', { text: correct }), start: wrong.start, end: wrong.end, text: correct }],
    { expected: correct, source: attributionOf(index, ref) },
  );
}

/**
 * Does the lead-in text[from, to) credit the words that follow to someone other than the speakers of
 * the corpus — 马克思, 《资本论》, a foreign president — named after any of theirs (习近平, 总书记…)?
 * Then no official wording may be compared with them: a fix would put one speaker's words into
 * another's mouth.
 */
export function creditedElsewhere(text: string, from: number, to: number): boolean {
  if (to <= from) return false;
  // (one pass of one pattern over the lead-in for each list)
  const other = lastMatch(OTHER_SPEAKERS, text, from, to);
  return other >= 0 && other > lastMatch(OWN_SPEAKERS, text, from, to);
}

const escapeRegExp = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const OTHER_SPEAKERS = new RegExp([...cues.otherSpeakers, ...cues.foreignTitles].map(escapeRegExp).join('|'), 'g');

const OWN_SPEAKERS = new RegExp(cues.ownSpeakers.map(escapeRegExp).join('|'), 'g');

/** Start of the last match of `re` in text[from, to), or −1. */
function lastMatch(re: RegExp, text: string, from: number, to: number): number {
  const lead = text.slice(from, to);
  let last = -1;
  re.lastIndex = 0;
  for (let m = re.exec(lead); m; m = re.exec(lead)) last = m.index;
  return last;
}
