import * as z from './zod';
import { META_API_VERSION_PATTERN, META_API_VERSION_RULE } from './meta-api-version';
import { isLoopbackHost } from './env-rules';
import { routeSchema } from './routing';
import { HOLDABLE_SEVERITIES, LOCALES } from './severities';
import { TOPIC_ARN_PATTERN } from './settings';

/**
 * The channels the function delivers itself, as the stack hands them over in the `CHANNELS`
 * variable (JSON): chat (AWS's chat integration reads a topic of its own), Telegram and
 * webhooks. E-mail and SMS stay on the alert topic (`ALERT_TOPIC_ARN`), routed by SNS.
 * Each channel has a name (its key in the outbox: deliveries are tracked per channel) and a
 * route. The stack checks each function's list with this schema at synth.
 */

/**
 * The `audience` attribute of the SMS the function sends apart (a group whose SMS has quiet
 * hours): the stack's SMS subscriptions take it, its e-mail ones refuse it.
 */
export const SMS_AUDIENCE = 'sms';

/** A channel name: short, lower-case, stable (it keys the deliveries in the stored outbox). */
export const CHANNEL_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,31}$/;
export const CHANNEL_NAME_RULE =
  'must be 1 to 32 lower-case letters, digits or "-", starting with a letter or digit';

/** A Telegram chat: a numeric id (negative for groups, -100... for channels) or @username. */
export const TELEGRAM_CHAT_ID_PATTERN = /^(-?[1-9]\d{0,19}|@[A-Za-z][A-Za-z0-9_]{4,31})$/;
export const TELEGRAM_CHAT_ID_RULE =
  'must be a numeric chat id (such as -1001234567890) or a public @username';

/** https only; plain http only for loopback hosts (a receiver on this machine, in tests). */
export function webhookUrlProblem(value: string, allowLoopback: boolean): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL such as https://hooks.example.sn/dexchange';
  }
  if (url.username !== '' || url.password !== '')
    return 'must not carry credentials (the signature authenticates the monitor)';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && allowLoopback && isLoopbackHost(url.hostname)) return undefined;
  return 'must use https (the alerts and their signature would otherwise travel in clear)';
}

/**
 * A URL (a webhook's, ACK_URL, TELEGRAM_API_URL) as webhookUrlProblem accepts it, loopback
 * allowed: its problem is the message.
 */
export const httpsUrlSchema = () =>
  z.string().check(
    z.superRefine((value, ctx) => {
      const problem = webhookUrlProblem(value, true);
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    }),
  );

const name = z.string().check(z.regex(CHANNEL_NAME_PATTERN, { error: CHANNEL_NAME_RULE }));

/** AWS End User Messaging Social's id of a WhatsApp phone number (the console shows it). */
export const WHATSAPP_PHONE_NUMBER_ID_PATTERN = /^phone-number-id-[0-9a-f]{32}$/;
export const WHATSAPP_PHONE_NUMBER_ID_RULE =
  'must be the phone number id the AWS End User Messaging Social console shows, such as phone-number-id-0123456789abcdef0123456789abcdef';
/** A phone number in E.164: "+", the country code, the number; 8 to 15 digits. */
export const WHATSAPP_E164 = /^\+[1-9]\d{7,14}$/;

/** "22:00-07:00": quiet from 22:00 to 07:00 (across midnight when the end comes first). */
export const QUIET_HOURS_PATTERN = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/;
export const QUIET_HOURS_RULE =
  'must be two times of day, HH:MM-HH:MM, such as 22:00-07:00 (different times)';

/** Quiet hours as a channel takes them: the times and what goes through anyway. */
export const quietSchema = z.strictObject({
  hours: z.string().check(
    z.regex(QUIET_HOURS_PATTERN, { error: QUIET_HOURS_RULE }),
    z.refine((v) => v.slice(0, 5) !== v.slice(6), { error: QUIET_HOURS_RULE }),
  ),
  /** What goes out anyway; CRITICAL by default. */
  allow: z._default(
    z.array(
      z.enum(HOLDABLE_SEVERITIES, {
        error: `must list severities among ${HOLDABLE_SEVERITIES.join(', ')} (in capitals)`,
      }),
    ),
    ['CRITICAL'],
  ),
});
export type Quiet = z.infer<typeof quietSchema>;
const secretId = z.string().check(z.minLength(1), z.maxLength(2048));

// Built at their first parse (z.lazy), not when the module loads: a function with no channel
// beyond the topic never builds them (schemas built at load are a cold start's cost,
// BENCHMARKS.md).
export const channelSpecSchema = z.lazy(() =>
  z.discriminatedUnion('kind', [
    z.strictObject({
      /** SMS apart from e-mail (when SMS has quiet hours): routed here, not by SNS. */
      kind: z.literal('sms'),
      quiet: z.optional(quietSchema),
      name,
      topicArn: z.string().check(z.regex(TOPIC_ARN_PATTERN, { error: 'must be an SNS topic ARN' })),
      route: routeSchema,
    }),
    z.strictObject({
      kind: z.literal('chat'),
      quiet: z.optional(quietSchema),
      name,
      /** The topic the chat integration reads; custom notifications are published there. */
      topicArn: z.string().check(z.regex(TOPIC_ARN_PATTERN, { error: 'must be an SNS topic ARN' })),
      route: routeSchema,
    }),
    z.strictObject({
      kind: z.literal('telegram'),
      quiet: z.optional(quietSchema),
      name,
      chatId: z.string().check(z.regex(TELEGRAM_CHAT_ID_PATTERN, { error: TELEGRAM_CHAT_ID_RULE })),
      route: routeSchema,
    }),
    z.strictObject({
      kind: z.literal('webhook'),
      quiet: z.optional(quietSchema),
      name,
      url: httpsUrlSchema(),
      /** The secret holding the HMAC signing key. */
      secretId,
      route: routeSchema,
    }),
    z.strictObject({
      kind: z.literal('whatsapp'),
      quiet: z.optional(quietSchema),
      name,
      phoneNumberId: z
        .string()
        .check(z.regex(WHATSAPP_PHONE_NUMBER_ID_PATTERN, { error: WHATSAPP_PHONE_NUMBER_ID_RULE })),
      /** The recipient, E.164. */
      to: z
        .string()
        .check(z.regex(WHATSAPP_E164, { error: 'must be an E.164 number such as +221771234567' })),
      /** The templates' language; the account's locale when absent. */
      language: z.optional(z.enum(LOCALES)),
      /** The Graph API version to send with; META_API_VERSION when absent. */
      metaApiVersion: z.optional(
        z.string().check(z.regex(META_API_VERSION_PATTERN, { error: META_API_VERSION_RULE })),
      ),
      route: routeSchema,
    }),
  ]),
);
export type ChannelSpec = z.infer<typeof channelSpecSchema>;

export const channelListSchema = z.lazy(() =>
  z.array(channelSpecSchema).check(
    z.superRefine((list, ctx) => {
      const seen = new Set<string>();
      list.forEach((channel, index) => {
        const key = `${channel.kind}:${channel.name}`;
        if (seen.has(key))
          ctx.addIssue({
            code: 'custom',
            path: [index, 'name'],
            message: `${key} is listed twice`,
          });
        seen.add(key);
      });
    }),
  ),
);

/** The outbox key of a channel: "sns", "chat:ops", "telegram:finance", "webhook:erp". */
export function channelKey(spec: Pick<ChannelSpec, 'kind' | 'name'>): string {
  return `${spec.kind}:${spec.name}`;
}
