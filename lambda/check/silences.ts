import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import type { Silence } from '../alerting/state';
import { SELECTABLE_SEVERITIES } from '../contract/severities';
import { MAX_SILENCE_MINUTES } from '../contract/silences';
import type { StateStore } from '../stores/state-store';
import { emptyState, updateState } from './update-state';

/**
 * Silences: an account's notifications held for a while (a planned DEXCHANGE maintenance, a
 * known top-up delay), the events still recorded. When it ends, what is still true goes out
 * once (alerting/held.ts). Set and ended by actions on the function, or by `npm start`.
 */

export const silenceActionSchema = z.strictObject({
  action: z.literal('silence'),
  minutes: z
    .number({ error: 'must be a number of minutes' })
    .int({ error: 'must be a whole number of minutes' })
    .min(1, { error: 'must be at least 1' })
    .max(MAX_SILENCE_MINUTES, { error: `must be at most ${MAX_SILENCE_MINUTES} (a week)` }),
  reason: z.string().max(200, { error: 'must be at most 200 characters' }).optional(),
  /** Only these; every severity when absent. */
  severities: z
    .array(
      z.enum(SELECTABLE_SEVERITIES, { error: `must be among ${SELECTABLE_SEVERITIES.join(', ')}` }),
    )
    .min(1)
    .optional(),
});
export type SilenceAction = z.infer<typeof silenceActionSchema>;

/** A silence action that cannot be done as asked (the operator's to fix). */
export class ActionRefused extends Error {
  override readonly name = 'ActionRefused';
}

export async function addSilence(
  store: StateStore,
  request: SilenceAction,
  now: Date,
): Promise<Silence> {
  const silence: Silence = {
    id: randomUUID().slice(0, 8),
    from: now.toISOString(),
    until: new Date(now.getTime() + request.minutes * 60_000).toISOString(),
    ...(request.reason === undefined ? {} : { reason: request.reason }),
    ...(request.severities === undefined ? {} : { severities: request.severities }),
  };
  return updateState(store, now, `silence-${silence.id}`, (state) => {
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
): Promise<Silence> {
  return updateState(store, now, `unsilence-${id ?? 'only'}`, (state) => {
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
