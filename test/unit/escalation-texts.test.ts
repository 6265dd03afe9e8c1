import { describe, expect, it } from 'vitest';
import type { EscalationNote } from '../../lambda/alerting/escalation-state';
import { LOCALES } from '../../lambda/contract/severities';
import { escalatedDraft } from '../../lambda/messages/escalation-note';
import { draftOf, renderAlert } from '../../lambda/messages/render';
import { fitsOneSms } from '../../lambda/messages/text';
import { sampleEvents } from '../support/sample-events';

/**
 * What a tier told by escalation reads (lambda/messages/escalation-note.ts), in every locale:
 * first that it is an escalation, to whom, after how long and who heard before; then the alert
 * itself. The SMS still fits one segment, with the longest account name.
 */

const ESCALATED = new Set(['LOW', 'CRITICAL', 'FAILING']);
const events = sampleEvents().filter((e) => ESCALATED.has(e.severity));
const context = { timeZone: 'Africa/Dakar' };

function noteFor(at: string): EscalationNote {
  const t = Date.parse(at);
  return {
    tier: 'direction-financiere',
    afterMinutes: 95,
    told: [
      { at },
      { tier: 'it-oncall', at: new Date(t + 15 * 60_000).toISOString() },
      { tier: 'tresorerie', at: new Date(t + 45 * 60_000).toISOString() },
    ],
  };
}

describe.each(LOCALES)('an escalated alert in %s', (locale) => {
  it('has every kind that escalates to show', () => {
    expect(new Set(events.map((e) => e.severity))).toEqual(ESCALATED);
  });

  it.each(events.map((e) => [e.severity, e] as const))(
    '%s: the escalation first, then the whole alert; the SMS fits one segment',
    (_severity, event) => {
      const plain = renderAlert(event, locale, context);
      const draft = escalatedDraft(
        draftOf(event, locale, context),
        event,
        noteFor(event.at),
        locale,
        context,
      );
      const escalated = renderAlert(event, locale, context, draft);
      const [first, ...rest] = escalated.email.split('\n');
      // The alert's own e-mail follows, whole.
      expect(rest.join('\n')).toBe(plain.email);
      expect(escalated.subject).toBe(plain.subject);
      expect(first).toMatch(/("direction-financiere"|« direction-financiere »)/);
      // Written out in the e-mail (English prose), short in the SMS.
      expect(first).toContain(locale === 'en' ? '1 hour 35 minutes' : '1 h 35 min');
      expect(escalated.sms).toContain('1 h 35 min');
      expect(first).toMatch(
        /, ("it-oncall"|« it-oncall ») .+, (then|puis) ("tresorerie"|« tresorerie ») /,
      );
      expect(fitsOneSms(escalated.sms)).toBe(true);
      expect(
        escalated.sms.startsWith(locale === 'en' ? 'No one on it for' : "Personne ne s'en occupe"),
      ).toBe(true);
    },
  );
});

it('says it in the words each catalog chose', () => {
  const [event] = events;
  if (event === undefined) throw new Error('no event');
  const first = (locale: 'en' | 'fr') =>
    renderAlert(
      event,
      locale,
      context,
      escalatedDraft(draftOf(event, locale, context), event, noteFor(event.at), locale, context),
    ).email.split('\n')[0];
  expect(first('en')).toMatch(
    /^Escalated to you \("direction-financiere"\): nobody has said "I'm on it" for 1 hour 35 minutes\. Already told: the usual recipients at .+, "it-oncall" at .+, then "tresorerie" at .+\.$/,
  );
  expect(first('fr')).toMatch(
    /^Alerte transmise au niveau « direction-financiere » : personne ne s'en occupe depuis 1 h 35 min\. Déjà prévenus : les destinataires habituels à .+, « it-oncall » à .+, puis « tresorerie » à .+\.$/,
  );
});

it('names a tier as a name and a time of another day with its date and preposition', () => {
  const critical = events.find((e) => e.severity === 'CRITICAL');
  if (critical === undefined) throw new Error('no CRITICAL');
  // Told first the day before, 23:50; the tier "it" at 0:05; escalated at 0:20.
  const event = { ...critical, at: '2026-12-02T00:20:00.000Z' };
  const note: EscalationNote = {
    tier: 'direction',
    afterMinutes: 30,
    told: [{ at: '2026-12-01T23:50:00.000Z' }, { tier: 'it', at: '2026-12-02T00:05:00.000Z' }],
  };
  const first = (locale: 'en' | 'fr') =>
    renderAlert(
      event,
      locale,
      context,
      escalatedDraft(draftOf(event, locale, context), event, note, locale, context),
    ).email.split('\n')[0];
  expect(first('fr')).toBe(
    "Alerte transmise au niveau « direction » : personne ne s'en occupe depuis 30 min. Déjà prévenus : les destinataires habituels le 1er déc. à 23 h 50, puis « it » à 0 h 05.",
  );
  expect(first('en')).toBe(
    'Escalated to you ("direction"): nobody has said "I\'m on it" for 30 minutes. Already told: the usual recipients on Dec 1 at 11:50 pm, then "it" at 12:05 am.',
  );
});
