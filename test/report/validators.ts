// Independent readers of memorder's reports: the SARIF 2.1.0 JSON schema
// (as shipped in @microsoft/jest-sarif) checked with ajv, and junit2json's
// JUnit XML parser.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { parse } from 'junit2json';

const require = createRequire(import.meta.url);
const schemaFile = join(dirname(require.resolve('@microsoft/jest-sarif/package.json')), 'lib/schemas/sarif-2.1.0-rtm.5.json');

let validate: ((doc: unknown) => boolean) & { errors?: unknown } | undefined;

/** Schema errors of a SARIF document, or [] when it is valid SARIF 2.1.0. */
export function sarifErrors(doc: unknown): unknown[] {
  if (!validate) {
    // The schema's `language` pattern has a stray `]`, legal only without the `u` flag.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')));
  }
  return validate(doc) ? [] : ((validate.errors as unknown[]) ?? ['invalid']);
}

export const parseJUnit = parse;
