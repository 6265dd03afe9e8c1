import { z } from 'zod';
import {
  META_API_VERSION_PATTERN,
  META_API_VERSION_RULE,
  metaApiVersionProblem,
} from '../../lambda/contract/meta-api-version';
import {
  TELEGRAM_CHAT_ID_PATTERN,
  TELEGRAM_CHAT_ID_RULE,
  WHATSAPP_PHONE_NUMBER_ID_PATTERN,
  WHATSAPP_PHONE_NUMBER_ID_RULE,
  quietSchema,
  webhookUrlProblem,
} from '../../lambda/contract/channels';
import { routeSchema } from '../routing';
import {
  channelName,
  E164,
  E164_RULE,
  e164,
  email,
  EMAIL_RULE,
  everythingRoute,
  locale,
  refusing,
  required,
} from './fields';

/**
 * Who hears an account's alerts: e-mail addresses, SMS numbers, chat channels, Telegram chats
 * and webhooks, each list with its route. The stack has one such block; an account may have
 * its own (accounts[].recipients).
 */

export const SLACK_WORKSPACE_ID = /^[0-9A-Z]{1,255}$/;
export const SLACK_CHANNEL_ID = /^[CG][0-9A-Z]{6,}$/;
const GUID = /^[0-9A-Fa-f]{8}(?:-[0-9A-Fa-f]{4}){3}-[0-9A-Fa-f]{12}$/;
export const TEAMS_CHANNEL_ID =
  /^[a-zA-Z0-9\-_=+/.,]*%3[aA][a-zA-Z0-9\-_=+/.,]*%40[a-zA-Z0-9\-_=+/.,]*$/;

const chatTargetSchema = z
  .strictObject({
    /** Names the channel in the outbox and in resource names. */
    name: channelName,
    slack: z
      .strictObject({
        workspaceId: z
          .string({
            error:
              'is required: a Slack channel id means nothing without its workspace id (T...), shown in the console after the workspace is authorized',
          })
          .regex(SLACK_WORKSPACE_ID, {
            error:
              'must be a Slack workspace id: upper-case letters and digits, such as T07GZ1D0BD5',
          }),
        channelId: z.string({ error: 'is required' }).regex(SLACK_CHANNEL_ID, {
          error:
            'must be a Slack channel id such as C07HDEHUE11 (the channel details show it; a channel name or a #name is not an id)',
        }),
      })
      .optional(),
    teams: z
      .strictObject({
        teamId: z
          .string({ error: 'is required' })
          .regex(GUID, { error: 'must be a GUID (the team id)' }),
        tenantId: z
          .string({ error: 'is required' })
          .regex(GUID, { error: 'must be a GUID (the Microsoft 365 tenant id)' }),
        channelId: z.string({ error: 'is required' }).regex(TEAMS_CHANNEL_ID, {
          error:
            'must be the channel id from its link, URL-encoded, such as 19%3ab6ef35dc342d56ba5654e6fc6d25a071%40thread.tacv2',
        }),
      })
      .optional(),
    routing: everythingRoute,
    quietHours: z.optional(quietSchema),
  })
  .refine((t) => (t.slack === undefined) !== (t.teams === undefined), {
    error: 'must have exactly one of slack or teams',
  });

const telegramTargetSchema = z.strictObject({
  name: channelName,
  chatId: z
    .union([z.string(), z.number().int()])
    .transform(String)
    .pipe(z.string().regex(TELEGRAM_CHAT_ID_PATTERN, { error: TELEGRAM_CHAT_ID_RULE })),
  routing: everythingRoute,
  quietHours: z.optional(quietSchema),
});

/** A WhatsApp recipient: a name (its deliveries' key) and the number, E.164. */
const whatsappTargetSchema = z.strictObject({
  name: channelName,
  number: e164,
  routing: everythingRoute,
  quietHours: z.optional(quietSchema),
});

