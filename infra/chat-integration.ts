import { Aws, Validations } from 'aws-cdk-lib';
import {
  CfnMicrosoftTeamsChannelConfiguration,
  LoggingLevel,
  SlackChannelConfiguration,
} from 'aws-cdk-lib/aws-chatbot';
import {
  Effect,
  ManagedPolicy,
  PolicyStatement,
  Role,
  ServicePrincipal,
} from 'aws-cdk-lib/aws-iam';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ChatTarget } from './config';

/**
 * Slack and Microsoft Teams channels through AWS's chat integration (Amazon Q Developer in chat
 * applications, formerly AWS Chatbot): one channel configuration per chat target, reading the
 * chat topics of every recipient group that lists it.
 *
 * Notifications only: the channel role has no policy at all, and the guardrail (which AWS
 * otherwise sets to AdministratorAccess) is a policy that denies everything, so nobody in the
 * channel can run an AWS command through it. Notifications need neither: SNS delivers them.
 */
export class ChatIntegration extends Construct {
  private readonly targets = new Map<string, { target: ChatTarget; topics: ITopic[] }>();
  private guardrail: ManagedPolicy | undefined;
  private role: Role | undefined;

  /** A chat target reads this topic. */
  add(target: ChatTarget, topic: ITopic): void {
    const entry = this.targets.get(target.name) ?? { target, topics: [] };
    entry.topics.push(topic);
    this.targets.set(target.name, entry);
  }

  /** Creates the channel configurations; call once every group has added its topics. */
  build(): void {
    for (const [name, { target, topics }] of this.targets) {
      const id = `Chat-${name}`;
      // Names are per AWS account, all regions: the stack's name and region keep two stacks'
      // configurations apart.
      const configurationName = `${Aws.STACK_NAME}-${Aws.REGION}-${name}`;
      if (target.slack !== undefined) {
        new SlackChannelConfiguration(this, id, {
          slackChannelConfigurationName: configurationName,
          slackWorkspaceId: target.slack.workspaceId,
          slackChannelId: target.slack.channelId,
          notificationTopics: topics,
          role: this.channelRole(),
          guardrailPolicies: [this.denyAll()],
          loggingLevel: LoggingLevel.ERROR,
        });
      } else if (target.teams !== undefined) {
        new CfnMicrosoftTeamsChannelConfiguration(this, id, {
          configurationName,
          teamId: target.teams.teamId,
          teamsTenantId: target.teams.tenantId,
          teamsChannelId: target.teams.channelId,
          iamRoleArn: this.channelRole().roleArn,
          snsTopicArns: topics.map((t) => t.topicArn),
          guardrailPolicies: [this.denyAll().managedPolicyArn],
          loggingLevel: 'ERROR',
        });
      }
    }
  }

  private channelRole(): Role {
    this.role ??= new Role(this, 'ChannelRole', {
      assumedBy: new ServicePrincipal('chatbot.amazonaws.com'),
      description:
        'Chat channels of the DEXCHANGE balance monitor: notifications only, no permission',
    });
    return this.role;
  }

  private denyAll(): ManagedPolicy {
    if (this.guardrail === undefined) {
      this.guardrail = new ManagedPolicy(this, 'NotificationsOnlyGuardrail', {
        description:
          'Guardrail of the balance monitor chat channels: no AWS action may be run from the channel',
        statements: [
          new PolicyStatement({ effect: Effect.DENY, actions: ['*'], resources: ['*'] }),
        ],
      });
      Validations.of(this.guardrail).acknowledge({
        id: 'AwsSolutions-IAM5[Action::*]',
        reason: 'A Deny of every action: the guardrail forbids everything, it grants nothing.',
      });
      Validations.of(this.guardrail).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'A Deny of every action on every resource: the guardrail grants nothing.',
      });
    }
    return this.guardrail;
  }
}
