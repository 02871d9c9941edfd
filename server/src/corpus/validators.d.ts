// Types of validators.js, which scripts/build.mjs generates from corpus/schema/*.schema.json with ajv's
// standalone code (the validators of each corpus kind, compiled at build time).
import type { ErrorObject } from 'ajv';

export interface Validate {
  (data: unknown): boolean;
  errors?: ErrorObject[] | null;
}

export const terms: Validate;
export const quotations: Validate;
export const occasions: Validate;
export const formulations: Validate;
export const statistics: Validate;
export const document: Validate;
