import { asciiName } from '../../lambda/contract/account-name';
import { deadManWindow } from '../dead-man';
import type { Route } from '../routing';
import { plannedGaps } from '../schedule-expression';
import type { EmailEntry, Recipients } from './recipients-schema';
import { DEFAULT_SCHEDULE, type AccountConfig, type DeployConfig } from './schema';

/** What the stack reads from a parsed deploy config, where it takes more than a field. */

/**
 * A form of the account name that is safe in construct ids, resource and dashboard names:
 * ASCII ("Boutique Thiès" -> "boutique-thies"). A name with no Latin letter or digit at all
 * gets a stable hash of itself instead of an empty slug. Two names that slug alike are refused
 * at synth (cross-checks.ts).
 */
export function accountSlug(name: string): string {
  const slug = asciiName(name.normalize('NFC'))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug === '' ? `account-${fnv1a(name.normalize('NFC'))}` : slug;
}

/** FNV-1a, 32 bits, in hex: short, stable across runs, no Node module needed. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * An account's schedule: its own, or, with callbacks (which start a check as payouts happen),
 * the backstop's, or the stack's. Everything timed by the schedule follows it from here: the
 * schedule itself, its runs' maximum age, the dead-man window and the watchdog's overdue time.
 */
export const scheduleOf = (config: DeployConfig, account: AccountConfig): string =>
  account.schedule ??
  config.schedule.expression ??
  config.callbacks?.backstopSchedule ??
  DEFAULT_SCHEDULE;

/**
 * The local time of an account's morning digest: its own, or the stack's; none when neither
 * asks for one (digests are off unless set). The schema has filled in `at` (08:00 by default).
 */
export const digestAtOf = (config: DeployConfig, account: AccountConfig): string | undefined =>
  (account.digest ?? config.digest)?.at;

/** The config field an account's schedule comes from, for the errors that name it. */
export function schedulePathOf(
  config: DeployConfig,
  account: AccountConfig,
  index: number,
): (string | number)[] {
  if (account.schedule !== undefined) return ['accounts', index, 'schedule'];
  return config.callbacks === undefined || config.schedule.expression !== undefined
    ? ['schedule', 'expression']
    : ['callbacks', 'backstopSchedule'];
}

/**
 * The gaps a schedule plans between checks, in the stack's time zone, and the dead-man window
 * that fits them (none when it plans fewer than two checks).
 */
export function plannedChecks(expression: string, config: DeployConfig) {
  const gaps = plannedGaps(expression, config.schedule.timezone);
  const window = gaps === undefined ? undefined : deadManWindow(gaps, config.deadManSwitchMinutes);
  return { gaps, window };
}

/**
 * The dead-man window of an account, in minutes: how long it may go without a completed check
 * (the schema has refused every config where none fits, so this only guards).
 */
export function deadManWindowOf(config: DeployConfig, account: AccountConfig): number {
  const expression = scheduleOf(config, account);
  const { window } = plannedChecks(expression, config);
  if (window === undefined || 'problem' in window)
    throw new Error(`no dead-man switch fits the schedule ${expression}`);
  return window.minutes;
}

/** Who gets the alarms: operatorEmails, or everyone on alertEmails. */
export function operatorEmailsOf(config: DeployConfig): readonly string[] {
  return (config.operatorEmails ?? config.alertEmails).map(addressOf);
}

/**
 * The operators who also hear balance alerts, each with its route (its own, or
 * operatorRouting): only an explicit operatorEmails. Without it the operators are the stack's
 * alertEmails, who hear what emailRouting lets through already.
 */
export function operatorRecipientsOf(config: DeployConfig): RoutedEndpoint[] {
  return routedEndpoints(config.operatorEmails ?? [], config.operatorRouting, (e) => e.address);
}

/** An e-mail recipient's address, whether written plain or with its own routing. */
export const addressOf = (entry: EmailEntry): string =>
  typeof entry === 'string' ? entry : entry.address;

/** An e-mail or SMS recipient with the route it takes: its own if it has one, else its list's. */
export interface RoutedEndpoint {
  readonly endpoint: string;
  readonly routing: Route;
  /** Whether the route is the recipient's own (not its list's). */
  readonly own: boolean;
}

function routedEndpoints<Own extends { readonly routing: Route }>(
  entries: readonly (string | Own)[],
  listRouting: Route,
  endpointOf: (entry: Own) => string,
): RoutedEndpoint[] {
  return entries.map((entry) =>
    typeof entry === 'string'
      ? { endpoint: entry, routing: listRouting, own: false }
      : { endpoint: endpointOf(entry), routing: entry.routing, own: true },
  );
}

export function emailRecipientsOf(recipients: Recipients): RoutedEndpoint[] {
  return routedEndpoints(recipients.alertEmails, recipients.emailRouting, (entry) => entry.address);
}

export function smsRecipientsOf(recipients: Recipients): RoutedEndpoint[] {
  return routedEndpoints(recipients.smsNumbers, recipients.smsRouting, (entry) => entry.number);
}
