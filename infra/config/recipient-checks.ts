import type { Route } from '../routing';
import { addressOf, emailRecipientsOf, smsRecipientsOf } from './accessors';
import { CONTEXT_KEY } from './context-key';
import type { Recipients } from './recipients-schema';
import type { DeployConfig } from './schema';

/**
 * The recipients, checked together: no one listed twice in a list; a chat, Telegram or webhook
 * name always names the same destination, and a destination always has the same name (the name
 * keys its deliveries and its signing secret, so two meanings would mix them up); a route that
 * lets nothing through; an account's own recipients that reach nobody; alarms that reach nobody.
 */

type Path = (string | number)[];
// A type, not an interface: zod's addIssue takes objects with an index signature.
type Issue = { code: 'custom'; path: Path; message: string };
/** Where a check reports what it finds: zod's refinement context, in the schema. */
export interface IssueSink {
  addIssue(issue: Issue): void;
}

/** The stack's recipients, or an account's own, and where they sit in the config. */
interface RecipientBlock {
  readonly path: Path;
  readonly recipients: Recipients;
}

/** A chat channel, Telegram chat or webhook, and the destination it delivers to, in words. */
interface ChannelTarget {
  readonly field: 'chat' | 'telegram' | 'webhooks' | 'whatsapp';
  readonly index: number;
  readonly name: string;
  readonly destination: string;
  readonly routing: Route;
}

/** Each channel name and destination met so far, in any block, and where it was first. */
interface ChannelsMet {
  readonly names: Map<string, { destination: string; where: string }>;
  readonly destinations: Map<string, { name: string; where: string }>;
}

const letsNothingThrough = (route: Route): boolean =>
  route.minLevel === 'NONE' && route.also.length === 0;

export function checkRecipients(
  config: { accounts: readonly { recipients?: Recipients | undefined }[] } & Recipients,
  ctx: IssueSink,
): void {
  const met: ChannelsMet = { names: new Map(), destinations: new Map() };
  for (const block of recipientBlocks(config)) {
    const targets = channelTargetsOf(block.recipients);
    subscribersListedOnce(block, ctx);
    ownRoutesLetSomethingThrough(block, ctx);
    checkChannels(block.path, targets, met, ctx);
    whatsappHasItsNumber(block, ctx);
    listRoutesLetSomethingThrough(block, ctx);
    if (block.path.length > 0) accountBlockReachesSomeone(block, targets, ctx);
  }
}

function recipientBlocks(
  config: { accounts: readonly { recipients?: Recipients | undefined }[] } & Recipients,
): RecipientBlock[] {
  return [
    { path: [], recipients: config },
    ...config.accounts.flatMap((account, index) =>
      account.recipients === undefined
        ? []
        : [{ path: ['accounts', index, 'recipients'], recipients: account.recipients }],
    ),
  ];
}

/**
 * Plain or with a routing of its own, one address is one subscriber: listed twice, CDK would
 * stop synth (or it would get each alert twice).
 */
function subscribersListedOnce({ path, recipients }: RecipientBlock, ctx: IssueSink): void {
  listedTwice(
    emailRecipientsOf(recipients).map((e) => e.endpoint.toLowerCase()),
    [...path, 'alertEmails'],
    ctx,
  );
  listedTwice(
    smsRecipientsOf(recipients).map((n) => n.endpoint),
    [...path, 'smsNumbers'],
    ctx,
  );
}

function ownRoutesLetSomethingThrough({ path, recipients }: RecipientBlock, ctx: IssueSink): void {
  for (const [field, list] of [
    ['alertEmails', emailRecipientsOf(recipients)],
    ['smsNumbers', smsRecipientsOf(recipients)],
  ] as const)
    list.forEach((recipient, index) => {
      if (recipient.own && letsNothingThrough(recipient.routing))
        ctx.addIssue({
          code: 'custom',
          path: [...path, field, index, 'routing'],
          message: `lets nothing through (minLevel NONE and no also); remove ${recipient.endpoint} instead`,
        });
    });
}

function channelTargetsOf(recipients: Recipients): ChannelTarget[] {
  return [
    ...recipients.chat.map((t, index) => ({
      field: 'chat' as const,
      index,
      name: t.name,
      destination:
        t.slack !== undefined
          ? `Slack ${t.slack.workspaceId}/${t.slack.channelId}`
          : `Teams ${t.teams?.teamId ?? ''}/${t.teams?.channelId ?? ''}`,
      routing: t.routing,
    })),
    ...recipients.telegram.map((t, index) => ({
      field: 'telegram' as const,
      index,
      name: t.name,
      destination: `Telegram chat ${t.chatId}`,
      routing: t.routing,
    })),
    ...recipients.webhooks.map((t, index) => ({
      field: 'webhooks' as const,
      index,
      name: t.name,
      destination: `webhook ${t.url}`,
      routing: t.routing,
    })),
    ...recipients.whatsapp.map((t, index) => ({
      field: 'whatsapp' as const,
      index,
      name: t.name,
      destination: `WhatsApp ${t.number}`,
      routing: t.routing,
    })),
  ];
}

