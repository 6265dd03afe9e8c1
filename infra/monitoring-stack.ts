import { LINK_KEY_ITEM_KEY } from '../lambda/contract/link-key';
import {
  CfnOutput,
  CfnResource,
  NestedStack,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, Billing, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { BalanceMonitor } from './balance-monitor';
import { alarmedDeadLetters, deadLetterQueue as deadLetterQueueOf } from './dead-letter-queue';
import {
  ACCOUNTS_PER_STACK,
  accountSlug,
  deadManWindowOf,
  digestAtOf,
  operatorEmailsOf,
  operatorRecipientsOf,
  scheduleOf,
  type AccountConfig,
  type DeployConfig,
  DeployConfigError,
} from './config';
import { AcknowledgePage } from './acknowledge-page';
import { TelegramButtons } from './telegram-buttons';
import { WhatsAppButtons } from './whatsapp-buttons';
import { callbacksRefusedAlarm, callbacksUnavailableAlarm } from './callback-alarm';
import { CallbackReceiver, callbackUrlsCommand } from './callback-receiver';
import { ChatIntegration } from './chat-integration';
import { ChannelSecrets, RecipientGroup } from './recipients';
import { DeliveryAlarms } from './delivery-alarms';
import { alarmNamePrefix, MonitorAlarms } from './monitor-alarms';
import { MonitorInsights } from './monitor-insights';
import { SubscriptionHealth } from './subscription-health';
import { SUBSCRIPTION_HEALTH_WATCH } from '../lambda/contract/watchdog';
import { operatorEmailsOnAlertTopics } from './operator-reach';
import { Watchdog } from './watchdog';
import { parkedAlertsQueue } from './parked-alerts';
import { allowAlarms, secureTopic, thisStacksAlarms } from './secure-topic';

export interface MonitoringStackProps extends StackProps {
  readonly config: DeployConfig;
}

/** CloudFormation's limit of resources in one stack. */
const MAX_RESOURCES_PER_STACK = 500;

/** "boutique-dakar" -> "BoutiqueDakar": output ids are alphanumeric. */
const pascal = (slug: string) =>
  slug.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase());

/**
 * The whole monitor: two topics (the balance alerts, for the people who top up; the alarms,
 * for the operators who keep the monitor running), one state table, one watchdog with the
 * stack's three alarms, saved queries (and a dashboard if asked for), and for each DEXCHANGE
 * account a BalanceMonitor: what costs by the month is shared, never per account.
 */
export class MonitoringStack extends Stack {
  /** The recipient groups: the stack's people (if an account uses them) and accounts' own. */
  readonly groups: readonly RecipientGroup[];
  private sharedGroup: RecipientGroup | undefined;
  private readonly channelSecrets: ChannelSecrets;
  /** Alarms: published by this stack's CloudWatch alarms only. */
  readonly operatorTopic: Topic;
  readonly key: Key | undefined;
  readonly stateTable: TableV2;
  readonly monitors: readonly BalanceMonitor[];
  /** The schedules' dead-letter queue: no alarm reads it (a lost run is the dead-man's). */
  readonly deadLetterQueue: Queue;
  /** The alerts given up on (infra/parked-alerts.ts). */
  readonly parkedQueue: Queue;
  /** The nested stacks of the accounts past the first 25 (none up to 25). */
  readonly nestedStacks: readonly NestedStack[];
  readonly watchdog: Watchdog;
  readonly alarms: MonitorAlarms;
  readonly subscriptionHealth: SubscriptionHealth;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const { config } = props;
    const prefix = alarmNamePrefix(this);

    this.key = config.topicEncryption === 'kms' ? this.createKey() : undefined;
    this.operatorTopic = secureTopic(this, 'OperatorAlarms', {
      displayName: 'DEXCHANGE monitor',
      key: this.key,
      purpose: 'Alarms about the monitor',
    });
    allowAlarms(this.operatorTopic, prefix);
    if (this.key !== undefined) this.allowAlarmsToUseKey(this.key, prefix);
    for (const email of operatorEmailsOf(config))
      this.operatorTopic.addSubscription(new EmailSubscription(email));

