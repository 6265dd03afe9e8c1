import type { CheckPorts } from '../../lambda/check/run-check';
import type { Notifier } from '../../lambda/delivery/channel-port';
import type { StateStore } from '../../lambda/stores/state-store';

/** The API key every unit check reads: shaped like one, never a real one. */
export const UNIT_API_KEY = 'dx_unit_key_0123456789';

/**
 * A check's ports for unit tests, over an in-memory store: the key, DEXCHANGE answering
 * `balance` (a figure, or a function of the call giving a figure or an Error it fails with)
 * updated at `updatedAt`, the channels and the store; `extra` over them (a queue, a report).
 */
export function unitCheckPorts(
  state: StateStore,
  balance: number | (() => number | Error),
  channels: readonly Notifier[],
  updatedAt: Date,
  extra: Partial<CheckPorts> = {},
): CheckPorts {
  return {
    apiKey: { read: () => Promise.resolve(UNIT_API_KEY) },
    dexchange: {
      getBalance: () => {
        const value = typeof balance === 'number' ? balance : balance();
        if (value instanceof Error) return Promise.reject(value);
        return Promise.resolve({
          balance: value,
          currency: 'XOF',
          lastUpdate: updatedAt.toISOString(),
          latencyMs: 1,
          attempts: 1,
        });
      },
    },
    channels,
    state,
    ...extra,
  };
}
