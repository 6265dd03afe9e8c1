import { describe, expect, it } from 'vitest';
import { lateFailureText } from '../../lambda/channels/whatsapp-errors';
import { renderParkedNotice, type ParkedItem } from '../../lambda/messages/parked-notice';
import {
  lateFailureError,
  lateFailureMeaning,
  readLateFailure,
} from '../../lambda/messages/whatsapp/late-failure';

/**
 * The operators' notice of a WhatsApp alert Meta accepted, then reported failed: what it says
 * happened (Meta failed it; the monitor gave up on nothing), in the operators' language only,
 * with Meta's code and title as data, what the code means, what to do, and where the alert's
 * text is, since a late failure carries no event to quote.
 */

const RENDER = { timeZone: 'Africa/Dakar' };
const item = (
  code: number | undefined,
  title: string,
  channel = 'whatsapp:caisse',
): ParkedItem => ({
  channel,
  severity: 'CRITICAL',
  eventAt: '2026-12-07T09:55:00.000Z',
  attempts: 1,
  error: lateFailureText(code, title),
});
const notice = (items: ParkedItem[], locale: 'fr' | 'en') =>
  renderParkedNotice('Boutique Thiès', items, locale, RENDER);

/** Words of the outbox's notice, which a late failure must not use. */
const GAVE_UP = { fr: /renoncé|après 1 tentative/, en: /gave up|after 1 attempt/ };
/** English a French notice must not carry (the old hints), and nested parentheses. */
const ENGLISH = /reported the message failed|the recipient cannot|reach them|another way/;

describe('the parked error of a late WhatsApp failure', () => {
  it('is language-neutral and stable, and reads back as Meta said it', () => {
    expect(lateFailureText(131026, 'Message undeliverable')).toBe(
      'whatsapp-late:131026 Message undeliverable',
    );
    expect(readLateFailure('whatsapp-late:131026 Message undeliverable')).toEqual({
      code: 131026,
      title: 'Message undeliverable',
    });
    expect(readLateFailure(lateFailureError({ code: undefined, title: '' }))).toEqual({
      code: undefined,
      title: '',
    });
    // Any other parked error is not a late failure: the outbox's notice tells it.
    expect(readLateFailure('Telegram answered 403 (#131026)')).toBeUndefined();
  });

  it.each([
    [131026, 'recipient'],
    [131042, 'payment'],
    [131049, 'engagement'],
    [130472, 'experiment'],
    [132001, 'template'],
    [131000, 'meta'],
    [999999, 'unknown'],
    [undefined, 'unknown'],
  ] as const)('Meta code %s means %s', (code, meaning) => {
    expect(lateFailureMeaning(code)).toBe(meaning);
  });
});

describe('the operators notice of a late WhatsApp failure', () => {
  it('131026 in French: Meta failed it, the number to correct, where the text is', () => {
    const { subject, body } = notice([item(131026, 'Message undeliverable')], 'fr');
    expect(subject).toBe("[NON LIVREE] WhatsApp n'a pas remis une alerte du compte Boutique Thies");
    expect(body).toBe(
      [
        'Meta a accepté une alerte WhatsApp du compte Boutique Thiès, puis a signalé ne pas avoir pu la remettre :',
        "- Alerte solde critique du 7 déc. à 9 h 55, canal whatsapp:caisse : code Meta 131026 (« Message undeliverable »). Ce numéro ne peut pas recevoir de messages WhatsApp (il n'est pas sur WhatsApp, ou son application est trop ancienne).",
        '',
        "À faire : corrigez ou retirez le numéro WhatsApp « caisse » dans la configuration de déploiement (la liste whatsapp du compte, ou de l'installation), puis redéployez ; tant que ce n'est pas fait, joignez cette personne par un autre moyen.",
        '',
        "Les autres canaux du compte ont reçu l'alerte comme d'habitude (seul WhatsApp a échoué) : son texte s'y trouve. L'entrée reste dans l'enregistrement du compte : la requête enregistrée « undeliverable » la liste.",
      ].join('\n'),
    );
  });

  it('131026 in English', () => {
    const { subject, body } = notice([item(131026, 'Message undeliverable')], 'en');
    expect(subject).toBe('[UNDELIVERED] WhatsApp did not deliver an alert of Boutique Thies');
    expect(body).toContain(
      '- Critical balance alert of Dec 7, 9:55 am, channel whatsapp:caisse: Meta\'s code 131026 ("Message undeliverable"). This number cannot receive WhatsApp messages',
    );
    expect(body).toContain(
      'What to do: correct or remove the WhatsApp number "caisse" in the deploy config',
    );
    expect(body).toContain("The account's other channels got the alert as usual");
  });

  it.each(['fr', 'en'] as const)(
    "131042 (%s): fix the payment method in Meta's Business Manager",
    (locale) => {
      const { body } = notice([item(131042, 'Business eligibility payment issue')], locale);
      expect(body).toContain(locale === 'fr' ? 'code Meta 131042' : "Meta's code 131042");
      expect(body).toMatch(
        locale === 'fr'
          ? /À faire : régularisez le moyen de paiement du compte WhatsApp Business dans le Business Manager de Meta/
          : /What to do: fix the payment method of the WhatsApp Business Account in Meta's Business Manager/,
      );
      // Nothing to correct in the deploy config: the number is not the fault.
      expect(body).not.toMatch(/corrigez ou retirez|correct or remove/);
    },
  );

  it.each(['fr', 'en'] as const)(
    "an unknown code (%s): quoted, with Meta's title, to look up",
    (locale) => {
      const { body } = notice([item(999999, 'Something new')], locale);
      expect(body).toContain(
        locale === 'fr'
          ? 'code Meta 999999 (« Something new »)'
          : 'Meta\'s code 999999 ("Something new")',
      );
      expect(body).toMatch(
        locale === 'fr' ? /À faire : cherchez ce code/ : /What to do: look the code up/,
      );
    },
  );

  it.each(['fr', 'en'] as const)(
    '131049 and 130472 (%s): nothing to fix, one "What to do" for two alerts of one meaning',
    (locale) => {
      const { body } = notice(
        [item(131049, 'Healthy ecosystem engagement'), item(130472, 'Experiment', 'whatsapp:awa')],
        locale,
      );
      expect(body).toMatch(locale === 'fr' ? /rien à réparer/ : /nothing to fix/);
      expect(body.match(locale === 'fr' ? /À faire/g : /What to do/g)).toHaveLength(1);
      expect(body).not.toMatch(/corrigez ou retirez|correct or remove/);
    },
  );

  it.each(['fr', 'en'] as const)(
    '%s: never "gave up", never English in French, no nested parentheses, whatever the code',
    (locale) => {
      for (const code of [131026, 131042, 131049, 130472, 132001, 131000, 999999, undefined]) {
        const { body } = notice([item(code, 'Title')], locale);
        expect(body, String(code)).not.toMatch(GAVE_UP[locale]);
        if (locale === 'fr') expect(body, String(code)).not.toMatch(ENGLISH);
        expect(body, String(code)).not.toMatch(/\([^()]*\([^()]*\)[^()]*\)/);
      }
    },
  );

  it('an alert the outbox gave up on keeps its notice', () => {
    const { body } = notice(
      [{ ...item(131026, 'x'), error: 'Telegram answered 403', attempts: 4 }],
      'fr',
    );
    expect(body).toMatch(/^L'outil de suivi a renoncé à une alerte/);
  });
});