/** WhatsApp recipients need the number their alerts are sent from. */
function whatsappHasItsNumber({ path, recipients }: RecipientBlock, ctx: IssueSink): void {
  if (recipients.whatsapp.length > 0 && recipients.whatsappPhoneNumberId === undefined)
    ctx.addIssue({
      code: 'custom',
      path: [...path, 'whatsappPhoneNumberId'],
      message:
        'is required with whatsapp recipients: the id of the sending number, shown in the AWS End User Messaging Social console under Phone numbers (phone-number-id-...)',
    });
}

/**
 * Each channel of a block: listed once in it; its name names one destination and its
 * destination has one name, across all blocks; its route lets something through. One channel
 * at a time, so that its problems are told together.
 */
function checkChannels(
  path: Path,
  targets: readonly ChannelTarget[],
  met: ChannelsMet,
  ctx: IssueSink,
): void {
  const inBlock = new Set<string>();
  for (const target of targets) {
    const where = [CONTEXT_KEY, ...path, target.field, target.index].join('.');
    const key = `${target.field}:${target.name}`;
    if (inBlock.has(key) || inBlock.has(target.destination))
      ctx.addIssue({
        code: 'custom',
        path: [...path, target.field, target.index],
        message: `${target.destination} ("${target.name}") is listed twice here: it would get every alert twice`,
      });
    inBlock.add(key);
    inBlock.add(target.destination);
    const named = met.names.get(key);
    if (named !== undefined && named.destination !== target.destination)
      ctx.addIssue({
        code: 'custom',
        path: [...path, target.field, target.index, 'name'],
        message: `"${target.name}" already names ${named.destination} (${named.where}); give ${target.destination} another name`,
      });
    const known = met.destinations.get(target.destination);
    if (known !== undefined && known.name !== target.name)
      ctx.addIssue({
        code: 'custom',
        path: [...path, target.field, target.index, 'name'],
        message: `${target.destination} is already named "${known.name}" (${known.where}); use the same name, so that its deliveries and secret are one`,
      });
    met.names.set(key, { destination: target.destination, where });
    met.destinations.set(target.destination, { name: target.name, where });
    if (letsNothingThrough(target.routing))
      ctx.addIssue({
        code: 'custom',
        path: [...path, target.field, target.index, 'routing'],
        message: 'lets nothing through (minLevel NONE and no also); remove the channel instead',
      });
  }
}

function listRoutesLetSomethingThrough({ path, recipients }: RecipientBlock, ctx: IssueSink): void {
  for (const [field, list] of [
    ['emailRouting', recipients.alertEmails],
    ['smsRouting', recipients.smsNumbers],
  ] as const) {
    // A list whose every entry has a route of its own does not use the list's.
    const used = list.length === 0 || list.some((entry) => typeof entry === 'string');
    if (used && letsNothingThrough(recipients[field]))
      ctx.addIssue({
        code: 'custom',
        path: [...path, field],
        message: 'lets nothing through (minLevel NONE and no also)',
      });
  }
}

function accountBlockReachesSomeone(
  { path, recipients }: RecipientBlock,
  targets: readonly ChannelTarget[],
  ctx: IssueSink,
): void {
  if (recipients.alertEmails.length + recipients.smsNumbers.length + targets.length === 0)
    ctx.addIssue({
      code: 'custom',
      path,
      message:
        "lists nobody: this account's alerts would reach no one; list its people, or remove the block to use the stack's",
    });
}

/** The alarms say the monitor itself is broken: someone must get them. */
export function alarmsReachSomeone(config: DeployConfig, ctx: IssueSink): void {
  if ((config.operatorEmails ?? config.alertEmails).length === 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['operatorEmails'],
      message:
        'the alarms (the monitor itself is broken: no check runs, the function fails, alerts are not delivered) would reach nobody; list at least one address in operatorEmails or alertEmails (SMS numbers only get the alerts their filter lets through)',
    });
  }
}

/** Listed twice, CDK would stop synth on a second subscription of one address. */
export function operatorEmailsListedOnce(config: DeployConfig, ctx: IssueSink): void {
  listedTwice(
    (config.operatorEmails ?? []).map((e) => addressOf(e).toLowerCase()),
    ['operatorEmails'],
    ctx,
  );
}

/** Each value listed again after its first time, as an issue at its index. */
function listedTwice(values: readonly string[], path: Path, ctx: IssueSink): void {
  values.forEach((value, index) => {
    if (values.indexOf(value) !== index)
      ctx.addIssue({ code: 'custom', path: [...path, index], message: `${value} is listed twice` });
  });
}
