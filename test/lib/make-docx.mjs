// Builds small .docx files for tests (the unit tests and test/e2e/word.test.mjs): a minimal but valid
// WordprocessingML package with paragraphs split over runs, a table, a footnote, tracked insertions and
// deletions, and optionally a header. Test *inputs* only: the sentences are made-up writing.
import { zipSync, strToU8 } from 'fflate';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const t = (s) => `<w:t xml:space="preserve">${esc(s)}</w:t>`;

/**
 * A run: a string, or { text, bold }, { ins: text } (tracked insertion), { del: text } (tracked deletion),
 * { footnote: id } (a footnote reference), { tab: true }.
 */
function run(r) {
  if (typeof r === 'string') return `<w:r>${t(r)}</w:r>`;
  if (r.ins !== undefined) return `<w:ins w:id="${900 + r.ins.length}" w:author="甲" w:date="2025-01-01T00:00:00Z"><w:r>${t(r.ins)}</w:r></w:ins>`;
  if (r.del !== undefined)
    return `<w:del w:id="${800 + r.del.length}" w:author="甲" w:date="2025-01-01T00:00:00Z"><w:r><w:delText xml:space="preserve">${esc(r.del)}</w:delText></w:r></w:del>`;
  if (r.footnote !== undefined) return `<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="${r.footnote}"/></w:r>`;
  if (r.tab) return '<w:r><w:tab/></w:r>';
  return `<w:r>${r.bold ? '<w:rPr><w:b/></w:rPr>' : ''}${t(r.text)}</w:r>`;
}

const para = (runs) => `<w:p>${(Array.isArray(runs) ? runs : [runs]).map(run).join('')}</w:p>`;

/**
 * @param {{ body: Array<string | object[] | { table: Array<Array<string>> }>, footnotes?: Record<string, string>, header?: string }} spec
 * @returns {Uint8Array}
 */
export function makeDocx(spec) {
  const body = spec.body
    .map((b) => {
      if (b && !Array.isArray(b) && typeof b === 'object' && b.table) {
        const rows = b.table
          .map((row) => `<w:tr>${row.map((cell) => `<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>${para(cell)}</w:tc>`).join('')}</w:tr>`)
          .join('');
        return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>${b.table[0].map(() => '<w:gridCol w:w="3000"/>').join('')}</w:tblGrid>${rows}</w:tbl>`;
      }
      return para(b);
    })
    .join('');
  const notes = Object.entries(spec.footnotes ?? {})
    .map(
      ([id, text]) =>
        `<w:footnote w:id="${id}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r><w:r>${t(' ' + text)}</w:r></w:p></w:footnote>`,
    )
    .join('');
  const files = {
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
        (spec.footnotes
          ? `<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>`
          : '') +
        (spec.header
          ? `<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>`
          : '') +
        `</Types>`,
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
    ),
    'word/_rels/document.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        (spec.footnotes
          ? `<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/>`
          : '') +
        (spec.header
          ? `<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/>`
          : '') +
        `</Relationships>`,
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="${W}" xmlns:r="${R}"><w:body>${body}` +
        `<w:sectPr>${spec.header ? '<w:headerReference w:type="default" r:id="rId3"/>' : ''}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>`,
    ),
  };
  if (spec.footnotes) {
    files['word/footnotes.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes xmlns:w="${W}">` +
        `<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>` +
        `<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>${notes}</w:footnotes>`,
    );
  }
  if (spec.header)
    files['word/header1.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="${W}">${para(spec.header)}</w:hdr>`);
  return zipSync(files);
}
