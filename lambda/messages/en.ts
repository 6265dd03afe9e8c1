import type { AlertEvent } from '../alerting/types';
import { heldFacts, runwayRange, topUpLines, topUpSms, type Draft, type Words } from './draft';
import { failureAction, failureDetails, failureHeadline } from './failure';

/** What a failed read means for the SMS reader: the balance alerts wait for a good read. */
const NO_BALANCE_ALERTS = 'No low-balance alerts meanwhile.';

/** The "Details" line, unless it only repeats the headline. */
const detailsLine = (failure: Parameters<typeof failureDetails>[0]) => {
  const details = failureDetails(failure, 'en');
  return details === undefined ? [] : [`Details: ${details}`];
};

/**
 * The English texts. Every statement about an amount is true of the amount beside it: a test
 * renders random event sequences and checks each "below", "above" (strictly), "at least" and
 * "no longer below". The policy's levels are ">=": a balance at LOW is not LOW, a balance at
 * the recovery level ends the episode; so "above" is said only of a balance strictly above.
 */
export function english(e: AlertEvent, w: Words): Draft {
  const decoration = 'DEXCHANGE balance of';
  // The balance the body's way: "overdrawn by XOF 12,500", never "-XOF 12,500".
  const subjectAmount = (balance: number) => `: ${w.balance(balance)} at ${w.near(e.at)}`;
  switch (e.severity) {
    case 'LOW':
    case 'CRITICAL': {
      const critical = e.severity === 'CRITICAL';
      const empty = critical && e.threshold === 0;
      const name = `The DEXCHANGE balance of account "${e.account}"`;
      // A held alert is told with the balance read at its release (asOfLatest), which may no
      // longer be below its threshold: the episode, still open, is what remains true.
      const below = empty ? e.balance <= 0 : e.balance < e.threshold;
      const level = empty
        ? 'empty'
        : `below the ${critical ? 'critical' : 'low'} threshold of ${w.amount(e.threshold)}`;
      const headline = !below
        ? e.balance < e.recovery
          ? `${name} is ${w.balance(e.balance)}: no longer ${level}, but still below ${w.amount(e.recovery)}, where this episode ends.`
          : `${name} is ${w.balance(e.balance)}: back to at least ${w.amount(e.recovery)}.`
        : empty
          ? `${name} has run out: it is ${w.balance(e.balance)}.`
          : `${name} is ${w.balance(e.balance)}, ${level}.`;
      return {
        tag: `[${e.severity}]`,
        decoration,
        subjectTail: subjectAmount(e.balance),
        headline,
        details: [
          ...(e.since === e.at
            ? []
            : [`It has been below the low threshold since ${w.at(e.since)}.`]),
          ...(e.runway === undefined
            ? []
            : [`At the current pace it will be empty in about ${runwayRange(e.runway, w)}.`]),
        ],
        action: [
          critical
            ? 'What to do: top up the DEXCHANGE account now; payouts are failing or about to.'
            : 'What to do: top up the DEXCHANGE account before payouts start to fail.',
          ...topUpLines(e.topUp, e.recovery, w),
        ],
        sms: {
          core: empty
            ? `CRITICAL DEXCHANGE ${e.account}: balance ${w.balance(e.balance)}. Top up now.`
            : critical
              ? `CRITICAL DEXCHANGE ${e.account}: balance ${w.balance(e.balance)}, below ${w.amount(e.threshold)}. Top up now.`
              : `DEXCHANGE ${e.account}: balance ${w.balance(e.balance)}, below ${w.amount(e.threshold)}. Top up.`,
          // The contact ends as a sentence (topUpSms), so the runway after it reads apart.
          extras: [
            ...topUpSms(e.topUp, w),
            ...(e.runway === undefined ? [] : [`Empty in about ${w.duration(e.runway.minutes)}.`]),
          ],
        },
      };
    }
    case 'REMINDER': {
      if (e.remindsOf === 'FAILING') {
        return {
          tag: '[REMINDER FAILING]',
          decoration,
          subjectTail: ` still unreadable, since ${w.at(e.since)}`,
          headline: `The monitor still cannot read the DEXCHANGE balance of account "${e.account}": ${failureHeadline(e.failure, 'en')}.`,
          details: [
            `${e.failedChecks} checks in a row have failed, for ${w.since(e.since)} (since ${w.at(e.since)}).`,
            ...detailsLine(e.failure),
          ],
          action: [
            `What to do: ${failureAction(e.failure, 'en')}`,
            'Until then, low-balance alerts cannot be sent.',
          ],
          sms: {
            core: `Reminder DEXCHANGE ${e.account}: balance unreadable for ${w.since(e.since)}: ${failureHeadline(e.failure, 'en')}.`,
            extras: [NO_BALANCE_ALERTS],
          },
        };
      }
      const recovering = e.balance >= e.low;
      // Without a critical threshold, CRITICAL means empty: "below XOF 0" would not be true of 0.
      const emptyLevel = e.remindsOf === 'CRITICAL' && e.threshold === 0;
      const aboveCritical =
        e.remindsOf === 'CRITICAL' &&
        !recovering &&
        (emptyLevel ? e.balance > 0 : e.balance >= e.threshold);
      const name = `The DEXCHANGE balance of account "${e.account}"`;
      const headline = recovering
        ? `${name} is ${w.balance(e.balance)}: no longer below the low threshold of ${w.amount(e.low)}, but still below ${w.amount(e.recovery)}, where this episode ends.`
        : aboveCritical
          ? emptyLevel
            ? `${name} is ${w.balance(e.balance)}: no longer empty, but still below the low threshold of ${w.amount(e.low)}.`
            : `${name} is ${w.balance(e.balance)}: no longer below the critical threshold of ${w.amount(e.threshold)}, but still below the low threshold of ${w.amount(e.low)}.`
          : emptyLevel
            ? `${name} has still run out: it is ${w.balance(e.balance)}.`
            : `${name} is still ${e.remindsOf === 'CRITICAL' ? 'critical' : 'low'}: ${w.balance(e.balance)}, below ${w.amount(e.threshold)}.`;
      return {
        tag: `[REMINDER ${e.remindsOf}]`,
        decoration,
        subjectTail: subjectAmount(e.balance),
        headline,
        details: [
          // Back at LOW or above, it is no longer "low": the episode, not the balance, goes on.
          // `since` is when it went below LOW, not below CRITICAL: said as such.
          recovering
            ? `This episode began ${w.since(e.since)} ago (${w.at(e.since)}).`
            : e.remindsOf === 'CRITICAL'
              ? `It has been below the low threshold for ${w.since(e.since)} (since ${w.at(e.since)}).`
              : `It has been low for ${w.since(e.since)} (since ${w.at(e.since)}).`,
          ...(e.runway === undefined
            ? []
            : [`At the current pace it will be empty in about ${runwayRange(e.runway, w)}.`]),
        ],
        action: [
          'What to do: top up the DEXCHANGE account.',
          ...topUpLines(e.topUp, e.recovery, w),
        ],
        sms: {
          core: recovering
            ? `Reminder DEXCHANGE ${e.account}: ${w.balance(e.balance)}, back to at least ${w.amount(e.low)} but still below ${w.amount(e.recovery)}.`
            : aboveCritical || emptyLevel
              ? `Reminder DEXCHANGE ${e.account}: ${w.balance(e.balance)}, still below ${w.amount(e.low)}, low for ${w.since(e.since)}.`
              : e.remindsOf === 'CRITICAL'
                ? `Reminder DEXCHANGE ${e.account}: ${w.balance(e.balance)}, below ${w.amount(e.threshold)}; low for ${w.since(e.since)}.`
                : `Reminder DEXCHANGE ${e.account}: ${w.balance(e.balance)}, below ${w.amount(e.threshold)} for ${w.since(e.since)}.`,
          extras: topUpSms(e.topUp, w, false),
        },
      };
    }
    case 'FORECAST': {
      const pace = `${w.amount(-e.perHour)} an hour going out`;
      const low = e.reason === 'low' && e.toLow !== undefined ? e.toLow : undefined;
      return {
        tag: '[FORECAST]',
        decoration,
        subjectTail:
          low === undefined
            ? ` empty around ${w.inMinutes(e.toZero.minutes)}`
            : ` below ${w.amount(e.threshold)} around ${w.inMinutes(low.minutes)}`,
        headline:
          low === undefined
            ? `At the current pace (${pace}), the DEXCHANGE balance of account "${e.account}", now ${w.balance(e.balance)}, will be empty in about ${runwayRange(e.toZero, w)}, around ${w.inMinutes(e.toZero.minutes)}.`
            : `At the current pace (${pace}), the DEXCHANGE balance of account "${e.account}", now ${w.balance(e.balance)}, will fall below the low threshold of ${w.amount(e.threshold)} around ${w.inMinutes(low.minutes)} (between ${w.inMinutes(low.earliest)} and ${w.inMinutes(low.latest)}), in about ${w.duration(low.minutes)}.`,
        details: [],
        action: [
          'What to do: top up the DEXCHANGE account before then.',
          ...topUpLines(e.topUp, undefined, w),
        ],
        sms: {
          core:
            low === undefined
              ? `DEXCHANGE ${e.account}: at this pace, the balance runs out around ${w.inMinutes(e.toZero.minutes)} (in ${w.duration(e.toZero.minutes)}). Top up soon.`
              : `DEXCHANGE ${e.account}: at this pace, balance below ${w.amount(e.threshold)} around ${w.inMinutes(low.minutes)} (in ${w.duration(low.minutes)}). Top up soon.`,
          extras: topUpSms(e.topUp, w),
        },
      };
    }
    case 'RECOVERED':
      return {
        tag: '[RECOVERED]',
        decoration,
        subjectTail: subjectAmount(e.balance),
        // The episode ends when the balance reaches the recovery level: at least, not above.
        headline: `The DEXCHANGE balance of account "${e.account}" is ${w.balance(e.balance)}: back to at least ${w.amount(e.threshold)}, which ends the episode.`,
        details: [
          `It was low for ${w.since(e.since)} (since ${w.at(e.since)}).`,
          ...(e.acknowledgedBy === undefined
            ? []
            : [`${e.acknowledgedBy === '' ? 'Someone' : e.acknowledgedBy} had acknowledged it.`]),
        ],
        action: ['Nothing to do.'],
        sms: {
          core: `DEXCHANGE ${e.account}: balance ${w.balance(e.balance)}, back to at least ${w.amount(e.threshold)} after ${w.since(e.since)} low. Nothing to do.`,
          extras: [],
        },
      };
    case 'FAILING':
      return {
        tag: '[FAILING]',
        decoration,
        subjectTail: ` cannot be read since ${w.at(e.since)}`,
        headline: `The monitor cannot read the DEXCHANGE balance of account "${e.account}": ${failureHeadline(e.failure, 'en')}.`,
        details: [
          `${e.failedChecks} checks in a row have failed, since ${w.at(e.since)}.`,
          ...detailsLine(e.failure),
        ],
        action: [
          `What to do: ${failureAction(e.failure, 'en')}`,
          'Until then, low-balance alerts cannot be sent.',
        ],
        sms: {
          core: `DEXCHANGE ${e.account}: balance unreadable, ${e.failedChecks} failed checks: ${failureHeadline(e.failure, 'en')}.`,
          extras: [NO_BALANCE_ALERTS],
        },
      };
    case 'FAILING_RESOLVED':
      return {
        tag: '[RESOLVED]',
        decoration,
        subjectTail: ` readable: ${w.balance(e.balance)} at ${w.near(e.at)}`,
        headline: `The monitor reads the DEXCHANGE balance of account "${e.account}" again, after ${w.since(e.since)} of failed checks (since ${w.at(e.since)}).`,
        details: [
          `The balance is ${w.balance(e.balance)}.`,
          ...(e.acknowledgedBy === undefined
            ? []
            : [`${e.acknowledgedBy === '' ? 'Someone' : e.acknowledgedBy} had acknowledged it.`]),
        ],
        action: ['Nothing to do.'],
        sms: {
          core: `DEXCHANGE ${e.account}: balance readable again after ${w.since(e.since)}: ${w.balance(e.balance)}.`,
          extras: [],
        },
      };
    case 'STALE':
      return {
        tag: '[STALE]',
        decoration,
        subjectTail: ` not updated since ${w.at(e.lastUpdate)}`,
        headline: `DEXCHANGE reports the balance of account "${e.account}" as ${w.balance(e.balance)}, but last updated it at ${w.at(e.lastUpdate)}, ${w.since(e.lastUpdate)} ago, more than the ${w.duration(e.staleAfterMinutes)} after which the monitor calls it stale.`,
        details: ['The figure may be out of date, and the alerts rely on it.'],
        action: [
          'What to do: compare with the balance in the DEXCHANGE dashboard; ask DEXCHANGE support if it stays stale. A quiet account (no payouts) can also be the reason.',
        ],
        sms: {
          core: `DEXCHANGE ${e.account}: balance ${w.balance(e.balance)} not updated since ${w.at(e.lastUpdate)}. Check with DEXCHANGE.`,
          extras: [],
        },
      };
    case 'STALE_RESOLVED':
      return {
        tag: '[UPDATED]',
        decoration,
        subjectTail: ` updated again at ${w.near(e.lastUpdate)}`,
        headline: `DEXCHANGE updates the balance of account "${e.account}" again: last update at ${w.at(e.lastUpdate)}, balance ${w.balance(e.balance)}.`,
        // The event carries when STALE went out, not the last update before it: say only that.
        details: [
          `It had been stale since at least ${w.at(e.since)}, when the stale alert went out.`,
        ],
        action: ['Nothing to do.'],
        sms: {
          core: `DEXCHANGE ${e.account}: balance updated again at ${w.at(e.lastUpdate)}: ${w.balance(e.balance)}.`,
          extras: [],
        },
      };
    case 'ACKNOWLEDGED': {
      const what =
        e.about === 'FAILING'
          ? 'the failed checks'
          : e.about === 'CRITICAL'
            ? 'the critical balance'
            : 'the low balance';
      const who = e.by === '' ? 'Someone' : e.by;
      return {
        tag: '[ACK]',
        decoration,
        subjectTail: `: ${who} is on it`,
        headline: `${who} acknowledged ${what} of account "${e.account}" at ${w.at(e.acknowledgedAt)}: they are on it.`,
        details: [`The episode began at ${w.at(e.since)}.`],
        action: [
          e.about === 'LOW'
            ? 'Its reminders stop; a fall to CRITICAL still alerts, and the end of the episode is still reported.'
            : e.about === 'CRITICAL'
              ? 'Its reminders stop; the end of the episode is still reported.'
              : 'Its reminders stop; when the balance can be read again, that is still reported.',
        ],
        sms: { core: `DEXCHANGE ${e.account}: ${who} is on it (${what}).`, extras: [] },
      };
    }
    case 'DIGEST': {
      const lines: string[] = [];
      if (e.balance !== undefined)
        lines.push(
          `Balance: ${w.balance(e.balance)}${e.lastReadAt === undefined ? '' : ` (read at ${w.at(e.lastReadAt)})`}.`,
        );
      else lines.push('No good reading in the last 24 hours.');
      if (e.change24h !== undefined)
        lines.push(
          e.change24h === 0
            ? 'Over 24 hours: unchanged.'
            : `Over 24 hours: ${e.change24h > 0 ? 'up' : 'down'} ${w.amount(Math.abs(e.change24h))}.`,
        );
      if (e.lowest !== undefined && e.highest !== undefined)
        lines.push(`Lowest ${w.amount(e.lowest)}, highest ${w.amount(e.highest)}.`);
      // Without a reading, nobody knows whether it went below.
      if (e.balance !== undefined)
        lines.push(
          e.belowLowMinutes > 0
            ? `Below the low threshold of ${w.amount(e.low)} for ${w.duration(e.belowLowMinutes)}.`
            : `Never below the low threshold of ${w.amount(e.low)}.`,
        );
      if (e.runway !== undefined)
        lines.push(`At the current pace, empty in about ${runwayRange(e.runway, w)}.`);
      if (e.episode !== undefined)
        lines.push(
          `Open episode: ${e.episode.level === 'CRITICAL' ? 'critical' : 'low'} since ${w.at(e.episode.since)}${e.episode.acknowledgedBy === undefined ? ', not acknowledged' : `, acknowledged by ${e.episode.acknowledgedBy || 'someone'}`}.`,
        );
      if (e.failing !== undefined)
        lines.push(
          `Failing: the balance has not been readable since ${w.at(e.failing.since)} (${e.failing.failedChecks} ${e.failing.failedChecks === 1 ? 'check' : 'checks in a row'} failed)${e.failing.acknowledgedBy === undefined ? ', not acknowledged' : `, acknowledged by ${e.failing.acknowledgedBy || 'someone'}`}.`,
        );
      lines.push(`Checks: ${e.checks}, of which ${e.failedChecks} failed.`);
      return {
        tag: '[DIGEST]',
        decoration,
        subjectTail:
          e.balance === undefined ? ', last 24 hours' : `: ${w.balance(e.balance)}, last 24 hours`,
        headline: `The last 24 hours of the DEXCHANGE balance of account "${e.account}".`,
        details: lines,
        action: [],
        sms: {
          core:
            e.balance === undefined
              ? `DEXCHANGE ${e.account} 24 h: no reading, ${e.failedChecks} failed checks.`
              : `DEXCHANGE ${e.account} 24 h: ${w.balance(e.balance)}${e.change24h === undefined || e.change24h === 0 ? '' : ` (${e.change24h > 0 ? '+' : '-'}${w.amount(Math.abs(e.change24h))})`}, below LOW ${w.duration(e.belowLowMinutes)}.`,
          // Only while it fits the one segment (render.ts): the e-mail says it in full.
          extras: e.failing === undefined ? [] : [`Unreadable since ${w.at(e.failing.since)}.`],
        },
      };
    }
    case 'HELD': {
      const why = e.reason === 'silence' ? 'the silence' : 'the quiet hours';
      const latest = e.latest;
      // The held LOW and CRITICAL with the latest balance: their own figures are older.
      const { tags, fresh, first, topUp, lines, action, smsCore, smsExtras } = heldFacts(
        e,
        (x) => english(x, w),
        w,
      );
      const when =
        latest === undefined
          ? `, still true at ${w.near(e.at)}`
          : `, ${fresh ? 'now' : 'last read'} ${w.balance(latest.balance)} at ${w.near(latest.at)}`;
      const nowSms =
        latest === undefined ? '' : ` ${fresh ? 'Now' : 'Last read'} ${w.balance(latest.balance)}.`;
      // Many kinds held and a long name: the highest level, and how many others.
      const core = (list: string) =>
        `DEXCHANGE ${e.account}, after ${why}: ${list}.${nowSms}${topUp ? ' Top up.' : ''}`;
      return {
        tag: '[HELD]',
        decoration,
        subjectTail: `: ${tags.join(', ')}${when}`,
        // Many kinds held: the highest level, and how many others.
        ...(tags.length > 1 ? { shorterTails: [`: ${first} +${tags.length - 1}${when}`] } : {}),
        headline: `During ${why}, alerts of account "${e.account}" were held. Still true now:`,
        details: [
          ...lines,
          ...(latest === undefined
            ? []
            : [
                fresh
                  ? `Balance now: ${w.balance(latest.balance)}, read at ${w.at(latest.at)}.`
                  : `Last balance read: ${w.balance(latest.balance)}, at ${w.at(latest.at)}.`,
              ]),
        ],
        action,
        sms: { core: smsCore(core), extras: smsExtras },
      };
    }
    case 'TEST':
      return {
        tag: '[TEST]',
        decoration: 'DEXCHANGE balance alerts for',
        subjectTail: '',
        headline: `This is a test alert from the DEXCHANGE balance monitor for account "${e.account}", sent at ${w.at(e.at)}.`,
        details: [],
        action: ['If you can read it, this channel works. Nothing to do.'],
        sms: {
          core: `Test from the DEXCHANGE balance monitor, account ${e.account}: alerts reach this phone. Nothing to do.`,
          extras: [],
        },
      };
  }
}
