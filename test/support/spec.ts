import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/** The project's copy of the provider's OpenAPI, and one realistic answer that conforms to it. */

export const SPEC_PATH = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  'spec',
  'dexchange-openapi.yaml',
);

export const REALISTIC_BALANCE_EXAMPLE = {
  message: 'Solde récupéré avec succès',
  balance: {
    success: true,
    balance: 1_250_000,
    currency: 'XOF',
    lastUpdate: '2026-11-28T08:30:00.000Z',
  },
};

export interface JsonSchema {
  type?: string;
  format?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
}

export function loadSpec(): {
  components: { schemas: Record<string, JsonSchema> };
  paths: Record<string, unknown>;
} {
  return parse(readFileSync(SPEC_PATH, 'utf8')) as never;
}
