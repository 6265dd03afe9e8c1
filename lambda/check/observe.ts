import type { FailureDetail } from '../contract/failure-detail';
import type { Observation } from '../alerting/policy';
import type { FailureInfo } from '../alerting/types';
import { AuthenticationError, isCheckError, outsideText, type CheckError } from '../errors';
import type { BalanceReading } from '../providers/dexchange/client';

/**
 * Reading the balance, for one check: the key, then the API. A read that fails for a reason the
 * monitor watches (the provider, the secret) is an observation like a good one; anything else
 * is a bug and is thrown.
 */

export interface ApiKeyPort {
  /** `fresh` bypasses the container's cache of the key. */
  read(options?: { readonly fresh?: boolean }): Promise<string>;
}

export interface BalancePort {
  getBalance(apiKey: string, deadline?: number): Promise<BalanceReading>;
}

export interface Observed {
  readonly observation: Observation;
  readonly reading?: BalanceReading;
  readonly error?: CheckError;
  /** The key this check used, for redacting anything that may quote it; never stored. */
  readonly apiKey?: string;
}

/** The longest failure text kept in the state and the messages. */
const REASON_MAX = 400;

/** After a 401: the key read again, bypassing the cache, and one more request with it. */
async function retryWithFreshKey(
  apiKeys: ApiKeyPort,
  api: BalancePort,
  deadline: number | undefined,
  original: AuthenticationError,
  use: (key: string) => void,
): Promise<BalanceReading> {
  const left = (deadline ?? Number.POSITIVE_INFINITY) - Date.now();
  if (left < 1000) throw original;
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    if (Number.isFinite(left)) timer = setTimeout(() => reject(original), left);
  });
  try {
    const fresh = await Promise.race([apiKeys.read({ fresh: true }), late]);
    use(fresh);
    return await api.getBalance(fresh, deadline);
  } catch (error) {
    // A new 401 (the fresh key is refused too), or the secret's own failure, is news; running
    // out of time or an outage on the retry is not: the original 401 stands.
    if (
      error instanceof AuthenticationError ||
      (isCheckError(error) && error.kind === 'configuration')
    )
      throw error;
    throw original;
  } finally {
    clearTimeout(timer);
  }
}

/** The failure's data, each text in it passed through the same net as the reason. */
function redactDetail(detail: FailureDetail, apiKey: string | undefined): FailureDetail {
  return Object.fromEntries(
    Object.entries(detail).map(([key, value]) => [
      key,
      typeof value === 'string' ? outsideText(value, apiKey, REASON_MAX) : value,
    ]),
  ) as unknown as FailureDetail;
}

export async function observe(
  apiKeys: ApiKeyPort,
  api: BalancePort,
  deadline: number | undefined,
): Promise<Observed> {
  let apiKey: string | undefined;
  try {
    apiKey = await apiKeys.read();
    let reading: BalanceReading;
    try {
      reading = await api.getBalance(apiKey, deadline);
    } catch (error) {
      if (!(error instanceof AuthenticationError && error.status === 401)) throw error;
      // The key may have been rotated since this container cached it: read it afresh, once,
      // and ask again before the failure counts. If that cannot finish in time, or fails for
      // another reason, the 401 is what the check reports.
      reading = await retryWithFreshKey(apiKeys, api, deadline, error, (fresh) => {
        apiKey = fresh;
      });
    }
    return {
      reading,
      apiKey,
      observation: {
        kind: 'sample',
        balance: reading.balance,
        currency: reading.currency,
        lastUpdate: reading.lastUpdate,
      },
    };
  } catch (error) {
    // Only our typed failures are observations; anything else is a bug and ends the invocation.
    if (!isCheckError(error)) throw error;
    // The messages are built from redacted parts already; this is the last net before the
    // state, the logs and the alerts.
    const failure: FailureInfo = {
      kind: error.kind,
      reason: outsideText(error.message, apiKey, REASON_MAX),
      ...(error.status === undefined ? {} : { status: error.status }),
      ...(error.code === undefined ? {} : { code: outsideText(error.code, apiKey, 64) }),
      ...(error.attempts === undefined ? {} : { attempts: error.attempts }),
      ...(error.detail === undefined ? {} : { detail: redactDetail(error.detail, apiKey) }),
    };
    return {
      error,
      ...(apiKey === undefined ? {} : { apiKey }),
      observation: { kind: 'failure', failure },
    };
  }
}
