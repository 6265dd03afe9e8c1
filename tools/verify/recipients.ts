import { SMS_AUDIENCE } from '../../lambda/contract/channels';
import { routeAccepts } from '../../lambda/contract/routing';
import type { CheckFunction } from './functions';
import type { LiveSubscription } from './subscriptions';

/**
 * Who a TEST alert reaches, from what is deployed: the confirmed subscriptions of the account's
 * topic whose filter policy takes it (the e-mail and SMS publish, and the SMS-apart publish when
 * the function holds SMS itself), and the function's own channels whose route takes TEST.
 */

export interface Reach {
  /** Should now have the test alert. */
  readonly reached: readonly string[];
  /** Subscribed to the topic, and will not have it (pending, or filtered out). */
  readonly missed: readonly string[];
}

const TEST = { severity: 'TEST' } as const;

/** The message attributes of a TEST publish that filter policies look at. */
function testAttributes(audience?: string): Record<string, readonly string[]> {
  return {
    severity: ['TEST'],
    route: ['TEST'],
    ...(audience === undefined ? {} : { audience: [audience] }),
  };
}

/**
 * Whether an SNS filter policy (on message attributes) takes a message: every key must match,
 * a key matching when any of its rules matches any of the attribute's values. Only the rules
 * this stack writes are judged (exact strings and `exists`); any other makes it 'unknown'.
 */
export function filterTakes(
  policy: unknown,
  attributes: Record<string, readonly string[]>,
): boolean | 'unknown' {
  if (policy === undefined || policy === null) return true;
  if (typeof policy !== 'object' || Array.isArray(policy)) return 'unknown';
  let unknown = false;
  for (const [key, rules] of Object.entries(policy)) {
    if (!Array.isArray(rules) || key.startsWith('$')) return 'unknown';
    const values = attributes[key];
    const matches = (rules as unknown[]).map((rule) => {
      if (typeof rule === 'string') return values?.includes(rule) ?? false;
      if (
        typeof rule === 'object' &&
        rule !== null &&
        'exists' in rule &&
        Object.keys(rule).length === 1
      )
        return rule.exists === (values !== undefined);
      return 'unknown' as const;
    });
    if (matches.includes(true)) continue;
    if (matches.includes('unknown')) unknown = true;
    else return false;
  }
  return unknown ? 'unknown' : true;
}

const describe = (s: LiveSubscription) =>
  `${s.endpoint} (${s.protocol === 'email' ? 'e-mail' : s.protocol === 'sms' ? 'SMS' : s.protocol})`;

export function reachOfTest(check: CheckFunction, live: readonly LiveSubscription[]): Reach {
  const reached: string[] = [];
  const missed: string[] = [];
  const smsApart = check.channels.some((c) => c.kind === 'sms' && routeAccepts(c.route, TEST));
  for (const s of live.filter((l) => l.topicArn === check.topicArn)) {
    if (s.state === 'pending') {
      missed.push(`${describe(s)}: PendingConfirmation`);
      continue;
    }
    const takes = s.filtersBody
      ? 'unknown'
      : [
          filterTakes(s.filterPolicy, testAttributes()),
          ...(smsApart ? [filterTakes(s.filterPolicy, testAttributes(SMS_AUDIENCE))] : []),
        ].reduce<boolean | 'unknown'>(
          (a, b) =>
            a === true || b === true
              ? true
              : a === 'unknown' || b === 'unknown'
                ? 'unknown'
                : false,
          false,
        );
    if (takes === true) reached.push(describe(s));
    else if (takes === 'unknown') reached.push(`${describe(s)}, if its filter policy takes TEST`);
    else missed.push(`${describe(s)}: its filter policy does not take TEST`);
  }
  for (const c of check.channels) {
    if (c.kind === 'sms' || !routeAccepts(c.route, TEST)) continue;
    if (c.kind === 'chat')
      reached.push(`chat ${c.name} (every channel its chat integration posts to)`);
    if (c.kind === 'telegram') reached.push(`Telegram ${c.name} (chat ${c.chatId})`);
    if (c.kind === 'webhook') reached.push(`webhook ${c.name} (${new URL(c.url).host})`);
  }
  return { reached, missed };
}