const webhookTargetSchema = z.strictObject({
  name: channelName,
  url: z.string().superRefine(refusing((value: string) => webhookUrlProblem(value, false))),
  routing: everythingRoute,
  quietHours: z.optional(quietSchema),
});

/**
 * A recipient's own route, instead of its list's: the same fields and defaults as the list's
 * (routeSchema), required once the entry is an object.
 */
const ownRouting = z.strictObject(routeSchema.shape, {
  error: (issue) =>
    issue.input === undefined
      ? "is required: the route of this recipient alone (or write the entry as a plain string to take the list's)"
      : 'must be a route such as {"minLevel": "CRITICAL", "also": []}',
});

/** An e-mail recipient: an address (the list's route), or an address with a route of its own. */
export const emailEntry = z.union(
  [
    email,
    z.strictObject({
      address: z.email({ error: required(EMAIL_RULE) }),
      routing: ownRouting,
    }),
  ],
  {
    error:
      'must be an e-mail address, or {"address": "...", "routing": {...}} for an address with its own route',
  },
);
/** An SMS recipient: a number (the list's route), or a number with a route of its own. */
const smsEntry = z.union(
  [
    e164,
    z.strictObject({
      number: z.string({ error: required(E164_RULE) }).regex(E164, { error: E164_RULE }),
      routing: ownRouting,
    }),
  ],
  {
    error:
      'must be an E.164 phone number, or {"number": "+221...", "routing": {...}} for a number with its own route',
  },
);
export type EmailEntry = z.infer<typeof emailEntry>;
export type SmsEntry = z.infer<typeof smsEntry>;

/** The fields of a recipients block, spread into the deploy config as the stack's own. */
export const recipientsShape = {
  /** Addresses, each taking emailRouting unless it has a routing of its own. */
  alertEmails: z.array(emailEntry).default([]),
  /** Which alerts the e-mail addresses get; everything by default. */
  emailRouting: everythingRoute,
  /** Numbers, each taking smsRouting unless it has a routing of its own. */
  smsNumbers: z.array(smsEntry).default([]),
  /** Which alerts the SMS numbers get: a level and above, and chosen others. */
  smsRouting: z._default(routeSchema, { minLevel: 'CRITICAL', also: ['FAILING'] }),
  /** Hours in which SMS hold all but what they let through (CRITICAL by default). */
  smsQuietHours: z.optional(quietSchema),
  /** Slack or Microsoft Teams channels, through AWS's chat integration. */
  chat: z.array(chatTargetSchema).default([]),
  telegram: z.array(telegramTargetSchema).default([]),
  webhooks: z.array(webhookTargetSchema).default([]),
  /** WhatsApp numbers, through AWS End User Messaging Social (docs/channels.md). */
  whatsapp: z.array(whatsappTargetSchema).default([]),
  /** The phone number WhatsApp alerts are sent from: its id in End User Messaging Social. */
  whatsappPhoneNumberId: z
    .string()
    .regex(WHATSAPP_PHONE_NUMBER_ID_PATTERN, { error: WHATSAPP_PHONE_NUMBER_ID_RULE })
    .optional(),
  /** The WhatsApp templates' language; the account's locale by default. */
  whatsappLanguage: locale.optional(),
  /** The Graph API version WhatsApp alerts are sent with; the pinned META_API_VERSION by default. */
  // Checked against the clock when the config is read (a synth, check-config): a version Meta
  // stopped serving would have every WhatsApp alert refused and parked.
  whatsappMetaApiVersion: z
    .string()
    .regex(META_API_VERSION_PATTERN, { error: META_API_VERSION_RULE })
    .superRefine((version, ctx) => {
      const problem = metaApiVersionProblem(version, new Date());
      if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
    })
    .optional(),
};
export const recipientsSchema = z.strictObject(recipientsShape);
export type Recipients = z.infer<typeof recipientsSchema>;
export type ChatTarget = Recipients['chat'][number];
export type TelegramTarget = Recipients['telegram'][number];
export type WebhookTarget = Recipients['webhooks'][number];
