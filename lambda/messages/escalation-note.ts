import type { EscalationNote } from '../alerting/escalation-state';
import type { AlertEvent, Locale } from '../alerting/types';
import type { Draft, RenderContext } from './draft';
import { catalogOf } from './locales/all';
import { atTimeNear, durationInProse, formatDuration } from './words';

/**
 * A tier's message: the alert's own draft, with first what makes it an escalation: to whom,
 * after how long without an answer, and who was told before (each with the time). The SMS
 * starts with how long nobody answered, then the alert's SMS as far as it fits.
 */
export function escalatedDraft(
  draft: Draft,
  event: AlertEvent,
  note: EscalationNote,
  locale: Locale,
  context: RenderContext,
): Draft {
  const say = catalogOf(locale).escalation;
  // Written out in the e-mail's headline, short in the SMS: "1 hour 35 minutes" / "1 h 35 min".
  const waited = durationInProse(note.afterMinutes, locale);
  const waitedShort = formatDuration(note.afterMinutes, locale);
  const told = say.list(
    note.told.map((t) =>
      say.toldAt(
        t.tier === undefined ? say.usual : say.tierName(t.tier),
        atTimeNear(t.at, event.at, locale, context.timeZone),
      ),
    ),
  );
  return {
    ...draft,
    headline: say.headline(say.tierName(note.tier), waited, told),
    details: [draft.headline, ...draft.details],
    sms: { core: `${say.sms(waitedShort)} ${draft.sms.core}`, extras: draft.sms.extras },
  };
}
