// JSON Schemas generated from the zod schemas, for editors (policy files) and log pipelines (journal lines).
import { z } from 'zod';

import { PolicySchema } from '../policy-schema.js';
import { JournalRecordSchema } from '../journal-schema.js';

export const POLICY_SCHEMA_ID = 'urn:lookout:schema:policy:1';
export const JOURNAL_RECORD_SCHEMA_ID = 'urn:lookout:schema:journal-record:1';

/** The JSON Schema of a policy file (what a user writes, so defaults are not required keys). */
export function policyJsonSchema(): Record<string, unknown> {
  return {
    $id: POLICY_SCHEMA_ID,
    title: 'Lookout policy',
    ...z.toJSONSchema(PolicySchema, { io: 'input', target: 'draft-2020-12' }),
  };
}

/** The JSON Schema of one journal line. */
export function journalRecordJsonSchema(): Record<string, unknown> {
  return {
    $id: JOURNAL_RECORD_SCHEMA_ID,
    title: 'Lookout journal record',
    ...z.toJSONSchema(JournalRecordSchema, { target: 'draft-2020-12' }),
  };
}

/** The files under `schemas/` and their contents, as `generate-schemas` writes them. */
export function schemaFiles(): Record<string, string> {
  return {
    'policy.schema.json': `${JSON.stringify(policyJsonSchema(), null, 2)}\n`,
    'journal-record.schema.json': `${JSON.stringify(journalRecordJsonSchema(), null, 2)}\n`,
  };
}
