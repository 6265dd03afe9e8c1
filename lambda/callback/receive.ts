import { callbackHintOf, type CallbackHint } from '../contract/callback-body';
import { DeliveryError } from '../delivery/channel-port';
import { errorName, outsideText } from '../errors';
import { signatureMatches, type TokenBook } from './token';

/**
 * One DEXCHANGE callback, judged before anything is read or written: POST to `/<token>` of a
 * known account, JSON, at most CALLBACK_MAX_BYTES, signed when the account has a signing
 * secret, a body shaped as DEXCHANGE's SDK types it. Then one conditional write decides
 * whether a check of that account starts now (one per window), and only its winner starts it.
 * A callback is a hint, never the truth: the check reads the balance itself before any alert,
 * so a forged or replayed callback costs at most one balance read per window.
 *
 * Every refusal is a fixed short body that echoes nothing; a wrong token and an account that
 * does not exist are the same 404. What is logged (`log`) is the status, a reason and, once the
 * token named one, the account: never the body, the path (the token), a header, a key or
 * PHONE_NUMBER.
 */

/** The largest body taken: a callback is about 400 bytes; a flood of big ones is refused early. */
export const CALLBACK_MAX_BYTES = 16_384;

export interface CallbackRequest {
  readonly method: string;
  /** The URL's path, `/<token>`. */
  readonly path: string;
  /** Header names in lower case, as the Function URL gives them. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** The body's bytes exactly as received (the signature is over them). */
  readonly body: Buffer;
}

/** The event the account's check is started with (lambda/handler.ts). */
export interface CallbackCheckEvent {
  readonly action: 'callback';
  /** When the callback arrived, ISO 8601. */
  readonly at: string;
  readonly hint: CallbackHint;
}

export interface CallbackDeps {
  readonly tokens: () => Promise<TokenBook>;
  /** The account's signing secret, or undefined when its callbacks come unsigned. */
  readonly signingSecret: (account: string) => Promise<string | undefined>;
  /** The header carrying the signature, in lower case. */
  readonly signatureHeader: string;
  /** True for the one callback of the window that starts a check (a conditional write). */
  readonly claim: (account: string, now: Date) => Promise<boolean>;
  /** Starts the account's check without waiting for it (an asynchronous invoke). */
  readonly startCheck: (account: string, event: CallbackCheckEvent) => Promise<void>;
  /**
   * Gives back the window claimed at `at` when the check could not be started, so that the
   * sender's retry, or the next callback, starts it instead of meeting a window with no check.
   */
  readonly release?: (account: string, at: Date) => Promise<void>;
  readonly now: () => Date;
}

export type CallbackReason =
  | 'started'
  | 'within-window'
  | 'method'
  | 'unknown-token'
  | 'content-type'
  | 'too-large'
  | 'signature'
  | 'not-a-callback'
  | 'unavailable';

/** Which port failed when the answer is 503: what the operator has to look at. */
export type CallbackFailure = 'callback-key' | 'signing-secret' | 'window' | 'invoke';

export interface CallbackOutcome {
  readonly response: {
    readonly statusCode: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
  };
  /** The one log line: safe to write as it is. */
  readonly log: {
    readonly status: number;
    readonly reason: CallbackReason;
    readonly account?: string;
    /** On a 503: the port that failed, and its error (the AWS error's name, or our text). */
    readonly failure?: CallbackFailure;
    readonly error?: string;
    /** On a failed invoke: whether the window was given back for the next callback. */
    readonly windowReleased?: boolean;
  };
}

const ANSWERS: Readonly<Record<CallbackReason, readonly [number, string]>> = {
  started: [202, 'accepted'],
  'within-window': [202, 'accepted'],
  method: [405, 'method not allowed'],
  'unknown-token': [404, 'not found'],
  'content-type': [415, 'unsupported media type'],
  'too-large': [413, 'payload too large'],
  signature: [401, 'unauthorized'],
  'not-a-callback': [400, 'bad request'],
  unavailable: [503, 'try again later'],
};

interface Failed {
  readonly failure: CallbackFailure;
  readonly error: string;
  readonly windowReleased?: boolean;
}

/**
 * What the log says of a port's failure: the AWS error's name (ThrottlingException,
 * ResourceNotFoundException, AccessDeniedException...), never the SDK's message, which may quote
 * what it was given; and for a secret, the secret reader's own text, which names the secret
 * (never its value) and what to do.
 */
function failed(failure: CallbackFailure, error: unknown): Failed {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const name = errorName(cause);
  return {
    failure,
    error:
      error instanceof DeliveryError
        ? outsideText(`${name}: ${error.message}`, undefined, 300)
        : name,
  };
}

function outcome(reason: CallbackReason, account?: string, failure?: Failed): CallbackOutcome {
  const [statusCode, body] = ANSWERS[reason];
  return {
    response: {
      statusCode,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        ...(statusCode === 405 ? { allow: 'POST' } : {}),
      },
      body,
    },
    log: {
      status: statusCode,
      reason,
      ...(account === undefined ? {} : { account }),
      ...failure,
    },
  };
}

const isJson = (contentType: string | undefined) =>
  contentType !== undefined &&
  /^application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i.test(contentType.trim());

/** The path's one segment, or undefined (no token, or more than one segment). */
function tokenOf(path: string): string | undefined {
  const match = /^\/([\w-]{1,128})\/?$/.exec(path);
  return match?.[1];
}

export async function receiveCallback(
  request: CallbackRequest,
  deps: CallbackDeps,
): Promise<CallbackOutcome> {
  if (request.method.toUpperCase() !== 'POST') return outcome('method');
  const token = tokenOf(request.path);
  let account: string | undefined;
  try {
    account = token === undefined ? undefined : (await deps.tokens()).accountOf(token);
  } catch (error) {
    // The callback key cannot be read: 503, so the sender may retry; the schedule checks anyway.
    return outcome('unavailable', undefined, failed('callback-key', error));
  }
  if (account === undefined) return outcome('unknown-token');
  if (!isJson(request.headers['content-type'])) return outcome('content-type', account);
  if (request.body.length > CALLBACK_MAX_BYTES) return outcome('too-large', account);

  let secret: string | undefined;
  try {
    secret = await deps.signingSecret(account);
  } catch (error) {
    return outcome('unavailable', account, failed('signing-secret', error));
  }
  if (secret !== undefined) {
    const signature = request.headers[deps.signatureHeader];
    if (signature === undefined || !signatureMatches(signature, request.body, secret))
      return outcome('signature', account);
  }

  let json: unknown;
  try {
    json = JSON.parse(request.body.toString('utf8'));
  } catch {
    return outcome('not-a-callback', account);
  }
  const hint = callbackHintOf(json);
  if (hint === undefined) return outcome('not-a-callback', account);

  const now = deps.now();
  // The state table or Lambda failing is a 503: the sender may retry; the schedule checks anyway.
  let claimed: boolean;
  try {
    claimed = await deps.claim(account, now);
  } catch (error) {
    return outcome('unavailable', account, failed('window', error));
  }
  if (!claimed) return outcome('within-window', account);
  try {
    await deps.startCheck(account, { action: 'callback', at: now.toISOString(), hint });
  } catch (error) {
    // Without this, the window would hold for its seconds with no check behind it, and the
    // sender's retry would be taken (202) and start nothing.
    const windowReleased =
      deps.release === undefined
        ? false
        : await deps.release(account, now).then(
            () => true,
            () => false,
          );
    return outcome('unavailable', account, { ...failed('invoke', error), windowReleased });
  }
  return outcome('started', account);
}
