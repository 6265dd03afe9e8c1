import { criticalThreshold, type PolicySettings } from '../../lambda/alerting/policy';
import type { AlertEvent, Locale } from '../../lambda/alerting/types';
import { holds, namedThresholds, statementsAbout } from './statements';

/**
 * What is false in one rendered text: a relation to the balance that does not hold, a threshold
 * named with another value than the settings', English words in a French text (the provider's
 * quoted words aside). Shared by the property test and the alert-quality corpus.
 */

/** English that must not appear in a French text (the provider's quoted words aside). */
const ENGLISH =
  /\b(the|is|below|above|balance of|What to do|Checked|Reminder|and|at least|empty|overdrawn|back to)\b/;

export function checkText(
  text: string,
  event: AlertEvent,
  settings: PolicySettings,
  locale: Locale,
  where: string,
) {
  const problems: string[] = [];
  if ('balance' in event && event.balance !== undefined) {
    for (const statement of statementsAbout(text, event.balance, locale)) {
      if (!holds(statement))
        problems.push(
          `${where}: "${statement.clause.trim()}" says ${statement.subject} ${statement.relation} ${statement.other}`,
        );
    }
  }
  for (const named of namedThresholds(text, locale)) {
    const expected =
      named.kind === 'low' ? settings.thresholds.low : criticalThreshold(settings.thresholds);
    if (named.value !== expected)
      problems.push(
        `${where}: names the ${named.kind} threshold as ${named.value}, not ${expected}`,
      );
  }
  if (locale === 'fr') {
    const unquoted = text.replace(/«[^»]*»/g, '').replace(/"[^"]*"/g, '');
    const english = ENGLISH.exec(unquoted);
    if (english !== null)
      problems.push(
        `${where}: English word "${english[0]}" in "${unquoted.slice(Math.max(0, english.index - 30), english.index + 30)}"`,
      );
  }
  return problems;
}
