import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription, SmsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { EscalationSettings } from '../lambda/contract/escalation';
import type { EscalationConfig } from './config/escalation-schema';
import { grantPublishThroughSns, secureTopic } from './secure-topic';

/**
 * An account's escalation tiers (accounts[].escalation): one SNS topic per tier, with the tier's
 * e-mail and SMS subscriptions and no filter policy, which the account's function alone may
 * publish to. A topic per tier rather than a `tier` attribute on the alert topic: the usual
 * recipients' filter policies stay as they are (each would otherwise have to refuse tier
 * messages, and one that forgot would hear every escalation), each tier's reach is one grant
 * the IAM simulation can check, and a topic costs nothing a month.
 */
export class EscalationTiers extends Construct {
  /** What the function's `ESCALATION` variable carries (the ARNs are tokens). */
  readonly settings: EscalationSettings;
  readonly topics: { readonly name: string; readonly topic: Topic }[];

  constructor(
    scope: Construct,
    id: string,
    props: {
      readonly accountName: string;
      readonly config: EscalationConfig;
      readonly key: IKey | undefined;
    },
  ) {
    super(scope, id);
    this.topics = props.config.tiers.map((tier) => {
      const topic = secureTopic(this, `Tier-${tier.name}`, {
        displayName: `DEXCHANGE balance: ${tier.name}`,
        key: props.key,
        purpose: 'Escalations',
      });
      for (const address of tier.emails) topic.addSubscription(new EmailSubscription(address));
      for (const number of tier.smsNumbers) topic.addSubscription(new SmsSubscription(number));
      return { name: tier.name, topic };
    });
    this.settings = {
      levels: props.config.levels,
      tiers: props.config.tiers.map((tier, index) => ({
        name: tier.name,
        afterMinutes: tier.afterMinutes,
        topicArn: this.topics[index]?.topic.topicArn ?? '',
        ...(tier.quietHours === undefined ? {} : { quiet: tier.quietHours }),
      })),
    };
  }

  /** Lets the account's function publish to each tier's topic (through SNS with its key). */
  grantPublish(grantee: IGrantable): void {
    for (const { topic } of this.topics) grantPublishThroughSns(topic, grantee);
  }
}
