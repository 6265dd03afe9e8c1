import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  balanceResponseSchema,
  messageListErrorSchema,
  parseProviderError,
} from '../../lambda/providers/dexchange/schemas';
import { loadSpec, REALISTIC_BALANCE_EXAMPLE, type JsonSchema } from '../support/spec';

/**
 * Our zod schemas against the project's copy of the provider's OpenAPI: the same fields, the
 * same required lists, the same types. Ours may be stricter (a currency pattern), never looser
 * or different.
 */

const spec = loadSpec();

function resolve(schema: JsonSchema): JsonSchema {
  if (schema.$ref === undefined) return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  const target = spec.components.schemas[name];
  if (target === undefined) throw new Error(`unresolved ${schema.$ref}`);
  return resolve(target);
}

/** The parts of a schema both sides state: type, format, required, properties, items. */
function shape(schema: JsonSchema): unknown {
  const s = resolve(schema);
  return {
    type: s.type,
    ...(s.format === undefined ? {} : { format: s.format }),
    ...(s.required === undefined ? {} : { required: [...s.required].sort() }),
    ...(s.properties === undefined
      ? {}
      : {
          properties: Object.fromEntries(
            Object.entries(s.properties).map(([k, v]) => [k, shape(v)]),
          ),
        }),
    ...(s.items === undefined ? {} : { items: shape(s.items) }),
  };
}

const ours = (schema: z.core.$ZodType) =>
  shape(z.toJSONSchema(schema, { io: 'input' }) as JsonSchema);

describe('the provider spec and our schemas', () => {
  it('the 200 body has the same fields, types and required lists', () => {
    expect(ours(balanceResponseSchema)).toEqual(
      shape({ $ref: '#/components/schemas/BalanceResponse' }),
    );
  });

  it('the documented error body matches our message-list shape', () => {
    expect(ours(messageListErrorSchema)).toEqual(shape({ $ref: '#/components/schemas/Error' }));
  });

  it('the spec still documents the one endpoint we call, with bearer auth', () => {
    const path = spec.paths['/api/v1/api-services/balance'] as {
      get: { responses: Record<string, unknown> };
    };
    expect(Object.keys(path.get.responses).sort()).toEqual(['200', '401']);
    expect(JSON.stringify(spec)).toContain('"scheme":"bearer"');
  });

  it('a realistic conforming answer parses; one missing a required field does not', () => {
    expect(balanceResponseSchema.safeParse(REALISTIC_BALANCE_EXAMPLE).success).toBe(true);
    const required = resolve({ $ref: '#/components/schemas/BalanceDetails' }).required ?? [];
    for (const field of required) {
      const details: Record<string, unknown> = { ...REALISTIC_BALANCE_EXAMPLE.balance };
      delete details[field];
      expect(
        balanceResponseSchema.safeParse({ ...REALISTIC_BALANCE_EXAMPLE, balance: details }).success,
      ).toBe(false);
    }
  });

  it('reads the three error shapes and tolerates a fourth', () => {
    expect(parseProviderError({ message: ['Unauthorized'], success: false })).toMatchObject({
      shape: 'message-list',
    });
    expect(
      parseProviderError({ success: false, message: 'x', code: 'INVALID_API_KEY' }),
    ).toMatchObject({
      shape: 'coded',
      code: 'INVALID_API_KEY',
    });
    expect(parseProviderError({ error: 500, message: 'x' })).toMatchObject({ shape: 'numbered' });
    expect(parseProviderError({ problem: 'teapot' })).toBeUndefined();
    expect(parseProviderError('<html>')).toBeUndefined();
    expect(parseProviderError(null)).toBeUndefined();
  });
});
