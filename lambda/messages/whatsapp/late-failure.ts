/**
 * A WhatsApp message Meta accepted and later reported failed (a `failed` status on the event
 * topic, parked by lambda/ack/whatsapp-late-failure.ts). What is stored in the parked record's
 * `error` is language-neutral and stable, Meta's code and title as data: "whatsapp-late:131026
 * Message undeliverable". The operators' notice (messages/parked-notice.ts) reads it back and
 * the catalogs word what the code means and what to do, in the operators' language.
 */

const PREFIX = 'whatsapp-late:';

/** What a late failure means for the operators: each catalog words each one. */
export type LateFailureMeaning =
  /** The number cannot receive WhatsApp messages: correct or remove it. */
  | 'recipient'
  /** The WhatsApp Business Account's payment method: fix it in Meta's Business Manager. */
  | 'payment'
  /** Meta held it back to keep the recipient's engagement healthy: nothing to fix. */
  | 'engagement'
  /** The number is in one of Meta's experiments: nothing to fix. */
  | 'experiment'
  /** The template or its parameters: submit the templates again. */
  | 'template'
  /** A rate limit or Meta's own trouble: lost this once, nothing to fix unless it recurs. */
  | 'meta'
  /** A code this table does not know: Meta's title says what it is. */
  | 'unknown';

/** Meta's codes, by what they mean for the operators. */
const MEANINGS: Readonly<Record<number, LateFailureMeaning>> = {
  131021: 'recipient',
  131026: 'recipient',
  131030: 'recipient',
  131042: 'payment',
  131049: 'engagement',
  130472: 'experiment',
  100: 'template',
  131008: 'template',
  131009: 'template',
  131047: 'template',
  131051: 'template',
  132000: 'template',
  132001: 'template',
  132005: 'template',
  132007: 'template',
  132012: 'template',
  132015: 'template',
  132016: 'template',
  1: 'meta',
  2: 'meta',
  4: 'meta',
  80007: 'meta',
  130429: 'meta',
  131000: 'meta',
  131016: 'meta',
  131048: 'meta',
  131056: 'meta',
  133004: 'meta',
};

export function lateFailureMeaning(code: number | undefined): LateFailureMeaning {
  return code === undefined ? 'unknown' : (MEANINGS[code] ?? 'unknown');
}

/** A late failure as its parked record stores it. */
export interface LateFailure {
  readonly code: number | undefined;
  /** Meta's title, as Meta wrote it ("Message undeliverable"). */
  readonly title: string;
}

/** "whatsapp-late:131026 Message undeliverable"; "whatsapp-late:- ..." without a code. */
export function lateFailureError({ code, title }: LateFailure): string {
  const said = title.replace(/\s+/g, ' ').trim().slice(0, 200);
  return `${PREFIX}${code ?? '-'}${said === '' ? '' : ` ${said}`}`;
}

/** The late failure a parked `error` records; undefined for any other error. */
export function readLateFailure(error: string): LateFailure | undefined {
  if (!error.startsWith(PREFIX)) return undefined;
  const found = /^(\d+|-)(?: (.*))?$/s.exec(error.slice(PREFIX.length));
  if (found === null) return undefined;
  return { code: found[1] === '-' ? undefined : Number(found[1]), title: found[2] ?? '' };
}
