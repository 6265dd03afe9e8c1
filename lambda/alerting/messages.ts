import { formatAmount, toAsciiSubject, toGsm7 } from './text';
import type { AlertEvent, Locale } from './types';

/** The texts of one notification, as SNS takes them with MessageStructure "json". */
export interface RenderedAlert {
  readonly subject: string;
  readonly email: string;
  readonly sms: string;
  readonly default: string;
}

interface Draft {
  readonly subject: string;
  readonly email: string;
  readonly sms: string;
}

type Template = (event: AlertEvent, amount: (value: number) => string, at: string) => Draft;

const TEMPLATES: Record<Locale, Record<AlertEvent['severity'], Template>> = {
  en: {
    LOW: (e, amount, at) => ({
      subject: `[LOW] DEXCHANGE balance of ${e.account}: ${amount(e.balance)}`,
      email: [
        `The DEXCHANGE balance of account "${e.account}" is ${amount(e.balance)}, below the low threshold of ${amount(e.threshold)}.`,
        `Checked at ${at}.`,
        '',
        'What to do: top up the DEXCHANGE account before payouts start to fail.',
      ].join('\n'),
      sms: `DEXCHANGE ${e.account}: balance ${amount(e.balance)}, below ${amount(e.threshold)}. Top up the account.`,
    }),
    CRITICAL: (e, amount, at) => ({
      subject: `[CRITICAL] DEXCHANGE balance of ${e.account}: ${amount(e.balance)}`,
      email: [
        `The DEXCHANGE balance of account "${e.account}" is ${amount(e.balance)}, below the critical threshold of ${amount(e.threshold)}.`,
        `Checked at ${at}.`,
        '',
        'What to do: top up the DEXCHANGE account now; payouts are about to fail.',
      ].join('\n'),
      sms: `CRITICAL DEXCHANGE ${e.account}: balance ${amount(e.balance)}, below ${amount(e.threshold)}. Top up now.`,
    }),
  },
  fr: {
    LOW: (e, amount, at) => ({
      subject: `[BAS] Solde DEXCHANGE de ${e.account} : ${amount(e.balance)}`,
      email: [
        `Le solde DEXCHANGE du compte « ${e.account} » est de ${amount(e.balance)}, sous le seuil bas de ${amount(e.threshold)}.`,
        `Vérifié le ${at}.`,
        '',
        'À faire : rechargez le compte DEXCHANGE avant que les paiements échouent.',
      ].join('\n'),
      sms: `DEXCHANGE ${e.account} : solde ${amount(e.balance)}, sous ${amount(e.threshold)}. Rechargez le compte.`,
    }),
    CRITICAL: (e, amount, at) => ({
      subject: `[CRITIQUE] Solde DEXCHANGE de ${e.account} : ${amount(e.balance)}`,
      email: [
        `Le solde DEXCHANGE du compte « ${e.account} » est de ${amount(e.balance)}, sous le seuil critique de ${amount(e.threshold)}.`,
        `Vérifié le ${at}.`,
        '',
        'À faire : rechargez le compte DEXCHANGE tout de suite ; les paiements vont échouer.',
      ].join('\n'),
      sms: `CRITIQUE DEXCHANGE ${e.account} : solde ${amount(e.balance)}, sous ${amount(e.threshold)}. Rechargez maintenant.`,
    }),
  },
};

/** "2026-11-28 10:05 UTC": Dakar keeps UTC all year, so UTC is also the operators' local time. */
export function formatTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

export function renderAlert(event: AlertEvent, locale: Locale): RenderedAlert {
  const amount = (value: number) => formatAmount(value, event.currency, locale);
  const draft = TEMPLATES[locale][event.severity](event, amount, formatTime(event.at));
  return {
    subject: toAsciiSubject(draft.subject),
    email: draft.email,
    sms: toGsm7(draft.sms),
    default: draft.email,
  };
}
