import type { WhatsAppRecipient } from '../contract/whatsapp-events-environment';
import type { StateStore } from '../stores/state-store';
import { recordPress } from './button-press';
import { verifyButton, whatsappBinding } from './button-token';
import type { ButtonPress } from './whatsapp-event';

/**
 * A press of WhatsApp's "I'm on it" quick-reply button, read from the event topic
 * (whatsapp-event.ts): taken only from a number the deploy config registers for the account
 * the button names, its token (button-token.ts) checked against that number, then recorded as
 * the Telegram button and the page record it (button-press.ts), named after the recipient's
 * configured name. WhatsApp has no answer to a press outside a conversation: the others learn
 * it from the next check's ACKNOWLEDGED, the presser too.
 */

export type { WhatsAppRecipient };

export interface WhatsAppPressDeps {
  /** The link key (the buttons' MAC key); undefined while none was ever made: all refused. */
  readonly key: () => Promise<string | undefined>;
  /** Per account, its WhatsApp recipients: only their presses count. */
  readonly recipients: Readonly<Record<string, readonly WhatsAppRecipient[]>>;
  readonly store: (account: string) => StateStore;
  readonly now: () => Date;
  readonly stateHealed: (account: string, problems: readonly string[]) => void;
}

export type WhatsAppPressOutcome =
  | 'taken'
  | 'already'
  | 'ended'
  | 'expired'
  | 'refused'
  /** A number no account registers: its press is not read further. */
  | 'stranger';

/** A number as the others may read it when it has no name: its country code and last two digits. */
export function maskNumber(number: string): string {
  const digits = number.replace(/\D/g, '');
  return `+${digits.slice(0, 3)}${'•'.repeat(Math.max(digits.length - 5, 0))}${digits.slice(-2)}`;
}

export async function handleWhatsAppPress(
  press: ButtonPress,
  deps: WhatsAppPressDeps,
): Promise<WhatsAppPressOutcome> {
  const registered = Object.entries(deps.recipients).filter(([, list]) =>
    list.some((r) => r.number === press.from),
  );
  if (registered.length === 0) return 'stranger';
  const now = deps.now();
  const key = await deps.key();
  if (key === undefined) return 'refused';
  const verdict = verifyButton(
    press.payload,
    whatsappBinding(press.from),
    registered.map(([account]) => account),
    key,
    Math.floor(now.getTime() / 1000),
  );
  if (!verdict.ok) return verdict.reason === 'expired' ? 'expired' : 'refused';
  const { claim } = verdict;
  const configured = deps.recipients[claim.account]?.find((r) => r.number === press.from)?.name;
  const name = configured?.trim() || maskNumber(press.from);
  const result = await recordPress(
    deps.store(claim.account),
    claim,
    name,
    now,
    'ack-whatsapp',
    (problems) => {
      deps.stateHealed(claim.account, problems);
    },
  );
  return result.kind;
}
