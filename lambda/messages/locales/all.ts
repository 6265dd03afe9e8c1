import type { Locale } from '../../alerting/types';
import type { Catalog } from '../catalog';
import { en } from './en';
import { fr } from './fr';

/** Every locale's catalog: a locale in LOCALES without one does not compile. */
export const CATALOGS: Readonly<Record<Locale, Catalog>> = { en, fr };

/** The words of one language. */
export const catalogOf = (locale: Locale): Catalog => CATALOGS[locale];
