import type { Locale } from '../alerting/types';
import type { TopUpHelp } from '../messages/draft';
import { catalogOf } from '../messages/locales/all';
import { formatAmount } from '../messages/text';
import { dateTime } from '../messages/words';
import { balanceChart } from './chart';
import type { PageFigures } from './figures';
import { escapeHtml, withUnbroken } from './html';

/**
 * The account as the acknowledge page shows it, above its form: the balance and when it was
 * read, the thresholds, how much to add (the alerts' own labels), how to top up, and the chart.
 * Every amount and time stays on one line.
 */

export interface AccountView {
  readonly figures: PageFigures;
  /** How to top up, from the deploy config (the account's own, or the stack's). */
  readonly topUp?: TopUpHelp;
  readonly timeZone: string;
}

export function accountSection(locale: Locale, view: AccountView): string {
  const say = catalogOf(locale).ackPage;
  // The alerts' own sentence (messages/how-much.ts), so the page and every channel say the same.
  const topUp = catalogOf(locale).topUp;
  const { figures } = view;
  const reading = figures.reading;
  if (reading === undefined)
    return `<p>${escapeHtml(say.noReading)}</p>${topUpSection(locale, view)}`;
  const amount = (value: number) => formatAmount(value, reading.currency, locale);
  const at = (iso: string) => dateTime(iso, locale, view.timeZone);
  const { limits, toAdd } = figures;
  const levels =
    limits === undefined
      ? ''
      : `<h2>${escapeHtml(say.levelsTitle)}</h2>
<ul class="levels">
<li>${withUnbroken(say.lowLevel, amount(limits.low))}</li>
<li>${limits.critical === undefined ? escapeHtml(say.criticalEmpty) : withUnbroken(say.criticalLevel, amount(limits.critical))}</li>
<li>${withUnbroken(say.recoveryLevel, amount(limits.recovery))}</li>
</ul>`;
  const howMuch =
    limits === undefined || toAdd === undefined
      ? ''
      : `<h2>${escapeHtml(say.toAddTitle)}</h2>
<p class="to-add">${
          reading.balance >= limits.low || toAdd.minimum === 0
            ? withUnbroken(say.recovering, amount(limits.recovery))
            : toAdd.advised === undefined
              ? withUnbroken((m) => topUp.amounts({ minimum: m }), amount(toAdd.minimum))
              : withUnbroken(
                  (m, a) =>
                    topUp.amounts({ minimum: m, advised: { amount: a, hours: toAdd.hours } }),
                  amount(toAdd.minimum),
                  amount(toAdd.advised),
                )
        }</p>`;
  return `<h2>${escapeHtml(say.balanceTitle)}</h2>
<p class="balance">${withUnbroken(say.balanceNow, amount(reading.balance), at(reading.at))}</p>
${levels}
${howMuch}
${topUpSection(locale, view)}
<h2>${escapeHtml(say.chartTitle)}</h2>
<figure>${balanceChart(figures, { say, amount, at })}</figure>`;
}

function topUpSection(locale: Locale, view: AccountView): string {
  const help = view.topUp;
  if (help === undefined || Object.keys(help).length === 0) return '';
  const say = catalogOf(locale).ackPage;
  return `<h2>${escapeHtml(say.topUpTitle)}</h2>
${help.url === undefined ? '' : `<p><a class="top-up" href="${escapeHtml(help.url)}" rel="noreferrer noopener">${escapeHtml(say.topUpLink)}</a></p>`}
${help.instructions === undefined ? '' : `<p class="instructions">${escapeHtml(help.instructions)}</p>`}
${help.contact === undefined ? '' : `<p>${withUnbroken(say.contact, help.contact)}</p>`}`;
}
