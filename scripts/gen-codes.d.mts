// Types of scripts/gen-codes.mjs for the TypeScript tests.
type Texts = { zh: string; en: string };
export interface Registry {
  CODES: readonly string[];
  SEVERITY_SETTINGS: readonly string[];
  codeInfo(code: never): { title: Texts };
}
export function packageJsonWithCodes(text: string, registry: Registry): string;
export function commonSchemaWithCodes(text: string, registry: Registry): string;
export const GENERATED: Array<{ file: string; make: (text: string, registry: Registry) => string }>;
