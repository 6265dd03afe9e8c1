import type { Catalog } from '../catalog';
import type { BalanceFacts, DurationFacts } from '../facts';
import { oneTodoBlock } from '../todo';
import type { LateFailureMeaning } from '../whatsapp/late-failure';
import { counted, durationInWords, inWords, runwayInWords } from './en-duration';

/**
 * The English texts. Every statement about an amount is true of the amount beside it: a test
 * renders random event sequences and checks each "below", "above" (strictly), "at least" and
 * "no longer below". The policy's levels are ">=": a balance at LOW is not LOW, a balance at
 * the recovery level ends the episode; so "above" is said only of a balance strictly above.
 */

const decoration = 'DEXCHANGE balance of';
/** What a failed read means for the SMS reader: the balance alerts wait for a good read. */
const NO_BALANCE_ALERTS = 'No low-balance alerts without a reading.';
const WHILE_UNREADABLE = 'While the balance cannot be read, no low-balance alert can be sent.';
/** One "What to do" per message (docs/glossaire.md). */
const TODO = 'What to do: ';
const oneTodo = (lines: readonly string[]) => oneTodoBlock(lines, TODO, 'What to do:');

/** "XOF 45,000", "empty (XOF 0)", "overdrawn by XOF 5,000". */
function balance(b: BalanceFacts): string {
  if (b.state === 'overdrawn') return `overdrawn by ${b.amount}`;
  if (b.state === 'empty') return `empty (${b.amount})`;
  return b.amount;
}

/**
 * The hours of the advised cover (topUpCoverHours) in a sentence read at leisure: "24 hours",
 * as the setting counts them, never "1 day"; the SMS keeps "24 h". The alerts' own durations
 * go by the draft's words (`w.prose`).
 */
const hoursInWords = (hours: number) => counted(hours, 'hour');

/** "45 min", "3 h 20 min", "2 d 4 h": where every character counts (SMS, subjects). */
function duration({ days, hours, minutes }: DurationFacts): string {
  if (days > 0) return `${days} d${hours > 0 ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${minutes > 0 ? ` ${minutes} min` : ''}`;
  return `${minutes} min`;
}

const secret = (id: string | undefined) => `secret ${id ?? ''}`;
/**
 * A failure's seconds and minutes: written out in the e-mail's cause (two minutes and more in
 * minutes and hours: a provider's Retry-After may be an hour), short in the SMS; unknown, "?"
 * in the SMS and nothing in prose, whose sentence then reads without it.
 */
const seconds = (n: number | undefined, inProse: boolean) =>
  n === undefined
    ? inProse
      ? undefined
      : '? s'
    : !inProse
      ? `${n} s`
      : n < 120
        ? counted(n, 'second')
        : inWords(Math.round(n / 60));
const minutes = (n: number | undefined, inProse: boolean) =>
  n === undefined ? (inProse ? undefined : '? min') : inProse ? inWords(n) : `${n} min`;
/** " 5 seconds" or nothing: a duration after a word, left out when unknown. */
const spaced = (text: string | undefined) => (text === undefined ? '' : ` ${text}`);
/** Back at LOW or above: "above" only of a balance strictly above it. */
const backOver = (balance: number, low: number, amount: string) =>
  balance > low
    ? `back above the low threshold of ${amount}`
    : `back to the low threshold of ${amount}`;
/** In the recovery band nothing is asked: the alert closes by itself. */
const NOTHING_TO_CLOSE = 'What to do: nothing for now; no top-up is needed to close the alert.';
const someone = (name: string) => (name === '' ? 'Someone' : name);
/** What Meta's code of a late WhatsApp failure means (messages/whatsapp/late-failure.ts). */
const LATE_MEANING: Readonly<Record<LateFailureMeaning, string>> = {
  recipient:
    'This number cannot receive WhatsApp messages (it is not on WhatsApp, or its app is too old).',
  payment: 'The WhatsApp Business Account has a payment problem with Meta.',
  engagement:
    'Meta held it back to keep the business messages this person gets within the limit Meta sets; nothing on our side refused it.',
  experiment: 'This number is part of an experiment Meta runs, which keeps such messages from it.',
  template: 'Meta refused the template or its parameters.',
  meta: 'A rate limit or trouble at Meta: this message is lost and will not be sent again.',
  unknown: "A code the monitor does not know: Meta's title says what happened.",
};

