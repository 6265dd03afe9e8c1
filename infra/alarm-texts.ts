import type { LOCALES } from '../lambda/contract/severities';
import { ALARM_KINDS, type AlarmCatalog, type AlarmFacts, type AlarmKind } from './alarm-catalog';
import { en } from './alarm-locales/en';
import { fr } from './alarm-locales/fr';

export type { AlarmFacts, AlarmKind } from './alarm-catalog';

export type Locale = (typeof LOCALES)[number];

/** Every locale's alarm texts: a locale in LOCALES without them does not compile. */
const ALARM_CATALOGS: Readonly<Record<Locale, AlarmCatalog>> = { en, fr };

const namesOf = (catalog: AlarmCatalog) =>
  Object.fromEntries(ALARM_KINDS.map((kind) => [kind, catalog[kind].name])) as Record<
    AlarmKind,
    string
  >;

/** The alarm name's last part: short, ASCII, readable in the e-mail subject. */
export const ALARM_NAME: Readonly<Record<Locale, Readonly<Record<AlarmKind, string>>>> = {
  en: namesOf(en),
  fr: namesOf(fr),
};

/** The alarm's description (CloudWatch allows 1024 characters). */
export function alarmDescription(kind: AlarmKind, locale: Locale, facts: AlarmFacts): string {
  return ALARM_CATALOGS[locale][kind].description(facts);
}
