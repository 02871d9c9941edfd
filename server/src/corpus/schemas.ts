// The JSON Schemas of the corpus kinds, compiled into the bundle (the same files VS Code uses for
// YAML validation and completion through `yamlValidation` in package.json).
import common from '../../../corpus/schema/common.schema.json';
import document from '../../../corpus/schema/document.schema.json';
import formulations from '../../../corpus/schema/formulations.schema.json';
import occasions from '../../../corpus/schema/occasions.schema.json';
import quotations from '../../../corpus/schema/quotations.schema.json';
import statistics from '../../../corpus/schema/statistics.schema.json';
import terms from '../../../corpus/schema/terms.schema.json';

export const SCHEMAS = { common, document, formulations, occasions, quotations, statistics, terms };
