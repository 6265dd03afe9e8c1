import { attributesOf, type Locale } from '../alerting/types';
import type { OutboxEntry } from '../delivery/outbox-entry';
import { inertEvent } from '../messages/inert';
import { renderAlert, type RenderContext } from '../messages/render';
import type { ChannelSecret } from './channel-secret';
import { signedHeaders, signingKeysOf } from './webhook-signing';
import { CHANNEL_ATTEMPT_MS, excerpt, pause, postOnce, transportProblem } from './http';
import { attemptedBefore } from '../delivery/earlier-attempts';
import {
  DeliveryError,
  refuseLegacy,
  wantsRoute,
  type ChannelOptions,
  type Notifier,
} from '../delivery/channel-port';

/**
 * A generic webhook, from the function: a JSON body described by schemas/webhook-event.schema.json,
 * signed as Standard Webhooks sign (`webhook-id`, the entry's id, the same on every retry: the
 * receiver's idempotency key; `webhook-timestamp`; `webhook-signature`, one per key during a
 * rotation; webhook-signing.ts) with a secret from Secrets Manager; a secret from before the
 * standard also gets the old headers. https only, a timeout per attempt, at most 3 attempts for
 * 408, 429, 5xx and network failures, the answer read up to a cap, redirects not followed.
 * A 409 (the receiver has this webhook-id already) counts as delivered only after an
 * earlier attempt that may have reached it: one the outbox counted, or one of this delivery
 * that got no answer or a 408, 429 or 5xx. On a first attempt it is refused for good.
 */

const ATTEMPTS = 3;
const BACKOFF_MS = [0, 300, 700] as const;

export interface WebhookBody {
  readonly schemaVersion: 1;
  readonly id: string;
  readonly account: string;
  readonly severity: string;
  readonly remindsOf?: string;
  readonly level?: string;
  readonly about?: string;
  readonly held?: readonly string[];
  readonly at: string;
  readonly event: unknown;
  readonly text: {
    readonly locale: Locale;
    readonly subject: string;
    readonly body: string;
    readonly sms: string;
  };
}

export function renderWebhook(
  entry: Pick<OutboxEntry, 'id' | 'event'>,
  locale: Locale,
  context: RenderContext,
): WebhookBody {
  const attributes = attributesOf(entry.event);
  const alert = renderAlert(entry.event, locale, context);
  return {
    schemaVersion: 1,
    id: entry.id,
    account: entry.event.account,
    severity: entry.event.severity,
    ...(attributes.remindsOf === undefined ? {} : { remindsOf: attributes.remindsOf }),
    ...(attributes.level === undefined ? {} : { level: attributes.level }),
    ...(attributes.about === undefined ? {} : { about: attributes.about }),
    ...(attributes.held === undefined ? {} : { held: attributes.held }),
    at: entry.event.at,
    // As data, with the provider's words made inert as in the texts.
    event: inertEvent(entry.event),
    text: { locale, subject: alert.subject, body: alert.email, sms: alert.sms },
  };
}

export function createWebhookChannel(
  options: ChannelOptions & {
    readonly url: string;
    readonly secret: ChannelSecret;
    readonly timeoutMs: number;
    /** For the signature's timestamp. */
    readonly now?: () => number;
  },
): Notifier {
  // Each attempt within both the configured timeout and what a delivery may take.
  const attemptMs = Math.min(options.timeoutMs, CHANNEL_ATTEMPT_MS);
  const now = options.now ?? (() => Date.now());
  return {
    name: options.name,
    wants: wantsRoute(options.route),
    async deliver(entry, signal) {
      refuseLegacy(entry, 'webhook');
      const secret = await options.secret.read();
      const signing = signingKeysOf(secret);
      // Putting a right value fixes the next attempt: retried, parked after 6 hours.
      if ('problem' in signing)
        throw new DeliveryError(
          `the signing secret of ${options.name} ${signing.problem}; put it again with aws secretsmanager put-secret-value`,
          false,
        );
      const body = JSON.stringify(renderWebhook(entry, options.locale, options.render));
      let last = '';
      // Whether the receiver may hold this alert already, so that its 409 can mean "I have it".
      let mayHaveReached = attemptedBefore(entry, options.name);
      for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
        if (attempt > 0) await pause(BACKOFF_MS[attempt] ?? 1500, signal);
        if (signal?.aborted === true) break;
        let status: number;
        let text: string;
        try {
          const answer = await postOnce(options.url, body, {
            headers: {
              'user-agent': 'dexchange-balance-monitor',
              ...signedHeaders(signing, entry.id, body, Math.floor(now() / 1000)),
            },
            timeoutMs: attemptMs,
            ...(signal === undefined ? {} : { signal }),
          });
          status = answer.status;
          text = answer.text;
        } catch (error) {
          last = `the webhook ${transportProblem(error, attemptMs)}`;
          mayHaveReached = true;
          continue;
        }
        if (status >= 200 && status < 300) return;
        // 409: the receiver already has this webhook-id; delivered, if it can have it.
        if (status === 409 && mayHaveReached) return;
        const said = excerpt(text, [secret]);
        const saying = said === '' ? '' : `: ${said}`;
        last = `the webhook answered ${status}${saying}`;
        // On a first attempt, "I have it already" cannot be this alert: refused for good.
        if (status === 409)
          throw new DeliveryError(
            `the webhook answered 409 to the first attempt of this alert${saying} (it claims to hold an Idempotency-Key the monitor had not sent it: another sender using the same ids, or a 409 that means something else)`,
            true,
          );
        if (status >= 300 && status < 400)
          throw new DeliveryError(`${last} (a redirect, not followed: set the final URL)`, true);
        if (status === 408 || status === 429 || status >= 500) {
          mayHaveReached = true;
          continue;
        }
        // 401, 403, 404: the receiver's configuration (its copy of the signing secret, its
        // route), which fixing fixes the next attempt; retried, parked after 6 hours.
        // A refusal: the receiver does not hold the alert, unless an earlier attempt reached it.
        if (status === 401 || status === 403 || status === 404)
          throw new DeliveryError(
            `${last} (check the receiver's signing secret and its URL)`,
            false,
            { refusal: !mayHaveReached },
          );
        // Another 4xx: the receiver refuses this body; repeating cannot help.
        throw new DeliveryError(last, true);
      }
      throw new DeliveryError(last === '' ? 'the webhook did not answer' : last, false);
    },
  };
}
