import { GetFunctionConfigurationCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import * as z from 'zod';
import { channelListSchema, type ChannelSpec } from '../../lambda/contract/channels';

/**
 * The stack's functions, as Lambda describes them. A balance check is the function whose
 * environment names an account and its DEXCHANGE secret; the others (the watchdog, the
 * acknowledge page) are only looked at for their schedules.
 */

export interface StackFunction {
  readonly name: string;
  readonly arn: string;
  /** Present for a balance check. */
  readonly check?: CheckFunction;
}

export interface CheckFunction {
  readonly account: string;
  readonly topicArn: string;
  readonly secretId: string;
  /** The channels it delivers itself (CHANNELS); empty when it cannot be read. */
  readonly channels: readonly ChannelSpec[];
}

const checkEnvironmentSchema = z.object({
  ACCOUNT_NAME: z.string().min(1),
  ALERT_TOPIC_ARN: z.string().min(1),
  DEXCHANGE_API_KEY_SECRET_ID: z.string().min(1),
  CHANNELS: z.string().optional(),
});

export async function describeFunctions(
  lambda: LambdaClient,
  names: readonly string[],
): Promise<StackFunction[]> {
  return Promise.all(
    names.map(async (name) => {
      const configuration = await lambda.send(
        new GetFunctionConfigurationCommand({ FunctionName: name }),
      );
      const arn = configuration.FunctionArn ?? name;
      const environment = checkEnvironmentSchema.safeParse(
        configuration.Environment?.Variables ?? {},
      );
      if (!environment.success) return { name, arn };
      const env = environment.data;
      return {
        name,
        arn,
        check: {
          account: env.ACCOUNT_NAME,
          topicArn: env.ALERT_TOPIC_ARN,
          secretId: env.DEXCHANGE_API_KEY_SECRET_ID,
          channels: parseChannels(env.CHANNELS),
        },
      };
    }),
  );
}

function parseChannels(value: string | undefined): ChannelSpec[] {
  if (value === undefined || value === '') return [];
  try {
    const parsed = channelListSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : [];
  } catch {
    return [];
  }
}