export const en = {
  intl: { tag: 'en-US', currencyDisplay: 'code' },

  words: {
    clockTime: ({ hour, minute }) => {
      const hour12 = hour % 12 === 0 ? 12 : hour % 12;
      return `${hour12}:${minute} ${hour < 12 ? 'am' : 'pm'}`;
    },
    day: ({ day, month }) => `${month} ${day}`,
    dateTime: (day, time) => `${day}, ${time}`,
    nearDate: (dateTime) => dateTime,
    atTime: (time) => `at ${time}`,
    onDate: (day, time) => `on ${day} at ${time}`,
    duration,
    balance,
    is: (b) => `is ${balance(b)}`,
    aBalance: (b) => `a balance of ${balance(b)}`,
    runwayRange: (likely, earliest, latest) => `${likely} (${earliest} to ${latest})`,
    // An e-mail, read at leisure, writes its durations out: "4 hours", not "4 h".
    durationInProse: durationInWords,
    runwayInProse: runwayInWords,
  },

  topUp: {
    // Two answers, never confused: the exact minimum, and the advised cover at the pace.
    amounts: ({ minimum, advised }) => {
      const cover =
        advised === undefined
          ? undefined
          : `${advised.amount} to cover ${hoursInWords(advised.hours)} at the current pace`;
      return minimum === undefined
        ? `Advised ${cover ?? ''}.`
        : `Minimum ${minimum} to close the alert${cover === undefined ? '' : `; advised ${cover}`}.`;
    },
    closesAt: ({ recovery, margin }) =>
      margin
        ? `The alert closes when the balance reaches ${recovery}: the low threshold plus a margin, so that a balance hovering around the threshold does not alert again and again.`
        : `The alert closes when the balance reaches ${recovery}, the low threshold.`,
    url: (url) => `Top up: ${url}`,
    contact: (contact) => `Contact: ${contact}`,
    // The minimum first; the advised only if the SMS still has room (render.ts).
    sms: ({ minimum, advised, withVerb }) => [
      ...(minimum === undefined
        ? []
        : [`${withVerb ? 'Top up: minimum' : 'Minimum'} ${minimum} to close the alert.`]),
      ...(advised === undefined
        ? []
        : [
            `${withVerb && minimum === undefined ? 'Top up: advised' : 'Advised'} ${advised.amount} for ${advised.hours} h.`,
          ]),
    ],
  },

  failure: {
    sentence: {
      'secret-binary': (d) => `${secret(d.secretId)} holds binary data, not the key`,
      'secret-empty': (d) => `${secret(d.secretId)} is empty: the key was never put in it`,
      'secret-not-json': (d) => `${secret(d.secretId)} starts with "{" but is not valid JSON`,
      'secret-no-api-key': (d) => `${secret(d.secretId)} is JSON without an "apiKey" field`,
      'secret-key-length': (d) =>
        `the key in ${secret(d.secretId)} is ${d.limit ?? '?'} characters long; a key has 8 to 1024`,
      'secret-key-control': (d) =>
        `the key in ${secret(d.secretId)} contains a line break or another control character`,
      'secret-key-space': (d) => `the key in ${secret(d.secretId)} contains a space`,
      'secret-key-not-ascii': (d) =>
        `the key in ${secret(d.secretId)} contains characters a key cannot have (accents, symbols)`,
      'secret-not-found': (d) => `${secret(d.secretId)} was not found, or holds no value yet`,
      'secret-access-denied': (d) => `the monitor may not read ${secret(d.secretId)}`,
      'secret-decryption': (d) => `${secret(d.secretId)} cannot be decrypted (its KMS key refuses)`,
      'secret-unreadable': (d) =>
        `${secret(d.secretId)} could not be read (${d.errorName ?? 'error'})`,
      'api-redirect': (d) =>
        `the API answered with a redirect${d.status} to ${d.location ?? 'another address'}`,
      'api-key-rejected': (d) => `the API key was rejected${d.status}`,
      'api-key-expired': (d) => `the API key has expired${d.status}`,
      'api-permission': (d) => `the API key may not read the balance${d.status}`,
      'api-maintenance': (d) => `the API is under maintenance${d.status}`,
      'api-not-found': (d) => `the balance address was not found${d.status}`,
      'api-rate-limited': (d) => `the API is limiting the requests of this key${d.status}`,
      'api-retry-after-too-long': (d) =>
        `the API asked to wait${spaced(seconds(d.seconds, d.inProse))} before asking again${d.status}`,
      'api-failed': (d) => `the API is failing${d.status}`,
      'api-unexpected-status': (d) => `the API answered with an unexpected status${d.status}`,
      'api-empty-body': (d) => `the API answered with an empty body${d.status}`,
      'api-not-json': (d) => `the API answered with something other than JSON${d.status}`,
      'api-bad-shape': (d) => `the balance answer is not the documented shape (${d.field ?? '?'})`,
      'api-success-false': () => 'the API reported the balance as failed (success=false)',
      'api-wrong-currency': (d) =>
        `the balance is in ${d.currency ?? '?'}, not ${d.expected ?? '?'}`,
      'api-body-too-large': (d) => `the API answered with more than ${d.limit ?? '?'} bytes`,
      'api-timeout': (d) => {
        const within = seconds(d.seconds, d.inProse);
        return within === undefined
          ? 'the API did not answer in time'
          : `the API did not answer within ${within}`;
      },
      'api-unreachable': (d) => `the API could not be reached (${d.errorName ?? 'network'})`,
      'api-no-time': () => 'no time was left to ask the API',
      'api-future-update': (d) =>
        `the balance's last update is${spaced(minutes(d.minutes, d.inProse))} in the future`,
    },
    byKind: {
      authentication: (status) => `the API key was rejected${status}`,
      unavailable: (status) => `the API does not answer${status}`,
      'invalid-response': () => 'the API answered with an invalid balance',
      configuration: () => 'the monitor is misconfigured',
    },
    short: {
      secretUnreadable: (errorName) =>
        `the API key's secret could not be read (${errorName ?? 'error'})`,
      redirect: (status) => `the API answered with a redirect${status}`,
      secretMissing: 'the API key is missing or invalid in its secret',
    },
    attempts: (attempts) => `, after ${attempts} attempts`,
    providerSaid: (provider, code) => ` DEXCHANGE said: "${provider}"${code}.`,
    action: {
      'put-key-in-secret':
        'put the DEXCHANGE API key in its secret, alone, with no space or line break (the deploy output "PutApiKeyCommand", see the README, "Deploy", step 5).',
      'let-read-secret':
        'let the monitor read this secret (and its KMS key): the stack grants it; deploy it again.',
      'fix-api-address': 'fix the API address (apiUrl in the deploy config) and deploy again.',
      'check-currency':
        'check that the key belongs to the right DEXCHANGE account, and the expected currency (expectedCurrency).',
      'renew-key':
        'renew the API key with DEXCHANGE, then put the new key in the secret (the deploy output "PutApiKeyCommand").',
      'ask-permission':
        'ask DEXCHANGE to let this API key read the balance, or put in the secret a key that may (the deploy output "PutApiKeyCommand").',
      authentication:
        'put a valid DEXCHANGE API key in the secret (the deploy output "PutApiKeyCommand"), or ask DEXCHANGE for the right to read the balance.',
      unavailable:
        'nothing for now (the monitor retries at every check); if it lasts, contact DEXCHANGE support.',
      'invalid-response':
        "contact DEXCHANGE support; the answer received is in the monitor's logs.",
      configuration: "fix the monitor's configuration; the cause above says what is wrong.",
    },
  },

  alerts: {
    level: ({ event: e, critical, empty, standing, low, belowEarlier, urgent }, w) => {
      // The balance the body's way: "overdrawn by XOF 12,500", never "-XOF 12,500".
      const name = `The DEXCHANGE balance of account "${e.account}"`;
      const level = empty
        ? 'empty'
        : `below the ${critical ? 'critical' : 'low'} threshold of ${w.amount(e.threshold)}`;
      const headline = {
        lifted:
          low === undefined
            ? `${name} is ${w.balance(e.balance)}: no longer ${level}, but still below ${w.amount(e.recovery)}, where the alert closes.`
            : `${name} is ${w.balance(e.balance)}: no longer ${level}, but still below the low threshold of ${w.amount(low)}.`,
        // Told only in a HELD summary (a held alert, released in the band), which shows the
        // headline alone: where the alert closes is said here, in one clause.
        recovering: `${name} is ${w.balance(e.balance)}: ${backOver(e.balance, low ?? e.threshold, w.amount(low ?? e.threshold))}; the alert closes at ${w.amount(e.recovery)} (the low threshold plus a margin).`,
        recovered: `${name} is ${w.balance(e.balance)}: back to at least ${w.amount(e.recovery)}, the level that closes the alert.`,
        'run-out': `${name} has run out: it is ${w.balance(e.balance)}.`,
        below: `${name} is ${w.balance(e.balance)}, ${level}.`,
      }[standing];
      return {
        // A CRITICAL back above its level (held, told at the release) stands at LOW.
        tag: urgent ? '[CRITICAL]' : '[LOW]',
        decoration,
        subjectTail: `: ${w.balance(e.balance)} at ${w.near(e.at)}`,
        headline,
        details: [
          ...(e.unstable === undefined
            ? []
            : [
                `The balance was back to at least ${w.amount(e.recovery)} ${w.on(e.unstable.endedAt)} and has fallen again within ${w.prose.duration(e.unstable.coolOffMinutes)}, so this is treated as the same alert (same acknowledgment, same reminders). Its end will be told once the balance has stayed up for ${w.prose.duration(e.unstable.coolOffMinutes)}.`,
              ]),
          ...(belowEarlier ? [`It has been below the low threshold since ${w.at(e.since)}.`] : []),
          ...(e.runway === undefined
            ? []
            : [`At the current pace it will be empty in about ${w.prose.runway(e.runway)}.`]),
        ],
        action:
          standing === 'recovering'
            ? [NOTHING_TO_CLOSE, ...w.adviceLines(e.topUp)]
            : [
                urgent
                  ? 'What to do: top up the DEXCHANGE account now; payouts are failing or about to.'
                  : 'What to do: top up the DEXCHANGE account before payouts start to fail.',
                ...w.topUpLines(e.topUp, e.recovery, low),
              ],
        sms: {
          core:
            standing === 'recovering'
              ? `DEXCHANGE ${e.account}: balance ${w.balance(e.balance)}, ${backOver(e.balance, low ?? e.threshold, w.amount(low ?? e.threshold))}.`
              : empty
                ? `CRITICAL DEXCHANGE ${e.account}: balance ${w.balance(e.balance)}. Top up now.`
                : critical
                  ? `CRITICAL DEXCHANGE ${e.account}: balance ${w.balance(e.balance)}, below ${w.amount(e.threshold)}. Top up now.`
                  : `DEXCHANGE ${e.account}: balance ${w.balance(e.balance)}, below ${w.amount(e.threshold)}. Top up.`,
          // The contact ends as a sentence (topUpSms), so the runway after it reads apart. How
          // much first: a note that it fell again must never leave room for the advised alone.
          extras: [
            ...(standing === 'recovering'
              ? [`The alert closes at ${w.amount(e.recovery)}.`]
              : w.topUpSms(e.topUp, e.recovery)),
            ...(e.unstable === undefined
              ? []
              : [
                  `Back to at least ${w.amount(e.recovery)} ${w.atNear(e.unstable.endedAt)}, fell again.`,
                ]),
            ...(e.runway === undefined ? [] : [`Empty in about ${w.duration(e.runway.minutes)}.`]),
          ],
        },
      };
    },

    failureReminder: (e, w) => ({
      tag: '[REMINDER FAILING]',
      decoration,
      subjectTail: ` still unreadable, since ${w.at(e.since)}`,
      // Too long, the subject says for how long instead of since when: never a time cut.
      shorterTails: [` unreadable for ${w.since(e.since)}`],
      // The cause once, in full: no "Details" line repeats it.
      headline: `The monitor still cannot read the DEXCHANGE balance of account "${e.account}": ${w.failureCause(e.failure)}`,
      details: [
        `${e.failedChecks} checks in a row have failed, for ${w.prose.since(e.since)} (since ${w.at(e.since)}).`,
      ],
      action: [`${TODO}${w.failureAction(e.failure)}`, WHILE_UNREADABLE],
      sms: {
        core: `Reminder DEXCHANGE ${e.account}: balance unreadable for ${w.since(e.since)}: ${w.failureHeadline(e.failure)}.`,
        extras: [NO_BALANCE_ALERTS],
      },
    }),

    balanceReminder: ({ event: e, standing }, w) => {
      const name = `The DEXCHANGE balance of account "${e.account}"`;
      const headline = {
        recovering: `${name} is ${w.balance(e.balance)}: ${backOver(e.balance, e.low, w.amount(e.low))}.`,
        'no-longer-empty': `${name} is ${w.balance(e.balance)}: no longer empty, but still below the low threshold of ${w.amount(e.low)}.`,
        'above-critical': `${name} is ${w.balance(e.balance)}: no longer below the critical threshold of ${w.amount(e.threshold)}, but still below the low threshold of ${w.amount(e.low)}.`,
        'still-empty': `${name} has still run out: it is ${w.balance(e.balance)}.`,
        'still-below': `${name} is still ${e.remindsOf === 'CRITICAL' ? 'critical' : 'low'}: ${w.balance(e.balance)}, below ${w.amount(e.threshold)}.`,
      }[standing];
      return {
        // Back at LOW or above, the balance is no longer low: the subject says where it is.
        tag: standing === 'recovering' ? '[REMINDER]' : `[REMINDER ${e.remindsOf}]`,
        decoration,
        subjectTail:
          standing === 'recovering'
            ? `: ${w.balance(e.balance)}, ${e.balance > e.low ? 'above' : 'at'} the low threshold`
            : `: ${w.balance(e.balance)} at ${w.near(e.at)}`,
        headline,
        details: [
          // Back at LOW or above, it is no longer "low": the alert, not the balance, goes on.
          // `since` is when it went below LOW, not below CRITICAL: said as such.
          ...(standing === 'recovering' ? [w.closesAt(e.recovery, e.low)] : []),
          standing === 'recovering'
            ? `The alert opened ${w.prose.since(e.since)} ago (${w.at(e.since)}).`
            : e.remindsOf === 'CRITICAL'
              ? `It has been below the low threshold for ${w.prose.since(e.since)} (since ${w.at(e.since)}).`
              : `It has been low for ${w.prose.since(e.since)} (since ${w.at(e.since)}).`,
          ...(e.runway === undefined
            ? []
            : [`At the current pace it will be empty in about ${w.prose.runway(e.runway)}.`]),
        ],
        action:
          standing === 'recovering'
            ? [NOTHING_TO_CLOSE, ...w.adviceLines(e.topUp)]
            : [
                'What to do: top up the DEXCHANGE account.',
                ...w.topUpLines(e.topUp, e.recovery, e.low),
              ],
        sms: {
          core:
            standing === 'recovering'
              ? `Reminder DEXCHANGE ${e.account}: ${w.balance(e.balance)}, ${backOver(e.balance, e.low, w.amount(e.low))}.`
              : standing !== 'still-below'
                ? `Reminder DEXCHANGE ${e.account}: ${w.balance(e.balance)}, still below ${w.amount(e.low)}, low for ${w.since(e.since)}.`
                : e.remindsOf === 'CRITICAL'
                  ? `Reminder DEXCHANGE ${e.account}: ${w.balance(e.balance)}, below ${w.amount(e.threshold)}; low for ${w.since(e.since)}.`
                  : `Reminder DEXCHANGE ${e.account}: ${w.balance(e.balance)}, below ${w.amount(e.threshold)} for ${w.since(e.since)}.`,
          // The core fits with the longest name and amounts; what follows, while it fits.
          extras:
            standing === 'recovering'
              ? [`The alert closes at ${w.amount(e.recovery)}.`, 'Nothing to do.']
              : w.topUpSms(e.topUp, e.recovery, false),
        },
      };
    },

    forecast: ({ event: e, toLow: low, madeAt }, w) => {
      const pace = `${w.amount(-e.perHour)} an hour going out`;
      const crossing =
        low === undefined
          ? `will be empty around ${w.inMinutes(e.toZero.minutes)} (between ${w.inMinutes(e.toZero.earliest)} and ${w.inMinutes(e.toZero.latest)})`
          : `will fall below the low threshold of ${w.amount(e.threshold)} around ${w.inMinutes(low.minutes)} (between ${w.inMinutes(low.earliest)} and ${w.inMinutes(low.latest)})`;
      // Told later than made (held): its balance and pace are dated, never called "now".
      if (madeAt !== undefined)
        return {
          tag: '[FORECAST]',
          decoration,
          subjectTail: '',
          headline: `Forecast made ${w.on(madeAt)}, from ${w.aBalance(e.balance)} with ${pace}: the DEXCHANGE balance of account "${e.account}" ${crossing}.`,
          details: [],
          action: [
            'What to do: top up the DEXCHANGE account before then.',
            ...w.topUpLines(e.topUp, undefined),
          ],
          sms: {
            core:
              low === undefined
                ? `DEXCHANGE ${e.account}: forecast of ${w.at(madeAt)}, balance empty around ${w.inMinutes(e.toZero.minutes)}. Top up soon.`
                : `DEXCHANGE ${e.account}: forecast of ${w.at(madeAt)}, balance below ${w.amount(e.threshold)} around ${w.inMinutes(low.minutes)}. Top up soon.`,
            extras: [],
          },
        };
      return {
        tag: '[FORECAST]',
        decoration,
        subjectTail:
          low === undefined
            ? ` empty around ${w.inMinutes(e.toZero.minutes)}`
            : ` below ${w.amount(e.threshold)} around ${w.inMinutes(low.minutes)}`,
        headline:
          low === undefined
            ? `At the current pace (${pace}), the DEXCHANGE balance of account "${e.account}", now ${w.balance(e.balance)}, will be empty in about ${w.prose.runway(e.toZero)}, around ${w.inMinutes(e.toZero.minutes)}.`
            : `At the current pace (${pace}), the DEXCHANGE balance of account "${e.account}", now ${w.balance(e.balance)}, will fall below the low threshold of ${w.amount(e.threshold)} around ${w.inMinutes(low.minutes)} (between ${w.inMinutes(low.earliest)} and ${w.inMinutes(low.latest)}), in about ${w.prose.duration(low.minutes)}.`,
        details: [],
        action: [
          'What to do: top up the DEXCHANGE account before then.',
          ...w.topUpLines(e.topUp, undefined),
        ],
        sms: {
          core:
            low === undefined
              ? `DEXCHANGE ${e.account}: at this pace, the balance runs out around ${w.inMinutes(e.toZero.minutes)} (in ${w.duration(e.toZero.minutes)}). Top up soon.`
              : `DEXCHANGE ${e.account}: at this pace, balance below ${w.amount(e.threshold)} around ${w.inMinutes(low.minutes)} (in ${w.duration(low.minutes)}). Top up soon.`,
          extras: w.topUpSms(e.topUp, undefined),
        },
      };
    },

    outflow: ({ event: e, times }, w) => {
      const pace = `${w.amount(e.outPerHour)} an hour`;
      const usual =
        times === undefined || e.usualOutPerHour === undefined
          ? ''
          : `, more than ${times} times the usual pace for this hour (${w.amount(e.usualOutPerHour)} an hour)`;
      const usualSentence =
        e.usualOutPerHour === undefined
          ? ''
          : ` At this hour, about ${w.amount(e.usualOutPerHour)} usually goes out in an hour.`;
      // The limit the amount or share rule crossed, as the account's settings state it.
      const limit =
        e.reason === 'share' && e.sharePercent !== undefined && e.limit !== undefined
          ? `the ${String(e.sharePercent)}% of the balance (${w.amount(e.limit)})`
          : e.limit !== undefined
            ? `the ${w.amount(e.limit)}`
            : e.reason === 'amount'
              ? 'the amount'
              : 'the share of the balance';
      // One debit a callback named, that the balance read confirmed (alerting/single-debit.ts).
      const debit =
        e.reason === 'debit' && e.debit !== undefined && e.debitAt !== undefined
          ? { amount: w.amount(e.debit), at: w.atNear(e.debitAt) }
          : undefined;
      const seen =
        debit !== undefined
          ? `The DEXCHANGE balance of account "${e.account}" went down ${w.amount(e.outflow)} in ${w.prose.duration(e.minutes)}, including one debit of ${debit.amount} ${debit.at}, as DEXCHANGE's notification says.${usualSentence}`
          : e.reason === 'pace'
            ? `${w.amount(e.outflow)} went out of the DEXCHANGE balance of account "${e.account}" in ${w.prose.duration(e.minutes)}, at ${pace}${usual}.`
            : `${w.amount(e.outflow)} went out of the DEXCHANGE balance of account "${e.account}" in ${w.prose.duration(e.minutes)}, more than ${limit} set for this account.${usualSentence}`;
      return {
        tag: '[UNUSUAL OUTFLOW]',
        decoration,
        subjectTail:
          debit !== undefined
            ? `: one debit of ${debit.amount}`
            : `: ${w.amount(e.outflow)} out in ${w.duration(e.minutes)}`,
        shorterTails: [debit !== undefined ? ': one large debit' : `: ${w.amount(e.outflow)} out`],
        headline: seen,
        details: [`The balance is now ${w.balance(e.balance)}.`],
        action: [
          'What to do: check the payouts in progress (a bulk run, a payout that repeats) and the API keys: if nobody here is paying out, a key may have leaked; revoke it in the DEXCHANGE dashboard.',
        ],
        sms: {
          core:
            debit !== undefined
              ? `DEXCHANGE ${e.account}: down ${w.amount(e.outflow)} in ${w.duration(e.minutes)}, incl. one debit of ${debit.amount}. Check payouts and API keys.`
              : `DEXCHANGE ${e.account}: ${w.amount(e.outflow)} out in ${w.duration(e.minutes)}${times === undefined ? '' : `, ${times}x the usual pace`}. Check payouts and API keys.`,
          extras: [],
        },
      };
    },

    recovered: (e, w) => ({
      tag: '[RECOVERED]',
      decoration,
      subjectTail: `: ${w.balance(e.balance)} at ${w.near(e.at)}`,
      // The episode ends when the balance reaches the recovery level: at least, not above.
      headline: `The DEXCHANGE balance of account "${e.account}" is ${w.balance(e.balance)}: back to at least ${w.amount(e.threshold)}, which closes the alert.`,
      details: [
        // How long the alert was open, not how long below LOW: it may have waited in the band
        // between LOW and the recovery level (the digest counts only the time below LOW).
        `The alert was open for ${w.prose.since(e.since)} (since ${w.at(e.since)}).`,
        ...(e.acknowledgedBy === undefined
          ? []
          : [`${someone(e.acknowledgedBy)} had acknowledged it.`]),
      ],
      action: ['Nothing to do.'],
      sms: {
        core: `DEXCHANGE ${e.account}: balance ${w.balance(e.balance)}, back to at least ${w.amount(e.threshold)}: alert closed.`,
        extras: [`Alert open for ${w.since(e.since)}.`, 'Nothing to do.'],
      },
    }),

    failing: (e, w) => ({
      tag: '[FAILING]',
      decoration,
      subjectTail: ` cannot be read since ${w.at(e.since)}`,
      shorterTails: [` unreadable for ${w.since(e.since)}`],
      // The cause once, in full: no "Details" line repeats it.
      headline: `The monitor cannot read the DEXCHANGE balance of account "${e.account}": ${w.failureCause(e.failure)}`,
      details: [
        e.unstable === undefined
          ? `${e.failedChecks} checks in a row have failed, since ${w.at(e.since)}.`
          : `Reads worked again ${w.on(e.unstable.endedAt)}, and ${e.failedChecks} checks in a row have failed since, within ${w.prose.duration(e.unstable.coolOffMinutes)}, so this is treated as the same alert, begun ${w.on(e.since)} (same acknowledgment, same reminders). Its end will be told once reads have worked for ${w.prose.duration(e.unstable.coolOffMinutes)}.`,
      ],
      action: [`${TODO}${w.failureAction(e.failure)}`, WHILE_UNREADABLE],
      sms: {
        core: `DEXCHANGE ${e.account}: balance unreadable, ${e.failedChecks} failed checks: ${w.failureHeadline(e.failure)}.`,
        extras: [
          ...(e.unstable === undefined
            ? []
            : [`Readable again ${w.atNear(e.unstable.endedAt)}, then failed.`]),
          NO_BALANCE_ALERTS,
        ],
      },
    }),

    failingResolved: (e, w) => ({
      tag: '[RESOLVED]',
      decoration,
      subjectTail: ` readable: ${w.balance(e.balance)} at ${w.near(e.at)}`,
      headline: `The monitor reads the DEXCHANGE balance of account "${e.account}" again, after ${w.prose.since(e.since)} of failed checks (since ${w.at(e.since)}).`,
      details: [
        `The balance is ${w.balance(e.balance)}.`,
        ...(e.acknowledgedBy === undefined
          ? []
          : [`${someone(e.acknowledgedBy)} had acknowledged it.`]),
      ],
      action: ['Nothing to do.'],
      sms: {
        core: `DEXCHANGE ${e.account}: balance readable again after ${w.since(e.since)}: ${w.balance(e.balance)}.`,
        extras: [],
      },
    }),

    stale: (e, w) => ({
      tag: '[STALE]',
      decoration,
      subjectTail: ` not updated since ${w.at(e.lastUpdate)}`,
      shorterTails: [` not updated for ${w.since(e.lastUpdate)}`],
      headline: `DEXCHANGE reports the balance of account "${e.account}" as ${w.balance(e.balance)}, but last updated it ${w.on(e.lastUpdate)}, ${w.prose.since(e.lastUpdate)} ago, more than the ${w.prose.duration(e.staleAfterMinutes)} after which the monitor calls it stale.`,
      details: ['The figure may be out of date, and the alerts rely on it.'],
      action: [
        'What to do: compare with the balance in the DEXCHANGE dashboard; ask DEXCHANGE support if it stays stale. A quiet account (no payouts) can also be the reason.',
      ],
      sms: {
        core: `DEXCHANGE ${e.account}: balance ${w.balance(e.balance)} not updated since ${w.at(e.lastUpdate)}. Check with DEXCHANGE.`,
        extras: [],
      },
    }),

    staleResolved: (e, w) => ({
      tag: '[UPDATED]',
      decoration,
      subjectTail: ` updated again ${w.atNear(e.lastUpdate)}`,
      headline: `DEXCHANGE updates the balance of account "${e.account}" again: last update ${w.on(e.lastUpdate)}, balance ${w.balance(e.balance)}.`,
      // The stale update, as the STALE alert said it; an older event knows only when it went out.
      details: [
        e.staleUpdate === undefined
          ? `The stale alert went out ${w.on(e.since)}.`
          : `It had not been updated since ${w.at(e.staleUpdate)}.`,
      ],
      action: ['Nothing to do.'],
      sms: {
        core: `DEXCHANGE ${e.account}: balance updated again ${w.on(e.lastUpdate)}: ${w.balance(e.balance)}.`,
        extras: [],
      },
    }),

    acknowledged: ({ event: e }, w) => {
      const what = {
        FAILING: 'the unreadable balance',
        CRITICAL: 'the critical balance',
        LOW: 'the low balance',
      }[e.about];
      const who = someone(e.by);
      return {
        tag: '[ACK]',
        decoration,
        subjectTail: `: ${e.by === '' ? 'someone' : e.by} is on it`,
        // The name once: "Awa is on it" says it all.
        headline: `${who} is on ${what} of account "${e.account}" (said ${w.on(e.acknowledgedAt)}).`,
        details: [`The alert began ${w.on(e.since)}.`],
        action: [
          {
            LOW: 'Its reminders stop; a fall to CRITICAL still alerts, and the close of the alert is still reported.',
            CRITICAL: 'Its reminders stop; the close of the alert is still reported.',
            FAILING:
              'Its reminders stop; when the balance can be read again, that is still reported.',
          }[e.about],
        ],
        sms: { core: `DEXCHANGE ${e.account}: ${who} is on it (${what}).`, extras: [] },
      };
    },

    digest: ({ event: e, change }, w) => {
      const onIt = (by: string | undefined) =>
        by === undefined ? 'not acknowledged' : `acknowledged by ${by || 'someone'}`;
      const acknowledged = (by: string | undefined) => `, ${onIt(by)}`;
      const lines: string[] = [];
      if (e.balance !== undefined)
        lines.push(
          `Balance: ${w.balance(e.balance)}${e.lastReadAt === undefined ? '' : ` (read ${w.on(e.lastReadAt)})`}.`,
        );
      else lines.push('No good reading in the last 24 hours.');
      if (change !== undefined)
        lines.push(
          change.direction === 'none'
            ? 'Over 24 hours: unchanged.'
            : `Over 24 hours: ${change.direction} ${w.amount(change.by)}.`,
        );
      if (e.lowest !== undefined && e.highest !== undefined)
        lines.push(`Lowest ${w.amount(e.lowest)}, highest ${w.amount(e.highest)}.`);
      // Without a reading, nobody knows whether it went below.
      if (e.balance !== undefined)
        lines.push(
          e.belowLowMinutes > 0
            ? `Below the low threshold of ${w.amount(e.low)} for ${w.prose.duration(e.belowLowMinutes)}.`
            : `Never below the low threshold of ${w.amount(e.low)}.`,
        );
      if (e.runway !== undefined)
        lines.push(`At the current pace, empty in about ${w.prose.runway(e.runway)}.`);
      if (e.episode !== undefined)
        lines.push(
          // `since` is when it went below LOW, whatever the level now: said as such.
          [
            `Open alert since ${w.at(e.episode.since)} (when the balance went below the low threshold)`,
            ...(e.episode.level === 'CRITICAL' ? ['level now: critical'] : []),
            onIt(e.episode.acknowledgedBy),
          ].join('; ') + '.',
        );
      if (e.failing !== undefined)
        lines.push(
          `Failing: the balance has not been readable since ${w.at(e.failing.since)} (${e.failing.failedChecks} ${e.failing.failedChecks === 1 ? 'check' : 'checks in a row'} failed)${acknowledged(e.failing.acknowledgedBy)}.`,
        );
      lines.push(
        `Checks: ${e.checks}, of which ${e.failedChecks} failed${e.callbackChecks === undefined ? '' : `; and ${e.callbackChecks} more started by DEXCHANGE's transaction notifications`}.`,
      );
      const waiting = e.unconfirmedRecipients;
      if (waiting !== undefined)
        lines.push(
          `${waiting === 1 ? '1 recipient of these alerts receives' : `${waiting} recipients of these alerts receive`} nothing: unconfirmed for over a day, or removed and subscribed again. Fix: run npm run confirm -- '<the link of their "AWS Notification - Subscription Confirmation" e-mail>' (the operators were told which addresses).`,
        );
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
              : `DEXCHANGE ${e.account} 24 h: ${w.balance(e.balance)}${change === undefined || change.direction === 'none' ? '' : ` (${change.direction === 'up' ? '+' : '-'}${w.amount(change.by)})`}, below LOW ${w.duration(e.belowLowMinutes)}.`,
          // Only while it fits the one segment (render.ts): the e-mail says it in full.
          extras: e.failing === undefined ? [] : [`Unreadable since ${w.at(e.failing.since)}.`],
        },
      };
    },

    held: (f, w) => {
      const e = f.event;
      const why = {
        silence: 'the silence',
        quiet: 'the quiet hours',
        cap:
          e.capPerHour === undefined
            ? 'the hour that reached its alert limit'
            : `the hour that reached its limit of ${e.capPerHour} ${e.capPerHour === 1 ? 'alert' : 'alerts'}`,
      }[e.reason];
      const latest = e.latest;
      const when =
        latest === undefined
          ? `, still true at ${w.near(e.at)}`
          : `, ${f.fresh ? 'now' : 'last read'} ${w.balance(latest.balance)} ${w.atNear(latest.at)}`;
      const nowSms =
        latest === undefined
          ? ''
          : ` ${f.fresh ? 'Now' : 'Last read'} ${w.balance(latest.balance)}.`;
      const core = (list: string) =>
        `DEXCHANGE ${e.account}, after ${why}: ${list}.${nowSms}${f.topUp ? ' Top up.' : ''}`;
      return {
        tag: '[HELD]',
        decoration,
        subjectTail: `: ${f.tags.join(', ')}${when}`,
        // Many kinds held: the highest level, and how many others.
        ...(f.tags.length > 1
          ? { shorterTails: [`: ${f.first} +${f.tags.length - 1}${when}`] }
          : {}),
        headline: `During ${why}, alerts of account "${e.account}" were held. Still true now:`,
        details: [
          ...f.lines,
          // The balance once: a held level's line states it; read now, "Checked" dates it.
          ...(latest === undefined || (f.balanceSaid && f.fresh)
            ? []
            : f.balanceSaid
              ? [`The balance above is the last one read, ${w.on(latest.at)}.`]
              : [
                  f.fresh
                    ? `Balance now: ${w.balance(latest.balance)}, read ${w.on(latest.at)}.`
                    : `Last balance read: ${w.balance(latest.balance)}, ${w.on(latest.at)}.`,
                ]),
        ],
        // The actions of each held alert, under one "What to do".
        action: oneTodo(f.action),
        sms: { core: f.smsCore(core), extras: f.smsExtras },
      };
    },

    test: (e, w) => ({
      tag: '[TEST]',
      decoration: 'DEXCHANGE balance alerts for',
      subjectTail: '',
      headline: `This is a test alert from the DEXCHANGE balance monitor for account "${e.account}", sent ${w.on(e.at)}.`,
      details: [],
      action: ['If you can read it, this channel works. Nothing to do.'],
      sms: {
        core: `Test from the DEXCHANGE balance monitor, account ${e.account}: alerts reach this phone. Nothing to do.`,
        extras: [],
      },
    }),
  },

  render: {
    acknowledgeLine: (link) => `I'm on it (stops this alert's reminders): ${link}`,
    acknowledgeButton: "I'm on it",
    checked: (on, zone) => `Checked ${on}. Times are ${zone} time.`,
    beforeAscii: (subject) => subject,
    operatorsTold: {
      email: 'IT (the operators) is sent this alert too.',
      sms: 'Also sent to IT.',
    },
  },

  ack: {
    what: {
      FAILING: 'the balance cannot be read',
      CRITICAL: 'critical balance',
      LOW: 'low balance',
    },
    since: (dateTime) => `since ${dateTime}`,
    stillComes: {
      LOW: 'A fall below the critical threshold still alerts.',
      CRITICAL: 'The close of the alert is still reported.',
      FAILING: 'When the balance can be read again, that is still reported.',
    },
    subject: (account, what, since) => `Account "${account}": ${what}, ${since}.`,
    confirmTitle: "I'm on it",
    confirmText: (stillComes) =>
      `Confirming stops the reminders of this alert; the other recipients are told you are on it at the next check. ${stillComes}`,
    nameLabel: 'Your name (optional)',
    button: "I'm on it",
    doneTitle: 'Acknowledged',
    refusalTitle: 'Nothing was recorded',
    refusal: {
      malformed: 'This link is not complete. Open it from the alert again, whole.',
      tampered:
        'This link is not valid: it was changed, or the links were renewed since. The latest message of this alert carries one that works.',
      expired:
        'This link has expired (links last 72 hours). The latest message of this alert carries a fresh one; once someone is on it, no more are sent.',
      ended:
        'This alert is closed (the balance recovered, or the balance can be read again): there is nothing left to do.',
      method: 'This page takes GET and POST only.',
    },
  },

  parked: {
    subject: (account, count) =>
      `[UNDELIVERED] ${count === 1 ? 'an alert' : `${count} alerts`} of ${account} could not be delivered`,
    intro: (account, count) =>
      `The monitor gave up on ${count === 1 ? 'an alert' : `${count} alerts`} of account ${account}: the people it was for did not get ${count === 1 ? 'it' : 'them'} by this channel.`,
    line: (f) =>
      `- ${f.severity} of ${f.raisedAt}, channel ${f.channel}, after ${f.attempts} attempt${f.attempts === 1 ? '' : 's'}: ${f.error}`,
    action:
      'Fix the channel (the error says what refused it), then tell the people it was for what the alert said. The saved query "undeliverable" lists every alert given up.',
    original: 'The alert, as it was written:',
    // The monitor sent these; Meta accepted them and failed them later: it gave up on nothing.
    late: {
      alerts: {
        LOW: 'Low balance alert',
        CRITICAL: 'Critical balance alert',
        REMINDER: 'Reminder',
        RECOVERED: 'Notice of the alert closed',
        FORECAST: 'Forecast',
        UNUSUAL_OUTFLOW: 'Unusual outflow alert',
        FAILING: 'Unreadable balance alert',
        FAILING_RESOLVED: 'Notice of the balance readable again',
        STALE: 'Stale balance alert',
        STALE_RESOLVED: 'Notice of the balance updated again',
        ACKNOWLEDGED: '"I\'m on it" notice',
        DIGEST: 'Daily summary',
        HELD: 'Summary of held alerts',
        TEST: 'Test',
      },
      subject: (account, count) =>
        `[UNDELIVERED] WhatsApp did not deliver ${count === 1 ? 'an alert' : `${count} alerts`} of ${account}`,
      intro: (account, count) =>
        `Meta accepted ${count === 1 ? 'a WhatsApp alert' : `${count} WhatsApp alerts`} of account ${account}, then reported that it could not deliver ${count === 1 ? 'it' : 'them'}:`,
      line: (f) =>
        `- ${f.alert} of ${f.raisedAt}, channel ${f.channel}: ${f.code === undefined ? 'no code' : `Meta's code ${f.code}`}${f.title === '' ? '' : ` ("${f.title}")`}. ${LATE_MEANING[f.meaning]}`,
      todo: (meaning, recipients) => {
        const names = recipients.map((n) => `"${n}"`).join(', ');
        return {
          recipient: `What to do: correct or remove the WhatsApp number ${names} in the deploy config (the whatsapp list of the account, or of the stack), then deploy again; reach ${recipients.length === 1 ? 'this person' : 'these people'} another way until it is fixed.`,
          payment:
            "What to do: fix the payment method of the WhatsApp Business Account in Meta's Business Manager (Billing & payments); until it is fixed, no WhatsApp alert can go out.",
          engagement:
            'What to do: nothing to fix; if this person gets the alerts by WhatsApp only, reach them another way.',
          experiment:
            'What to do: nothing to fix; if this person gets the alerts by WhatsApp only, reach them another way.',
          template:
            'What to do: submit the templates again (npm run whatsapp-templates) and check their status in the AWS End User Messaging Social console.',
          meta: "What to do: nothing to fix unless it happens again; if it does, see the WhatsApp Business Account's status in Meta's Business Manager.",
          unknown: "What to do: look the code up among Meta's WhatsApp Business error codes.",
        }[meaning];
      },
      todos: oneTodo,
      where:
        'The account\'s other channels got the alert as usual (WhatsApp alone failed): its text is there. The entry stays in the account\'s record: the saved query "undeliverable" lists it.',
    },
  },

  reach: {
    subject: (problems) =>
      `DEXCHANGE monitor: ${problems} alert ${problems === 1 ? 'address' : 'addresses'} to check`,
    intro:
      'The DEXCHANGE balance monitor compared the subscriptions of its SNS topics with the deploy config. Some people may not be receiving what they should:',
    where: (endpoint, audience, account) =>
      audience === 'operators'
        ? `${endpoint} (operators: the alarms about the monitor)`
        : `${endpoint} (balance alerts of ${account === undefined ? 'every account without its own recipients' : `"${account}"`})`,
    whereOperatorCopy: (endpoint, account) =>
      `${endpoint} (IT's copy of the alerts of ${account === undefined ? 'every account without its own recipients' : `"${account}"`})`,
    whereEscalation: (endpoint, tier, account) =>
      `${endpoint} (escalation tier "${tier}" of account "${account}")`,
    resubscribed: (where, protocol) =>
      protocol === 'email'
        ? `- The address ${where} was no longer subscribed: someone used the unsubscribe link at the foot of an e-mail, or a mail scanner followed it. The monitor has subscribed it again and AWS has sent it a new confirmation e-mail; it receives nothing until that is confirmed.`
        : `- The number ${where} was no longer subscribed. The monitor has subscribed it again; it receives the alerts from now on. If it disappears again, the number may have opted out (by replying STOP): see SNS > Text messaging (SMS) > Opted-out phone numbers.`,
    resubscribeFailed: (where, protocol) =>
      `- The ${protocol === 'email' ? 'address' : 'number'} ${where} is no longer subscribed, and subscribing it again failed (the log of the subscription-health function says why): it receives nothing. The monitor tries again every hour.`,
    pending: (where, hours) =>
      `- The address ${where} has not confirmed its subscription for ${hours} hours: it receives nothing until it does. AWS drops an unconfirmed subscription after a few days; the monitor then subscribes the address again, with a new e-mail.`,
    unauthenticated: (where) =>
      `- The address ${where} was confirmed by clicking the link of its confirmation e-mail, so the unsubscribe link at the foot of every e-mail removes it in one click (a mistaken click, or a mail scanner). This is said once.`,
    todo: {
      prefix: 'What to do: ',
      heading: 'What to do:',
      resubscribed: (endpoints) =>
        `for ${endpoints}: have the recipient forward the new e-mail (subject "AWS Notification - Subscription Confirmation") without clicking its link, then run npm run confirm -- '<the link>' with your AWS credentials. Confirmed that way, the unsubscribe link can no longer remove the address.`,
      pending: (endpoints) =>
        `for ${endpoints}: find the e-mail "AWS Notification - Subscription Confirmation" (look in spam too) and run npm run confirm -- '<its Confirm subscription link>' with your AWS credentials.`,
      unauthenticated: (endpoints) =>
        `for ${endpoints}: delete that subscription (SNS console > Subscriptions > Delete: the monitor itself may not); within the hour the monitor subscribes the address again and AWS sends a new confirmation: confirm it with npm run confirm -- '<the link>', not by clicking.`,
      list: (items) =>
        items.length < 2
          ? (items[0] ?? '')
          : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`,
    },
    footer:
      'The monitor compares the subscriptions every hour and subscribes a missing address again by itself. None of its functions may unsubscribe anyone.',
  },

  escalation: {
    usual: 'the usual recipients',
    tierName: (tier) => `"${tier}"`,
    toldAt: (who, at) => `${who} ${at}`,
    list: (items) =>
      items.length < 2
        ? (items[0] ?? '')
        : `${items.slice(0, -1).join(', ')}, then ${items.at(-1)}`,
    headline: (tier, waited, told) =>
      `Escalated to you (${tier}): nobody has said "I'm on it" for ${waited}. Already told: ${told}.`,
    sms: (waited) => `No one on it for ${waited}:`,
  },
  ackPage: {
    balanceTitle: 'Balance',
    balanceNow: (amount, readAt) => `${amount}, read ${readAt}.`,
    noReading: 'No balance has been read yet.',
    levelsTitle: 'Thresholds',
    lowLevel: (amount) => `Low: ${amount}`,
    criticalLevel: (amount) => `Critical: ${amount}`,
    criticalEmpty: 'Critical: an empty balance',
    recoveryLevel: (amount) => `The alert ends at ${amount}`,
    toAddTitle: 'How much to add',
    recovering: (recovery) =>
      `The balance is back above the threshold; the alert closes once it reaches ${recovery}.`,
    topUpTitle: 'How to top up',
    topUpLink: 'Open the top-up page',
    contact: (contact) => `Contact: ${contact}`,
    chartTitle: 'Balance over the last 48 hours',
    chartDesc: (f) =>
      `Balance from ${f.from} to ${f.to}: lowest ${f.lowest}, highest ${f.highest}. The lines are the thresholds${f.forecast ? '; the dashed line is the forecast at the current pace' : ''}.`,
    chart: {
      low: 'low',
      critical: 'critical',
      recovery: 'alert ends',
      forecast: 'forecast',
      hoursAgo: (hours) => `${hours} h ago`,
      now: 'last reading',
    },
    thanks: (by) => `Thank you${by === '' ? '' : `, ${by}`}. The reminders of this alert stop.`,
    othersTold: (f) => {
      const first =
        f.silencedUntil === undefined
          ? `The other recipients will be told at the next check, around ${f.at}.`
          : `A silence holds this account's alerts until ${f.silencedUntil}: the other recipients will be told at the check after that, around ${f.at}.`;
      const later =
        f.capEnds !== undefined
          ? `On a channel that has already sent as many messages as it may this hour, that will be after ${f.capEnds}; on a channel in its quiet hours, it may wait until they end.`
          : f.silencedUntil !== undefined
            ? 'On a channel in its quiet hours, it may wait until they end.'
            : 'On a channel in its quiet hours, or one that has already sent as many messages as it may this hour, it may wait until the quiet hours end, or the hour does.';
      return `${first} ${later}`;
    },
    takenBy: (who, at) => `${who} has been on it since ${at}.`,
    takenBySomeone: (at) => `Someone has been on it since ${at}.`,
    undoButton: 'Undo',
    undoUntil: (time) => `A mistake? You can undo until ${time}.`,
    undoneTitle: 'Undone',
    undone: (told) =>
      told
        ? 'Nobody is on it any more: the reminders resume on their usual schedule. The other recipients had already been told you were on it; the reminders tell them the alert is still open.'
        : 'Nobody is on it any more: the reminders resume on their usual schedule, and the other recipients are told nothing.',
    undoTooLateTitle: 'Too late to undo',
    undoTooLate: (at, minutes) =>
      `It was taken at ${at}, more than ${minutes} minutes ago: it can no longer be undone here. It stays taken until the alert ends.`,
    undoNothingTitle: 'Nothing to undo',
    undoNothing: 'Nobody is on this alert: there is nothing to undo.',
  },
  button: {
    taken: (name) =>
      `Noted${name === '' ? '' : `, ${name}`}: you are on it. The reminders of this alert stop; the others are told at the next check.`,
    already: (by) => `${someone(by)} is already on it.`,
    ended: 'This alert is over: nothing to take.',
    // The link of the same message expired with it: the latest reminder carries fresh ones.
    expired: "This button has expired: use the button or the link of this alert's latest reminder.",
    refused: 'This button is not recognised here.',
  },
} satisfies Catalog;
