import { DeliveryError } from '../delivery/channel-port';
import { lateFailureError } from '../messages/whatsapp/late-failure';
import { excerpt } from './http';

/**
 * What a refusal of SendWhatsAppMessage means for the delivery. AWS End User Messaging Social
 * answers with its own exceptions (the SDK's classes, by name) and, for what Meta refused,
 * quotes Meta's error code in the message, as Meta writes it: "(#132001) Template name does
 * not exist in the translation".
 *
 * - Permanent (parked at once, the operators told, the other channels unaffected): the
 *   template is missing in that language, not approved, paused or disabled; the recipient is
 *   not on WhatsApp or the number is invalid; the parameters do not fit the template. Sending
 *   the same message again would get the same answer.
 *   Most of these (131026 above all) Meta reports after accepting the send, as a `failed`
 *   status on the event topic: the event function parks those (lambda/ack/whatsapp-late-failure.ts,
 *   with lateFailureText below); this table serves both.
 * - Transient (retried with the outbox's backoff, parked after 6 hours like every channel):
 *   throttling and rate limits, service errors on either side, and what fixing the
 *   configuration fixes (a phone number id not found, a permission missing).
 */

/** Meta's codes for what no retry can fix, with what to do. */
const PERMANENT_META_CODES: Readonly<Record<number, string>> = {
  100: 'a parameter Meta refused, or a recipient that is not a WhatsApp number',
  131008: 'a parameter the template needs is missing',
  131009: 'a parameter value is not valid',
  131021: 'the recipient is the sending number itself',
  131026:
    'the recipient cannot receive it (not on WhatsApp, or an old app): reach them another way',
  131030: 'the recipient is not in the test number list of this WhatsApp account',
  131042:
    "the WhatsApp Business Account has a payment problem: fix its payment method in Meta's Business Manager",
  131049:
    'Meta held it back to keep the business messages this person gets within its limit: nothing to fix',
  130472: 'the number is part of an experiment Meta runs: nothing to fix',
  131047: 'free text outside the 24-hour window (the channel sends templates only)',
  131051: 'a message type WhatsApp does not take',
  132000: 'the number of parameters does not match the template: run npm run whatsapp-templates',
  132001:
    "the template does not exist in this language (a new version of the words may still await Meta's approval): run npm run whatsapp-templates",
  132005: 'the filled-in template is too long',
  132007: "the template breaks Meta's policy",
  132012: 'a parameter does not have the format the template expects',
  132015: 'the template is paused (too many people blocked or reported it)',
  132016: 'the template is disabled',
};

/** Meta's codes to wait out: rate limits and Meta's own trouble. */
const TRANSIENT_META_CODES: ReadonlySet<number> = new Set([
  1, 2, 4, 80007, 130429, 131000, 131016, 131048, 131056, 133004,
]);

/** The SDK's exceptions to retry: throttling, quotas, and service faults on either side. */
const TRANSIENT_EXCEPTIONS: ReadonlySet<string> = new Set([
  'ThrottledRequestException',
  'LimitExceededException',
  'InternalServiceException',
  'DependencyException',
  // Fixing the configuration fixes these: a phone number id or a grant.
  'ResourceNotFoundException',
  'AccessDeniedException',
  'AccessDeniedByMetaException',
]);

/** The request itself is refused: the same request would be refused again. */
const INVALID_REQUEST_EXCEPTIONS: ReadonlySet<string> = new Set([
  'ValidationException',
  'InvalidParametersException',
]);

/** Meta's code quoted in a message, "(#131026)" or "code 131026". */
export function metaCodeOf(message: string): number | undefined {
  const found = /\(#(\d+)\)|\bcode:? ?(\d{3,6})\b/i.exec(message);
  const code = found?.[1] ?? found?.[2];
  return code === undefined ? undefined : Number(code);
}

export function whatsappDeliveryError(
  error: unknown,
  secrets: readonly string[] = [],
): DeliveryError {
  const name = error instanceof Error ? error.name : 'Error';
  const said = excerpt(error instanceof Error ? error.message : String(error), secrets);
  const code = metaCodeOf(said);
  const last = `WhatsApp (End User Messaging Social) answered ${name}${said === '' ? '' : `: ${said}`}`;
  const cause = { cause: error };
  if (code !== undefined) {
    const why = PERMANENT_META_CODES[code];
    if (why !== undefined) return new DeliveryError(`${last} (${why})`, true, cause);
    if (TRANSIENT_META_CODES.has(code)) return new DeliveryError(last, false, cause);
  }
  if (TRANSIENT_EXCEPTIONS.has(name))
    return new DeliveryError(`${last}${hint(name)}`, false, cause);
  if (INVALID_REQUEST_EXCEPTIONS.has(name)) return new DeliveryError(last, true, cause);
  // A fault of the transport (a timeout, a reset) or of the service: waited out.
  const fault = (error as { $fault?: unknown } | undefined)?.$fault;
  return new DeliveryError(last, fault === 'client', cause);
}

function hint(name: string): string {
  if (name === 'ResourceNotFoundException')
    return ' (check whatsapp.phoneNumberId in the deploy config: the console shows it under Phone numbers)';
  if (name === 'AccessDeniedException')
    return ' (the function may send from the configured phone number only: deploy again after changing it)';
  if (name === 'AccessDeniedByMetaException')
    return ' (Meta refused this WhatsApp Business Account: see its status in Meta Business Suite)';
  return '';
}

/**
 * The parked error of a message Meta accepted and later reported failed (a `failed` status on
 * the event topic): language-neutral and stable, Meta's code and title as data
 * ("whatsapp-late:131026 Message undeliverable"); the operators' notice words what it means in
 * their language (messages/whatsapp/late-failure.ts). A transient code reported this late is
 * parked too: the message is lost, and the outbox no longer holds it to try again.
 */
export function lateFailureText(code: number | undefined, title: string): string {
  return lateFailureError({ code, title: excerpt(title, []) });
}
