import type { SNSClient } from '@aws-sdk/client-sns';
import * as z from 'zod';
import type { Locale } from '../lambda/alerting/types';
import { createTierChannel } from '../lambda/channels/tier';
import { escalationSchema, type EscalationSettings } from '../lambda/contract/escalation';
import type { Notifier } from '../lambda/delivery/channel-port';
import type { RenderContext } from '../lambda/messages/render';
import { printAlert, say } from './report';

/**
 * `npm start -- --escalate it-oncall:15,direction:30`: escalation tiers on the terminal. Each
 * tier is the function's own tier channel (lambda/channels/tier.ts), its publishes printed
 * instead of sent, so the sandbox shows what a tier would read, from the same clock and outbox.
 */

/** A topic ARN for the schema: the terminal tiers publish nowhere. */
const NOWHERE = 'arn:aws:sns:us-east-1:000000000000:terminal';

/** "it-oncall:15,direction:30" as tiers (the function's own rules: names, delays). */
export const escalateOption = z.string().transform((value, ctx) => {
  const tiers = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map((part) => {
      const [name = '', minutes = ''] = part.split(':');
      return { name, afterMinutes: Number(minutes), topicArn: NOWHERE };
    });
  const parsed = escalationSchema.safeParse({ tiers });
  if (!parsed.success) {
    ctx.addIssue({
      code: 'custom',
      message: `must be tiers NAME:MINUTES separated by commas, such as it-oncall:15,direction:30 (${parsed.error.issues
        .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
        .join('; ')})`,
    });
    return z.NEVER;
  }
  return parsed.data;
});

/** The tiers as terminal channels, and the settings the check escalates by. */
export function terminalTiers(
  settings: EscalationSettings,
  locale: Locale,
  render: RenderContext,
  brief: boolean,
): Notifier[] {
  return settings.tiers.map((tier) => {
    // Prints what the tier channel would publish to the tier's topic.
    const printer = {
      send(command: { input: Record<string, unknown> }) {
        const input = command.input as {
          Subject: string;
          Message: string;
          MessageAttributes: Record<string, { StringValue: string }>;
        };
        const texts = JSON.parse(input.Message) as { default: string; email: string; sms: string };
        const attribute = (name: string) => input.MessageAttributes[name]?.StringValue;
        if (brief) {
          // The line that makes it an escalation: to whom, after how long, who heard before.
          say(`    => tier ${tier.name}: ${texts.email.split('\n')[0] ?? ''}`);
          return Promise.resolve({});
        }
        say(`=== to tier ${tier.name} ===`);
        printAlert(
          { subject: input.Subject, ...texts },
          {
            severity: (attribute('severity') ?? 'TEST') as never,
            account: attribute('account') ?? '',
          },
          false,
          brief,
        );
        return Promise.resolve({});
      },
    };
    return createTierChannel({
      client: printer as unknown as SNSClient,
      tier,
      locale,
      render,
      sms: {},
    });
  });
}
