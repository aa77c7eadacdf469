/**
 * Frictionless Table Schema v2 (https://datapackage.org/standard/table-schema/) as mlci reads it, plus mlci's
 * dataset rules under the one extension key `x-mlci`.
 */

export const FIELD_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'datetime', 'time', 'year', 'any'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export const FIELDS_MATCH = ['exact', 'equal', 'subset', 'superset', 'partial'] as const;
export type FieldsMatch = (typeof FIELDS_MATCH)[number];

export const STRING_FORMATS = ['default', 'email', 'uri', 'uuid', 'binary'] as const;

/** How a string column is scanned for personal data: `warn` (default), `forbid` (a `pii` error per cell), `off`. */
export type PiiMode = 'warn' | 'forbid' | 'off';

export interface FieldConstraints {
  required?: boolean | undefined;
  unique?: boolean | undefined;
  minimum?: string | number | undefined;
  maximum?: string | number | undefined;
  exclusiveMinimum?: string | number | undefined;
  exclusiveMaximum?: string | number | undefined;
  enum?: Array<string | number | boolean> | undefined;
  pattern?: string | undefined;
  minLength?: number | undefined;
  maxLength?: number | undefined;
}

export interface SchemaField {
  name: string;
  type?: FieldType | undefined;
  format?: string | undefined;
  title?: string | undefined;
  description?: string | undefined;
  /** Field-level missing values (v2); replace the schema's list for this field. */
  missingValues?: string[] | undefined;
  constraints?: FieldConstraints | undefined;
  trueValues?: string[] | undefined;
  falseValues?: string[] | undefined;
  decimalChar?: string | undefined;
  groupChar?: string | undefined;
  bareNumber?: boolean | undefined;
  /** v2 categorical fields: a value outside the categories fails its type. */
  categories?: Array<string | number | { value: string | number; label?: string | undefined }> | undefined;
  [extra: string]: unknown;
}

export interface MlciFieldRules {
  /** Largest allowed share (0..1) of missing values in this field. */
  maxMissingShare?: number | undefined;
  pii?: PiiMode | undefined;
}

/** The `x-mlci` extension: dataset rules Table Schema lacks. */
export interface MlciExtension {
  rows?: { min?: number | undefined; max?: number | undefined } | undefined;
  /** Default `maxMissingShare` for every field. */
  maxMissingShare?: number | undefined;
  /** Default PII mode for every string field. */
  pii?: PiiMode | undefined;
  fields?: Record<string, MlciFieldRules> | undefined;
}

export interface TableSchema {
  fields: SchemaField[];
  missingValues?: string[] | undefined;
  primaryKey?: string[] | undefined;
  uniqueKeys?: string[][] | undefined;
  fieldsMatch?: FieldsMatch | undefined;
  'x-mlci'?: MlciExtension | undefined;
  [extra: string]: unknown;
}

/** The key of mlci's extension inside a Table Schema. */
export const EXTENSION_KEY = 'x-mlci';
