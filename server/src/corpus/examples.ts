// The README of a new user corpus folder: what goes where, and one example of every entry type. The
// examples are entries of the built-in corpus as loaded (real wording, real sources), shown in fenced
// blocks of the README, so they are never loaded as entries of the user's folder (which would credit
// them to it) and never invented.
import { stringify } from 'yaml';
import type { Knowledge, Source, EntryTests } from '../core/types';
import readme from './folder-readme.md';

function source(s: Source): Record<string, string> {
  const out: Record<string, string> = { title: s.title, publisher: s.publisher, date: s.date };
  if (s.speaker) out.speaker = s.speaker;
  if (s.note) out.note = s.note;
  if (s.url) out.url = s.url;
  return out;
}

function tests(t: EntryTests): Record<string, unknown> {
  return { flag: t.flag.slice(0, 1).map((x) => (x.code ? { text: x.text, code: x.code } : x.text)), pass: t.pass.slice(0, 1).map((x) => x.text) };
}

function yaml(kind: string, entry: Record<string, unknown>): string {
  const text = stringify(kind === 'document' ? entry : { kind, entries: [entry] }, { lineWidth: 0 });
  // dates as quoted strings, as the schema asks
  return text.replace(/^(\s*(?:- )?[a-z_]+: )(\d{4}-\d{2}(?:-\d{2})?)$/gm, '$1"$2"').trimEnd();
}

const strip = <T extends Record<string, unknown>>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && !(Array.isArray(v) && !v.length))) as T;

/** One example of each entry type from the built-in corpus, as YAML; a type it has none of is left out. */
export function examples(k: Knowledge): Array<{ kind: string; yaml: string; from: string }> {
  const out: Array<{ kind: string; yaml: string; from: string }> = [];
  const term = k.terms.find((t) => t.term === '新质生产力') ?? k.terms[0];
  if (term)
    out.push({
      kind: 'terms',
      from: term.id,
      yaml: yaml(
        'terms',
        strip({
          id: term.id,
          term: term.term,
          aliases: term.aliases.slice(0, 2),
          category: term.category,
          definition: strip({ ...term.definition, source: source(term.definition.source) }),
          related: term.related.slice(0, 3),
          tests: tests(term.tests),
        }),
      ),
    });
  const quote = k.quotations.find((x) => x.text.startsWith('发展新质生产力是推动高质量发展的内在要求和重要着力点')) ?? k.quotations[0];
  if (quote)
    out.push({
      kind: 'quotations',
      from: quote.id,
      yaml: yaml(
        'quotations',
        strip({
          id: quote.id,
          text: quote.text,
          speaker: quote.speaker,
          occasion: quote.occasion,
          date: quote.date,
          source: source(quote.source),
          keywords: quote.keywords.slice(0, 3),
          tests: tests(quote.tests),
        }),
      ),
    });
  const occasion = (quote && k.occasions.find((o) => o.id === quote.occasion)) ?? k.occasions[0];
  if (occasion)
    out.push({
      kind: 'occasions',
      from: occasion.id,
      yaml: yaml(
        'occasions',
        strip({
          id: occasion.id,
          name: occasion.name,
          aliases: occasion.aliases.slice(0, 2),
          type: occasion.type,
          date: occasion.date,
          place: occasion.place,
          speaker: occasion.speaker,
          source: source(occasion.source),
        }),
      ),
    });
  const formulation = k.formulations[0];
  if (formulation)
    out.push({
      kind: 'formulations',
      from: formulation.id,
      yaml: yaml(
        'formulations',
        strip({
          id: formulation.id,
          right: formulation.right,
          wrong: formulation.wrong,
          status: formulation.status,
          since: formulation.since,
          code: formulation.code,
          reason: formulation.reason,
          source: source(formulation.source),
          tests: tests(formulation.tests),
        }),
      ),
    });
  const stat = k.statistics.find((s) => s.id === 'rd-intensity') ?? k.statistics[0];
  if (stat)
    out.push({
      kind: 'statistics',
      from: stat.id,
      yaml: yaml(
        'statistics',
        strip({
          id: stat.id,
          name: stat.name,
          aliases: stat.aliases.slice(0, 2),
          unit: stat.unit,
          definition: stat.definition,
          source: source(stat.source),
          values: [...stat.values]
            .sort((a, b) => a.year - b.year)
            .slice(-2)
            .map((v) => strip({ ...v })),
          tests: tests(stat.tests),
        }),
      ),
    });
  const doc = k.documents.find((d) => d.quality === 'clean') ?? k.documents[0];
  if (doc)
    out.push({
      kind: 'document',
      from: doc.id,
      yaml: yaml(
        'document',
        strip({
          kind: 'document',
          id: doc.id,
          title: doc.title,
          author: doc.author,
          venue: doc.venue,
          date: doc.date,
          text: `${doc.id}.txt`,
          quality: doc.quality,
          defects: doc.defects,
        }),
      ),
    });
  return out;
}

/** The README of a new corpus folder (folder-readme.md with the examples filled in). */
export function exampleReadme(k: Knowledge): string {
  const blocks = examples(k)
    .map((e) => `### ${e.kind}（${e.from}）\n\n\`\`\`yaml\n${e.yaml}\n\`\`\``)
    .join('\n\n');
  return readme.replace('{examples}', blocks);
}
