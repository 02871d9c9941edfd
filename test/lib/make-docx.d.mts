export function makeDocx(spec: {
  body: Array<string | Array<string | { text: string; bold?: boolean } | { ins: string } | { del: string } | { footnote: number } | { tab: true }> | { table: string[][] }>;
  footnotes?: Record<string, string>;
  header?: string;
}): Uint8Array;
