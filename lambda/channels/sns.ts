import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { renderAlert, type RenderContext, type RenderedAlert } from '../messages/render';
import { attributesOf, type AlertAttributes, type Level, type Locale } from '../alerting/types';
import type { OutboxEntry } from '../delivery/outbox-entry';
import { errorName } from '../errors';
import { DeliveryError, type Notifier } from '../delivery/channel-port';
import { routeKeysOf } from '../contract/routing';

/**
 * E-mail and SMS through one SNS topic (docs/architecture.md, "The message format"): one publish per event,
 * `MessageStructure: json` with `default`, `email` and `sms` texts, and message attributes the
 * subscriptions filter on. SMS recipients get it as a Transactional message (SNS's default,
 * Promotional, is cheaper but may be delayed or dropped by carriers), from the sender ID when
 * one is configured.
 */

export const SNS_CHANNEL = 'sns';

export interface SmsOptions {
  /** 3 to 11 letters or digits; where the destination country supports sender IDs. */
  readonly senderId?: string;
}

export function buildPublishInput(
  topicArn: string,
  alert: RenderedAlert,
  attributes: AlertAttributes,
  sms: SmsOptions = {},
) {
  const messageAttributes: Record<
    string,
    { DataType: 'String' | 'String.Array'; StringValue: string }
  > = {
    severity: { DataType: 'String', StringValue: attributes.severity },
    account: { DataType: 'String', StringValue: attributes.account },
    'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
  };
  if (sms.senderId !== undefined) {
    messageAttributes['AWS.SNS.SMS.SenderID'] = { DataType: 'String', StringValue: sms.senderId };
  }
  if (attributes.remindsOf !== undefined) {
    messageAttributes.remindsOf = { DataType: 'String', StringValue: attributes.remindsOf };
  }
  if (attributes.level !== undefined) {
    messageAttributes.level = { DataType: 'String', StringValue: attributes.level };
  }
  if (attributes.about !== undefined) {
    messageAttributes.about = { DataType: 'String', StringValue: attributes.about };
  }
  if (attributes.route !== undefined && attributes.route.length > 0) {
    messageAttributes.route = {
      DataType: 'String.Array',
      StringValue: JSON.stringify(attributes.route),
    };
  }
  if (attributes.held !== undefined) {
    // SNS matches a String.Array attribute when any of its elements matches the filter.
    messageAttributes.held = {
      DataType: 'String.Array',
      StringValue: JSON.stringify(attributes.held),
    };
  }
  return {
    TopicArn: topicArn,
    Subject: alert.subject,
    MessageStructure: 'json',
    Message: JSON.stringify({ default: alert.default, email: alert.email, sms: alert.sms }),
    MessageAttributes: messageAttributes,
  };
}

/**
 * SNS errors that retrying cannot fix (after the SDK's own retries of throttling and 5xx): the
 * topic is gone or refuses us (a policy changed, a FIFO topic), or its key is unusable. They
 * park the message as undeliverable, with the error, and raise the alert-given-up alarm.
 */
const PERMANENT = new Set([
  'AuthorizationErrorException',
  'InvalidParameterException',
  'InvalidParameterValueException',
  'InvalidSecurityException',
  'NotFoundException',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'KMSOptInRequired',
  'ValidationException',
]);

/** An SNS failure as a delivery error: the error's name only (SDK messages may quote input). */
export function snsDeliveryError(error: unknown): DeliveryError {
  const name = errorName(error);
  return new DeliveryError(`SNS refused the publish (${name})`, PERMANENT.has(name), {
    cause: error,
  });
}

export interface SnsChannelOptions {
  readonly locale: Locale;
  /** The zone for times, and how to top up. */
  readonly render?: RenderContext;
  readonly sms?: SmsOptions;
}

/**
 * A message rendered before routing by level has no `level` attribute, and the filter policies
 * now route balance alerts by it: give it the level its severity implies (a RECOVERED, whose
 * episode's worst level is unknown, goes as CRITICAL so that everyone who was told hears it).
 */
function withLevel(attributes: AlertAttributes): AlertAttributes {
  const about = attributes.severity === 'REMINDER' ? attributes.remindsOf : attributes.severity;
  const level: Level | undefined =
    about === 'LOW' || about === 'CRITICAL'
      ? about
      : about === 'RECOVERED'
        ? 'CRITICAL'
        : undefined;
  const withIt = level === undefined ? attributes : { ...attributes, level };
  return { ...withIt, route: routeKeysOf(withIt) };
}

export function createSnsChannel(
  client: SNSClient,
  topicArn: string,
  options: SnsChannelOptions,
): Notifier {
  const { locale, sms = {} } = options;
  return {
    name: SNS_CHANNEL,
    // Every event: the subscriptions' filter policies decide who gets which.
    wants: () => true,
    routed: true,
    async deliver(entry: OutboxEntry, signal?: AbortSignal) {
      const { alert, attributes } =
        entry.legacy === undefined
          ? {
              alert: renderAlert(entry.event, locale, options.render),
              attributes: attributesOf(entry.event),
            }
          : { alert: entry.legacy.alert, attributes: withLevel(entry.legacy.attributes) };
      try {
        await client.send(
          new PublishCommand(buildPublishInput(topicArn, alert, attributes, sms)),
          signal === undefined ? {} : { abortSignal: signal },
        );
      } catch (error) {
        throw snsDeliveryError(error);
      }
    },
  };
}
