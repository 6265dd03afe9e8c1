import { ArnFormat, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { CfnSubscription, type Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SmsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { SMS_AUDIENCE, type ChannelSpec } from '../lambda/contract/channels';
import { routeKeysTaken } from '../lambda/contract/routing';
import type { ChatIntegration } from './chat-integration';
import { emailRecipientsOf, smsRecipientsOf, type Recipients, type RoutedEndpoint } from './config';
import { operatorsHear, withOperators } from './operator-reach';
import { EVERYTHING, filterPolicyOf, unionOf, type Route } from './routing';
import { secureTopic, grantPublishThroughSns } from './secure-topic';

const routeAcceptsEverything = (route: Route) =>
  route.minLevel === 'LOW' && EVERYTHING.also.every((s) => route.also.includes(s));

/** Whether two routes let the same alerts through. */
const sameRoute = (a: Route, b: Route) =>
  routeKeysTaken(a).sort().join() === routeKeysTaken(b).sort().join();

/**
 * Secrets the channels share across recipient groups: the Telegram bot's token (one bot per
 * stack) and each webhook's signing secret (by webhook name), created on first use.
 */
export class ChannelSecrets extends Construct {
  private telegram: Secret | undefined;
  private readonly webhooks = new Map<string, Secret>();

  /** The secrets created, for the stack's outputs. */
  created(): { telegram: Secret | undefined; webhooks: ReadonlyMap<string, Secret> } {
    return { telegram: this.telegram, webhooks: this.webhooks };
  }

  telegramToken(): Secret {
    if (this.telegram === undefined) {
      // Empty until the operator puts the token BotFather gave: the channel says so until then.
      // (CloudFormation refuses an empty string; the channel reads {"token": ""} as empty.)
      this.telegram = new Secret(this, 'TelegramBotToken', {
        description:
          'Telegram bot token of the DEXCHANGE balance monitor (from BotFather): the token alone, or {"token": "..."}',
        secretStringValue: SecretValue.unsafePlainText(JSON.stringify({ token: '' })),
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(this.telegram).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: 'Telegram issues the bot token; AWS cannot rotate it, the operator replaces it.',
      });
    }
    return this.telegram;
  }

  webhookSecret(name: string): Secret {
    let secret = this.webhooks.get(name);
    if (secret === undefined) {
      // Generated: the receiver reads it from here (the stack's output prints its whsec_
      // spelling) to verify webhook-signature. 48 letters and digits, as before the standard:
      // changing how it is generated would replace the value of every deployed secret.
      secret = new Secret(this, `Webhook-${name}-SigningSecret`, {
        description: `HMAC-SHA256 signing secret of webhook ${name} of the DEXCHANGE balance monitor`,
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
        removalPolicy: RemovalPolicy.RETAIN,
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'The receiver holds a copy of the signing secret; rotating it is a change both sides make together.',
      });
      this.webhooks.set(name, secret);
    }
    return secret;
  }
}

/**
 * The ARN of the sending number, the one resource SendWhatsAppMessage is granted on. The
 * service's ARN names the number by its id after "phone-number-id/"; AWS's pages show it both
 * with the id's hex part alone and with the whole id, so both spellings are granted: each
 * names this one number, and no other.
 */
export function whatsappPhoneNumberArns(scope: Construct, phoneNumberId: string): string[] {
  const arn = (resourceName: string) =>
    Stack.of(scope).formatArn({
      service: 'social-messaging',
      resource: 'phone-number-id',
      resourceName,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
  return [arn(phoneNumberId.replace(/^phone-number-id-/, '')), arn(phoneNumberId)];
}

export interface RecipientGroupProps {
  readonly recipients: Recipients;
  /** Whose alerts these are, for descriptions: "Boutique Dakar", "every account without its own". */
  readonly label: string;
  readonly key: IKey | undefined;
  readonly secrets: ChannelSecrets;
  readonly chat: ChatIntegration;
  /** The construct id of the alert topic (kept "Alerts" for the stack's own group). */
  readonly topicId: string;
  /** The account's slug, for an account's own group. */
  readonly slug?: string;
  /**
   * The operators (operatorEmails), each with the route of the alerts it hears on this group's
   * topic besides the alarms (infra/operator-reach.ts).
   */
  readonly operators?: readonly RoutedEndpoint[];
}

/**
 * One group of people and the accounts they hear: an alert topic of its own (so that account A's
 * alerts cannot reach account B's people: they are not published where B's people listen), its
 * e-mail and SMS subscriptions with their routes as SNS filter policies, a chat topic per chat
 * channel, and the specs of the channels the functions deliver themselves.
 */
export class RecipientGroup extends Construct {
  readonly topic: Topic;
  readonly label: string;
  /** For an account's own group, the account's slug; undefined for the stack's group. */
  readonly slug: string | undefined;
  readonly smsCount: number;
  /** The chat topics, with the chat channel's name. */
  readonly chatTopics: { readonly name: string; readonly topic: Topic }[] = [];
  private readonly secretsToRead: Secret[] = [];
  readonly channels: ChannelSpec[] = [];
  readonly telegramTokenSecret: Secret | undefined;
  /** What the operators hear on this group's topic, if anything. */
  readonly operatorRoute: Route | undefined;
  /** The WhatsApp number this group's alerts are sent from, when it has WhatsApp recipients. */
  readonly whatsappPhoneNumberId: string | undefined;

  constructor(scope: Construct, id: string, props: RecipientGroupProps) {
    super(scope, id);
    const { recipients } = props;
    this.label = props.label;
    this.slug = props.slug;
    this.smsCount = recipients.smsNumbers.length;
    this.operatorRoute = operatorsHear(props.operators ?? []);
    this.topic = secureTopic(scope, props.topicId, {
      displayName: 'DEXCHANGE balance',
      key: props.key,
      purpose: 'Alerts',
    });
    // SMS with quiet hours: the function routes and holds SMS itself and publishes them apart
    // (audience "sms"), which the SMS subscriptions take and the e-mail ones refuse.
    const smsApart = recipients.smsQuietHours !== undefined && recipients.smsNumbers.length > 0;
    // Each address and number takes its own routing if it has one, else its list's; the
    // operators subscribe here too, for what their route takes (FAILING and STALE by default).
    for (const { endpoint, routing } of withOperators(
      emailRecipientsOf(recipients),
      props.operators ?? [],
    ))
      this.subscribe(
        new EmailSubscription(endpoint),
        endpoint,
        routing,
        smsApart ? 'not-sms' : undefined,
      );
    const numbers = smsRecipientsOf(recipients);
    // Apart, the function sends SMS by what any number takes (the list's route, unless some
    // number has its own); a number that takes less keeps its own route as a filter as well.
    const smsRoute = numbers.some((n) => n.own)
      ? unionOf(numbers.map((n) => n.routing))
      : recipients.smsRouting;
    for (const { endpoint, routing } of numbers)
      this.subscribe(
        new SmsSubscription(endpoint),
        endpoint,
        routing,
        smsApart ? 'sms' : undefined,
        smsApart && !sameRoute(routing, smsRoute),
      );
    if (smsApart)
      this.channels.push({
        kind: 'sms',
        name: 'sms',
        topicArn: this.topic.topicArn,
        route: smsRoute,
        ...(recipients.smsQuietHours === undefined ? {} : { quiet: recipients.smsQuietHours }),
      });

    for (const target of recipients.chat) {
      const topic = secureTopic(this, `Chat-${target.name}`, {
        displayName: `DEXCHANGE balance: ${target.name}`,
        key: props.key,
        purpose: 'Chat notifications',
      });
      this.chatTopics.push({ name: target.name, topic });
      props.chat.add(target, topic);
      this.channels.push({
        kind: 'chat',
        name: target.name,
        topicArn: topic.topicArn,
        route: target.routing,
        ...(target.quietHours === undefined ? {} : { quiet: target.quietHours }),
      });
    }
    if (recipients.telegram.length > 0) {
      this.telegramTokenSecret = props.secrets.telegramToken();
      this.secretsToRead.push(this.telegramTokenSecret);
    }
    for (const target of recipients.telegram)
      this.channels.push({
        kind: 'telegram',
        name: target.name,
        chatId: target.chatId,
        route: target.routing,
        ...(target.quietHours === undefined ? {} : { quiet: target.quietHours }),
      });
    this.whatsappPhoneNumberId =
      recipients.whatsapp.length > 0 ? recipients.whatsappPhoneNumberId : undefined;
    for (const target of recipients.whatsapp)
      if (this.whatsappPhoneNumberId !== undefined)
        this.channels.push({
          kind: 'whatsapp',
          name: target.name,
          phoneNumberId: this.whatsappPhoneNumberId,
          to: target.number,
          route: target.routing,
          ...(recipients.whatsappLanguage === undefined
            ? {}
            : { language: recipients.whatsappLanguage }),
          ...(recipients.whatsappMetaApiVersion === undefined
            ? {}
            : { metaApiVersion: recipients.whatsappMetaApiVersion }),
          ...(target.quietHours === undefined ? {} : { quiet: target.quietHours }),
        });
    for (const target of recipients.webhooks) {
      const secret = props.secrets.webhookSecret(target.name);
      this.secretsToRead.push(secret);
      this.channels.push({
        kind: 'webhook',
        name: target.name,
        url: target.url,
        secretId: secret.secretArn,
        route: target.routing,
        ...(target.quietHours === undefined ? {} : { quiet: target.quietHours }),
      });
    }
  }

  /**
   * What a function of this group may do besides publishing to the alert topic (which the
   * BalanceMonitor grants): publish to its chat topics, read its channels' secrets.
   */
  grant(grantee: IGrantable): void {
    for (const { topic } of this.chatTopics) grantPublishThroughSns(topic, grantee);
    for (const secret of this.secretsToRead) secret.grantRead(grantee);
    if (this.whatsappPhoneNumberId !== undefined)
      grantee.grantPrincipal.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['social-messaging:SendWhatsAppMessage'],
          resources: whatsappPhoneNumberArns(this, this.whatsappPhoneNumberId),
        }),
      );
  }

  /**
   * An e-mail or SMS subscription with its route as the filter policy (one key, `route`, set on
   * the CloudFormation resource: the L2 takes no `exists` condition). SMS the function sends
   * apart (audience "sms") it has routed already, by the route of the SMS channel: `narrower`
   * filters them by this number's route too, when it takes less than that.
   */
  private subscribe(
    subscription: EmailSubscription | SmsSubscription,
    endpoint: string,
    route: Route,
    audience?: 'sms' | 'not-sms',
    narrower = false,
  ): void {
    this.topic.addSubscription(subscription);
    const cfn = this.topic.node
      .findAll()
      .find((c): c is CfnSubscription => c instanceof CfnSubscription && c.endpoint === endpoint);
    if (cfn === undefined) throw new Error(`no subscription resource for ${endpoint}`);
    let policy: Record<string, unknown> | undefined;
    if (audience === 'sms') {
      // The function routed these already (by the SMS channel's route).
      policy = { audience: [SMS_AUDIENCE], ...(narrower ? filterPolicyOf(route) : {}) };
    } else {
      // A route that takes everything needs no filter (and stays open to new kinds of alert).
      const routed = routeAcceptsEverything(route) ? undefined : filterPolicyOf(route);
      const notSms = { audience: [{ exists: false }] };
      if (audience === 'not-sms') policy = routed === undefined ? notSms : { ...routed, ...notSms };
      else policy = routed;
    }
    if (policy === undefined) return;
    cfn.filterPolicy = policy;
    cfn.filterPolicyScope = 'MessageAttributes';
  }
}
