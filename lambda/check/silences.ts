import { randomUUID } from 'node:crypto';
import * as z from '../contract/zod';
import { addIssue } from '../contract/env-rules';
import type { Silence } from '../alerting/state';
import { MAX_SILENCE_MINUTES } from '../contract/silences';
import { HOLDABLE_SEVERITIES, type HoldableSeverity } from '../contract/severities';
import type { StateStore } from '../stores/state-store';
import type { HealedReport } from './update-record';
import { emptyState, updateState } from './update-state';

/**
 * Silences: an account's notifications held for a while (a planned DEXCHANGE maintenance, a
 * known top-up delay), the events still recorded. When it ends, what is still true goes out
 * once (alerting/held.ts). Set and ended by actions on the function, or by `npm start`.
 */

/** What a silence can hold: what any hold decides on (contract/severities.ts). */
export const SILENCEABLE_SEVERITIES = HOLDABLE_SEVERITIES;
export type SilenceableSeverity = HoldableSeverity;

const SEVERITIES_RULE = `must list only severities a silence can hold: ${SILENCEABLE_SEVERITIES.join(', ')}, in capitals (a reminder, RECOVERED, RESOLVED or acknowledgment is held with the alert it is about)`;

/** The `severities` of a silence: at least one, each a kind a silence can hold. */
export const silenceSeveritiesSchema = z.pipe(
  z
    .array(z.string({ error: SEVERITIES_RULE }), { error: SEVERITIES_RULE })
    .check(z.minLength(1, { error: SEVERITIES_RULE })),
  z.transform((list: string[], ctx) => {
    const wrong = list.filter((s) => !(SILENCEABLE_SEVERITIES as readonly string[]).includes(s));
    if (wrong.length > 0) {
      addIssue(ctx, `${SEVERITIES_RULE}, not ${wrong.map((s) => JSON.stringify(s)).join(', ')}`);
      return z.NEVER;
    }
    return [...new Set(list)] as SilenceableSeverity[];
  }),
);

/** Built at its first parse (`z.lazy`): a scheduled check never parses an action. */
export const silenceActionSchema = z.lazy(() =>
  z.strictObject({
    action: z.literal('silence'),
    minutes: z.number({ error: 'must be a number of minutes' }).check(
      z.int({ error: 'must be a whole number of minutes' }),
      z.minimum(1, { error: 'must be at least 1' }),
      z.maximum(MAX_SILENCE_MINUTES, {
        error: `must be at most ${MAX_SILENCE_MINUTES} (a week)`,
      }),
    ),
    reason: z.optional(
      z.string().check(z.maxLength(200, { error: 'must be at most 200 characters' })),
    ),
    /** Only these; every severity when absent. */
    severities: z.optional(silenceSeveritiesSchema),
  }),
);
export type SilenceAction = z.infer<typeof silenceActionSchema>;

/** A silence action that cannot be done as asked (the operator's to fix). */
export class ActionRefused extends Error {
  override readonly name = 'ActionRefused';
}

export async function addSilence(
  store: StateStore,
  request: SilenceAction,
  now: Date,
  healed: HealedReport,
): Promise<Silence> {
  const silence: Silence = {
    id: randomUUID().slice(0, 8),
    from: now.toISOString(),
    until: new Date(now.getTime() + request.minutes * 60_000).toISOString(),
    ...(request.reason === undefined ? {} : { reason: request.reason }),
    ...(request.severities === undefined ? {} : { severities: request.severities }),
  };
  return updateState(store, now, `silence-${silence.id}`, healed, (state) => {
    const current = (state?.silences ?? []).filter((s) => Date.parse(s.until) > now.getTime());
    if (current.length >= 10)
      throw new ActionRefused(
        'an account holds at most 10 silences; end one first ({"action": "unsilence", "id": ...})',
      );
    return {
      state: { ...(state ?? emptyState(now)), silences: [...current, silence] },
      result: silence,
    };
  });
}

export async function listSilences(store: StateStore, now: Date): Promise<Silence[]> {
  const loaded = await store.load(now);
  return (loaded.record?.state.silences ?? []).filter((s) => Date.parse(s.until) > now.getTime());
}

/** Ends a silence now (by id; with none given, the only one there is). */
export async function endSilence(
  store: StateStore,
  id: string | undefined,
  now: Date,
  healed: HealedReport,
): Promise<Silence> {
  return updateState(store, now, `unsilence-${id ?? 'only'}`, healed, (state) => {
    const current = (state?.silences ?? []).filter((s) => Date.parse(s.until) > now.getTime());
    const ended =
      id === undefined
        ? current.length === 1
          ? current[0]
          : undefined
        : current.find((s) => s.id === id);
    if (ended === undefined)
      throw new ActionRefused(
        id === undefined
          ? `give the id of the silence to end: ${current.length === 0 ? 'there is none' : current.map((s) => s.id).join(', ')}`
          : `no silence ${id}; the current ones: ${current.map((s) => s.id).join(', ') || 'none'}`,
      );
    return {
      state: { ...(state ?? emptyState(now)), silences: current.filter((s) => s !== ended) },
      result: { ...ended, until: now.toISOString() },
    };
  });
}