    // Recipient groups: the stack's people, for every account without its own, and each
    // account's own people. Each group has its own topic, so no group hears another's accounts.
    // The first 25 accounts live in this stack; each further 25 in a nested stack of their own
    // (CloudFormation allows 500 resources and 200 outputs a stack; an account takes 10 and 4).
    // Adding accounts at the end never moves the ones already deployed: a moved account would
    // get a new, empty secret.
    const nested: NestedStack[] = [];
    const scopeFor = (index: number): Stack => {
      if (index < ACCOUNTS_PER_STACK) return this;
      const n = Math.floor(index / ACCOUNTS_PER_STACK);
      nested[n] ??= new NestedStack(this, `Accounts${n + 1}`, {
        description: `DEXCHANGE accounts ${n * ACCOUNTS_PER_STACK + 1} to ${(n + 1) * ACCOUNTS_PER_STACK} of the balance monitor`,
      });
      return nested[n];
    };
    const secrets = new ChannelSecrets(this, 'ChannelSecrets');
    this.channelSecrets = secrets;
    const chat = new ChatIntegration(this, 'ChatIntegration');
    // The operators hear FAILING and STALE (operatorRouting) on every alert topic.
    const operators = operatorRecipientsOf(config);
    const groupOf = (account: AccountConfig, index: number): RecipientGroup => {
      if (account.recipients !== undefined) {
        const id = pascal(accountSlug(account.name));
        // In the account's own stack: past 25 accounts, the main stack could not hold them all.
        return new RecipientGroup(scopeFor(index), `${id}Recipients`, {
          recipients: account.recipients,
          label: account.name,
          key: this.key,
          secrets,
          chat,
          topicId: `${id}Alerts`,
          slug: accountSlug(account.name),
          operators,
        });
      }
      this.sharedGroup ??= new RecipientGroup(this, 'StackRecipients', {
        recipients: config,
        label: 'every account without its own recipients',
        key: this.key,
        secrets,
        chat,
        topicId: 'Alerts',
        operators,
      });
      return this.sharedGroup;
    };
    const groups = config.accounts.map(groupOf);
    chat.build();
    this.groups = [...new Set(groups)];

