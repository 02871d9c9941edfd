// What server/src/core/codes.ts (the one list of diagnostic codes) decides in other files: package.json's
// `tifa.severity` settings (one property per code, its values checked by the editor) and the code enums
// of corpus/schema/common.schema.json. scripts/build.mjs writes them; test/codes.test.ts fails when the
// committed files differ from what these functions make of them. Pure text in, text out.

/**
 * @typedef {{ zh: string, en: string }} Texts
 * @typedef {{ CODES: readonly string[], SEVERITY_SETTINGS: readonly string[], codeInfo: (code: any) => { title: Texts } }} Registry
 */

/** JSON as the repository writes it: two spaces, a final line break. */
const json = (value) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * package.json with `tifa.severity` made of one property per code.
 * @param {string} text the current package.json
 * @param {Registry} registry
 */
export function packageJsonWithCodes(text, registry) {
  const pkg = JSON.parse(text);
  const setting = pkg.contributes.configuration.properties['tifa.severity'];
  setting.properties = Object.fromEntries(
    registry.CODES.map((code) => {
      const { title } = registry.codeInfo(code);
      return [code, { type: 'string', enum: [...registry.SEVERITY_SETTINGS], description: `${title.zh} · ${title.en}` }];
    }),
  );
  setting.additionalProperties = false;
  return json(pkg);
}

/**
 * common.schema.json with every `code` enum (an entry test's expected code) listing the codes.
 * @param {string} text the current common.schema.json
 * @param {Registry} registry
 */
export function commonSchemaWithCodes(text, registry) {
  const schema = JSON.parse(text);
  let found = 0;
  /** @param {unknown} node */
  const visit = (node) => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === 'code' && value && typeof value === 'object' && 'enum' in value) {
        value.enum = [...registry.CODES];
        found++;
      } else visit(value);
    }
  };
  visit(schema);
  if (!found) throw new Error('common.schema.json: no `code` enum found');
  return json(schema);
}

/** The generated files, relative to the repository root, each with the function that makes it. */
export const GENERATED = [
  { file: 'package.json', make: packageJsonWithCodes },
  { file: 'corpus/schema/common.schema.json', make: commonSchemaWithCodes },
];