    // Alert state: one small item per account. Retained: losing it would re-send open alerts.
    this.stateTable = new TableV2(this, 'AlertState', {
      partitionKey: { name: 'account', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // "I'm on it": one page for every account, its links in every LOW, CRITICAL, FAILING and
    // reminder.
    const acknowledgePage = config.acknowledgeLinks
      ? new AcknowledgePage(this, 'Acknowledge', {
          stateTable: this.stateTable,
          accountNames: config.accounts.map((a) => a.name),
          timeZone: config.schedule.timezone,
          topUp: {
            ...(config.topUp === undefined ? {} : { stack: config.topUp }),
            accounts: Object.fromEntries(
              config.accounts.flatMap((a) => (a.topUp === undefined ? [] : [[a.name, a.topUp]])),
            ),
          },
          logRetention: config.logRetentionDays,
        })
      : undefined;
    if (acknowledgePage !== undefined)
      new CfnOutput(this, 'AcknowledgePageUrl', {
        description: 'The "I\'m on it" page the alerts link to (its links are signed)',
        value: acknowledgePage.url.url,
      });
    if (acknowledgePage !== undefined)
      new CfnOutput(this, 'RotateLinkKeyCommand', {
        description:
          'Rotates the key of the "I\'m on it" links (docs/security.md): deletes it, the next check with something to deliver makes a new one; fails (ConditionalCheckFailed) if there was none',
        value: `aws dynamodb delete-item --region ${this.region} --table-name ${this.stateTable.tableName} --key '{"account":{"S":"${LINK_KEY_ITEM_KEY}"}}' --condition-expression "attribute_exists(account)"`,
      });

    // "I'm on it" from Telegram: a webhook for the presses, for the accounts with Telegram chats.
    const telegramAccounts = config.accounts.filter(
      (_, index) => groups[index]?.telegramTokenSecret !== undefined,
    );
    const botToken = this.channelSecrets.created().telegram;
    // (Without the links or a Telegram chat, the config is refused: config/telegram-buttons-check.ts.)
    const telegramButtons =
      config.telegramButtons && acknowledgePage !== undefined && botToken !== undefined
        ? new TelegramButtons(this, 'TelegramButtons', {
            stateTable: this.stateTable,
            accountNames: telegramAccounts.map((a) => a.name),
            botTokenSecret: botToken,
            locale: config.locale,
            logRetention: config.logRetentionDays,
          })
        : undefined;

    // The schedules' dead-letter queue (every check, the watchdog, the subscription-health
    // job): a run Scheduler could not start, with its reason. No alarm reads it: such a lost run
    // is the dead-man switch's (an account or the job goes overdue, or the watchdog is silent).
    const deadLetterQueue = deadLetterQueueOf(this, 'ScheduleDeadLetters', "the schedules'");
    this.deadLetterQueue = deadLetterQueue;
    // "I'm on it" from WhatsApp: the event topic and its function, for the accounts with WhatsApp
    // recipients, whenever the links are on (the templates declare the button anyway).
    const whatsappRecipients = Object.fromEntries(
      config.accounts.flatMap((account, index) => {
        const numbers = (groups[index]?.channels ?? []).flatMap((c) =>
          c.kind === 'whatsapp' ? [{ name: c.name, number: c.to }] : [],
        );
        return numbers.length === 0 ? [] : [[account.name, numbers]];
      }),
    );
    // What the dead-man switch cannot see has its own queue, and its alarm reads that one only:
    // a digest Scheduler could not start, a WhatsApp event the events function gave up on.
    const alarmedQueue = alarmedDeadLetters(this, {
      digestTimes: config.accounts.map((account) => digestAtOf(config, account)),
      whatsapp: Object.keys(whatsappRecipients).length > 0,
    });

    // Alerts given up on, sent by the functions that park them: its count is their alarm.
    const parkedQueue = parkedAlertsQueue(this);
    this.parkedQueue = parkedQueue;
    // The events function exists whenever an account has WhatsApp recipients (Meta reports most
    // failed deliveries there), as does the alarmed queue's share for its lost events (`whatsapp`);
    // it reads the button presses only with the links on.
    if (alarmedQueue.whatsapp !== undefined)
      new WhatsAppButtons(this, 'WhatsAppButtons', {
        stateTable: this.stateTable,
        recipients: whatsappRecipients,
        acknowledge: acknowledgePage !== undefined,
        operatorTopic: this.operatorTopic,
        parkedQueue,
        locale: config.locale,
        timeZone: config.schedule.timezone,
        key: this.key,
        logRetention: config.logRetentionDays,
        deadLetterQueue: alarmedQueue.whatsapp,
      });

    const alarmAction = new SnsAction(this.operatorTopic);
    this.monitors = config.accounts.map((account, index) => {
      const group = groups[index] as RecipientGroup;
      const slug = accountSlug(account.name);
      const id = pascal(slug);
      const scope = scopeFor(index);
      const digest = alarmedQueue.digests[index];
      const monitor = new BalanceMonitor(scope, id, {
        accountName: account.name,
        lowBalanceThreshold: account.lowBalanceThreshold,
        ...(account.criticalBalanceThreshold === undefined
          ? {}
          : { criticalBalanceThreshold: account.criticalBalanceThreshold }),
        expectedCurrency: account.expectedCurrency,
        ...(account.existingSecretName === undefined
          ? {}
          : { existingSecretName: account.existingSecretName }),
        ...(account.existingSecretKmsKeyArn === undefined
          ? {}
          : { existingSecretKmsKeyArn: account.existingSecretKmsKeyArn }),
        topic: group.topic,
        operatorTopic: this.operatorTopic,
        ...(group.operatorRoute === undefined ? {} : { operatorRoute: group.operatorRoute }),
        channels: group.channels,
        ...(account.escalation === undefined ? {} : { escalation: account.escalation }),
        ...(group.telegramTokenSecret === undefined
          ? {}
          : { telegramBotTokenSecretId: group.telegramTokenSecret.secretArn }),
        stateTable: this.stateTable,
        deadLetterQueue,
        parkedQueue,
        ...(acknowledgePage === undefined
          ? {}
          : {
              acknowledge: {
                url: acknowledgePage.url.url,
                ...(telegramButtons !== undefined && group.telegramTokenSecret !== undefined
                  ? { telegramButtons: true }
                  : {}),
                ...(account.name in whatsappRecipients ? { whatsappButtons: true } : {}),
              },
            }),
        ...(digest === undefined ? {} : { digest }),
        scheduleExpression: scheduleOf(config, account),
        timeZone: config.schedule.timezone,
        locale: account.locale ?? config.locale,
        repeatAlertMinutes: config.repeatAlertMinutes,
        forecastHorizonMinutes: config.forecastHorizonMinutes,
        ...(config.apiUrl === undefined ? {} : { apiUrl: config.apiUrl }),
        logRetention: config.logRetentionDays,
        reservedConcurrency: config.reservedConcurrency,
        ...(config.smsSenderId === undefined ? {} : { smsSenderId: config.smsSenderId }),
        ...((account.topUp ?? config.topUp) === undefined
          ? {}
          : { topUp: account.topUp ?? config.topUp }),
        ...(account.recoveryMarginAmount === undefined
          ? {}
          : { recoveryMarginAmount: account.recoveryMarginAmount }),
        ...(account.runwayAlertHours === undefined
          ? {}
          : { runwayAlertHours: account.runwayAlertHours }),
        ...((account.outflowSingleDebitAmount ?? config.outflowSingleDebitAmount) === undefined
          ? {}
          : {
              outflowSingleDebitAmount:
                account.outflowSingleDebitAmount ?? config.outflowSingleDebitAmount,
            }),
        recoveryMarginPercent: config.recoveryMarginPercent,
        minBelowMinutes: config.minBelowMinutes,
        staleAfterMinutes: config.staleAfterMinutes,
        topUpCoverHours: config.topUpCoverHours,
        coolOffMinutes: config.coolOffMinutes,
        outflowPaceFactor: config.outflowPaceFactor,
        outflowRunwayHours: config.outflowRunwayHours,
        outflowSharePercent: config.outflowSharePercent,
        outflowWindowMinutes: config.outflowWindowMinutes,
        capPerHour: config.capPerHour,
      });
      group.grant(monitor.function);
      new CfnOutput(scope, `${id}ApiKeySecretName`, {
        description: `Secret holding the DEXCHANGE API key of ${account.name}`,
        value: monitor.secret.secretName,
      });
      new CfnOutput(scope, `${id}PutApiKeyCommand`, {
        description: `Run it, paste the API key of ${account.name}, press Enter (the key stays out of shell history)`,
        value: `read -rs DEXCHANGE_KEY && aws secretsmanager put-secret-value --region ${this.region} --secret-id ${monitor.secret.secretName} --secret-string "$DEXCHANGE_KEY" && unset DEXCHANGE_KEY`,
      });
      new CfnOutput(scope, `${id}SendTestAlertCommand`, {
        description: `Publishes a TEST alert for ${account.name} through the real path`,
        value: `aws lambda invoke --region ${this.region} --function-name ${monitor.function.functionName} --cli-binary-format raw-in-base64-out --payload '{"action":"test-alert"}' /dev/stdout`,
      });
      const invoke = (payload: string) =>
        `aws lambda invoke --region ${this.region} --function-name ${monitor.function.functionName} --cli-binary-format raw-in-base64-out --payload '${payload}' /dev/stdout`;
      new CfnOutput(scope, `${id}SilenceCommand`, {
        description: `Holds the alerts of ${account.name} for ${config.silenceMinutes} minutes (a maintenance); what is still true goes out at the end. {"action":"silences"} lists them, {"action":"unsilence","id":"..."} ends one`,
        value: invoke(
          JSON.stringify({
            action: 'silence',
            minutes: config.silenceMinutes,
            reason: 'maintenance',
          }),
        ),
      });
      return monitor;
    });

    // DEXCHANGE's callbacks, each a hint that starts the account's check (docs/callbacks.md).
    if (config.callbacks !== undefined) {
      const receiver = new CallbackReceiver(this, 'Callbacks', {
        stateTable: this.stateTable,
        accounts: config.accounts.map((account, index) => ({
          name: account.name,
          check: (this.monitors[index] as BalanceMonitor).function,
          ...(account.callbackSigningSecret === undefined
            ? {}
            : { signingSecretName: account.callbackSigningSecret }),
          ...(account.callbackSigningKmsKeyArn === undefined
            ? {}
            : { signingSecretKmsKeyArn: account.callbackSigningKmsKeyArn }),
        })),
        windowSeconds: config.callbacks.windowSeconds,
        ...(config.callbacks.signatureHeader === undefined
          ? {}
          : { signatureHeader: config.callbacks.signatureHeader }),
        logRetention: config.logRetentionDays,
      });
      callbacksUnavailableAlarm(this, receiver, { locale: config.locale, action: alarmAction });
      callbacksRefusedAlarm(this, receiver, { locale: config.locale, action: alarmAction });
      // The URL without any token: outputs are readable by whoever may describe the stack.
      // Each account's token is derived from the key, by a command that reads it.
      new CfnOutput(this, 'CallbackUrlsCommand', {
        description:
          "Prints each account's callback URL (it ends in the account's token: treat it as a password)",
        value: callbackUrlsCommand(
          this.region,
          receiver.key.secretArn,
          receiver.url.url,
          config.accounts.map((a) => a.name),
        ),
      });
    }

    this.watchdog = new Watchdog(this, 'Watchdog', {
      stateTable: this.stateTable,
      accounts: config.accounts.map((account) => ({
        account: account.name,
        windowMinutes: deadManWindowOf(config, account),
      })),
      // The subscription-health job (below): its missed runs are the dead-man switch's too.
      jobs: [SUBSCRIPTION_HEALTH_WATCH],
      deadLetterQueue,
      logRetention: config.logRetentionDays,
      reservedConcurrency: config.reservedConcurrency,
    });

    this.nestedStacks = nested.filter(Boolean);
    if (this.nestedStacks.length > 0)
      new CfnOutput(this, 'MoreAccountsCommands', {
        description: `The commands of accounts past the first ${ACCOUNTS_PER_STACK} are the outputs of the nested stacks`,
        value: `aws cloudformation describe-stacks --region ${this.region} --query "Stacks[?ParentId=='${this.stackId}'].Outputs[]" --output table`,
      });

    // Each account's escalation tier topics, watched and alarmed like the alert topics.
    const tierTopics = this.monitors.flatMap((m) =>
      (m.escalation?.topics ?? []).map(({ name, topic }) => ({
        topic,
        account: m.accountName,
        slug: m.slug,
        tier: name,
      })),
    );
    const tierSms = config.accounts.some((a) =>
      (a.escalation?.tiers ?? []).some((tier) => tier.smsNumbers.length > 0),
    );
    new DeliveryAlarms(this, 'DeliveryAlarms', {
      alertTopics: [
        ...this.groups.flatMap((g) => {
          const whose = g.slug === undefined ? '' : `.${g.slug}`;
          return [
            { topic: g.topic, ...(whose === '' ? {} : { suffix: whose }) },
            // A chat topic whose delivery fails (an unauthorized workspace) alarms too.
            ...g.chatTopics.map(({ name, topic }) => ({ topic, suffix: `${whose}.chat-${name}` })),
          ];
        }),
        ...tierTopics.map(({ topic, slug, tier }) => ({
          topic,
          suffix: `.${slug}.tier-${accountSlug(tier)}`,
        })),
      ],
      action: alarmAction,
      locale: config.locale,
      ...(this.groups.some((g) => g.smsCount > 0) || tierSms
        ? { smsMonthlySpendLimitUsd: config.smsMonthlySpendLimitUsd }
        : {}),
    });

    // Every topic's e-mail and SMS subscriptions are all added by now.
    this.subscriptionHealth = new SubscriptionHealth(this, 'SubscriptionHealth', {
      stateTable: this.stateTable,
      operatorTopic: this.operatorTopic,
      alertTopics: this.groups.map((g) => ({
        topic: g.topic,
        ...(g.slug === undefined ? {} : { account: g.label }),
      })),
      operatorEmails: operatorEmailsOnAlertTopics(operators),
      escalationTopics: tierTopics.map(({ topic, account, tier }) => ({ topic, account, tier })),
      locale: config.locale,
      deadLetterQueue,
      logRetention: config.logRetentionDays,
      reservedConcurrency: config.reservedConcurrency,
    });

    // The saved queries and the stack's alarms last: a query reads the subscription-health job's
    // log group, which the dead-man switch's text points to.
    const insights = new MonitorInsights(this, 'Insights', {
      checkLogGroups: this.monitors.map((m) => m.function.logGroup),
      watchdogLogGroup: this.watchdog.function.logGroup,
      jobLogGroup: this.subscriptionHealth.function.logGroup,
      dashboard: config.dashboard,
    });
    this.alarms = new MonitorAlarms(this, 'MonitorAlarms', {
      watchdog: this.watchdog,
      deadLetterQueue,
      ...(alarmedQueue.alarmed === undefined ? {} : { alarmed: alarmedQueue.alarmed }),
      parkedQueue,
      queryFolder: insights.folder,
      action: alarmAction,
      locale: config.locale,
    });
    new CfnOutput(this, 'TestAlarmCommand', {
      description:
        'Sets the dead-man switch to ALARM for one evaluation: the operators get the alarm, then its OK',
      value: `aws cloudwatch set-alarm-state --region ${this.region} --alarm-name ${this.alarms.deadManSwitch.alarmName} --state-value ALARM --state-reason "Test of the operator path"`,
    });
    if (insights.dashboard !== undefined)
      new CfnOutput(this, 'DashboardUrl', {
        description: 'The CloudWatch dashboard of every account',
        value: `https://${this.region}.console.aws.amazon.com/cloudwatch/home?region=${this.region}#dashboards:name=${insights.folder}`,
      });
    for (const group of this.groups)
      new CfnOutput(
        Stack.of(group),
        group.slug === undefined ? 'AlertTopicArn' : `${pascal(group.slug)}AlertTopicArn`,
        {
          description: `SNS topic for the balance alerts of ${group.label}`,
          value: group.topic.topicArn,
        },
      );
    const { telegram, webhooks } = this.channelSecrets.created();
    if (telegram !== undefined)
      new CfnOutput(this, 'TelegramPutTokenCommand', {
        description: 'Run it, paste the bot token BotFather gave, press Enter',
        value: `read -rs TELEGRAM_TOKEN && aws secretsmanager put-secret-value --region ${this.region} --secret-id ${telegram.secretName} --secret-string "$TELEGRAM_TOKEN" && unset TELEGRAM_TOKEN`,
      });
    for (const [name, secret] of webhooks) {
      new CfnOutput(this, `Webhook${pascal(name)}SigningSecretCommand`, {
        description: `Prints the signing secret of webhook ${name} as whsec_ and base64, for its receiver to verify webhook-signature with a standardwebhooks library`,
        // A secret from before the standard is printed in its whsec_ spelling: the same key.
        value: `S=$(aws secretsmanager get-secret-value --region ${this.region} --secret-id ${secret.secretName} --query SecretString --output text) && case "$S" in whsec_*) printf '%s\\n' "$S" ;; *) printf 'whsec_%s\\n' "$(printf %s "$S" | base64 | tr -d '\\n')" ;; esac; unset S`,
      });
      // Ends the old headers (X-Signature) once every receiver verifies the standard ones.
      new CfnOutput(this, `Webhook${pascal(name)}StandardSecretCommand`, {
        description: `Stores the signing secret of webhook ${name} in its whsec_ spelling (the same key): run it once its receivers verify webhook-signature; the old X-Signature headers then stop`,
        value: `S=$(aws secretsmanager get-secret-value --region ${this.region} --secret-id ${secret.secretName} --query SecretString --output text) && case "$S" in whsec_*) echo 'already whsec_: nothing to do' ;; *) aws secretsmanager put-secret-value --region ${this.region} --secret-id ${secret.secretName} --secret-string "whsec_$(printf %s "$S" | base64 | tr -d '\\n')" > /dev/null && echo 'stored: standard headers only from now on' ;; esac; unset S`,
      });
    }
    new CfnOutput(this, 'OperatorTopicArn', {
      description: 'SNS topic for the alarms about the monitor itself',
      value: this.operatorTopic.topicArn,
    });
    this.checkStackSizes();
  }

  /**
   * CloudFormation takes at most 500 resources a stack: say which config makes too many, at
   * synth, rather than let the deploy fail half-way.
   */
  private checkStackSizes(): void {
    const counts = new Map<Stack, number>();
    for (const node of this.node.findAll())
      if (node instanceof CfnResource)
        counts.set(Stack.of(node), (counts.get(Stack.of(node)) ?? 0) + 1);
    for (const [stack, count] of counts)
      if (count > MAX_RESOURCES_PER_STACK)
        throw new DeployConfigError([
          `stack ${stack.node.path} would hold ${count} resources, past CloudFormation's ${MAX_RESOURCES_PER_STACK}: the accounts with their own recipients (accounts[].recipients, and their chat, telegram and webhooks) take the most; give fewer of the first ${ACCOUNTS_PER_STACK} accounts their own recipients, or deploy a second stack`,
        ]);
  }

  private createKey(): Key {
    const key = new Key(this, 'AlertsKey', {
      description: 'Encrypts the DEXCHANGE balance alerts and alarms at rest',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    return key;
  }

  /**
   * CloudWatch alarms publish to the encrypted operator topic, so they must be able to use its
   * key (AWS's knowledge-center statement): here only for this stack's alarms. (A condition on
   * SNS's encryption context, the topic's ARN, would narrow it further, but the IAM simulator
   * that proves these paths cannot evaluate that key, and an unproven grant is not shipped.)
   */
  private allowAlarmsToUseKey(key: Key, prefix: string): void {
    // In a key policy, `*` is the key itself.
    key.addToResourcePolicy(
      thisStacksAlarms(prefix, ['kms:Decrypt', 'kms:GenerateDataKey*'], ['*']),
    );
  }
}
