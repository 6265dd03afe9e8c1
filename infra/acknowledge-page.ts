import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { FunctionUrlAuthType, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { itemGrant } from './item-grant';
import { linkKeyGrant } from './link-key';
import { DeployConfigError } from './config';
import { ACK_HANDLER_ENTRY, MonitorFunction } from './monitor-function';
import { ACK_TOP_UP_MAX_CHARS, type AckTopUp } from '../lambda/contract/top-up-help';

/**
 * The page's top-up help as one variable. Lambda caps a function's environment at 4 KB: past
 * that, the deploy is refused here, naming the field, rather than by CloudFormation mid-deploy.
 */
export function ackTopUpEnvironment(topUp: AckTopUp | undefined): Record<string, string> {
  if (
    topUp === undefined ||
    (topUp.stack === undefined && Object.keys(topUp.accounts).length === 0)
  )
    return {};
  const value = JSON.stringify(topUp);
  if (value.length > ACK_TOP_UP_MAX_CHARS)
    throw new DeployConfigError([
      `topUp: the top-up help of the stack and of the accounts comes to ${value.length} characters, more than the ${ACK_TOP_UP_MAX_CHARS} the "I'm on it" page's environment holds; give the stack one topUp and drop the accounts' copies of it, or shorten their instructions`,
    ]);
  return { ACK_TOP_UP: value };
}

export interface AcknowledgePageProps {
  readonly stateTable: ITableV2;
  /** The accounts whose episodes may be acknowledged: the page writes their items only. */
  readonly accountNames: readonly string[];
  readonly timeZone: string;
  readonly logRetention: RetentionDays;
  /** How to top up, shown on the page: the stack's, and each account's own. */
  readonly topUp?: AckTopUp;
}

/**
 * How many requests the public page serves at once. Its own cap, not the checks' (1): anyone
 * who finds the URL can keep it busy, and with the checks' cap one such request would refuse
 * every real click, with none a flood could take the concurrency the checks run on. With this
 * one a flood can only keep the page busy. Always reserved: the deploy config refuses the page
 * with `reservedConcurrency: 0` (config/acknowledge-check.ts), as nothing else rate-limits it.
 */
export const ACK_PAGE_CONCURRENCY = 5;

/**
 * The "I'm on it" page: a Lambda Function URL (no IAM auth: the link's signed token is the
 * credential, and the page refuses anything else before it reads a thing), its own function of
 * the same code. The key that signs the links is an item of the state table the first check
 * creates (infra/link-key.ts): the page may read it, not write it.
 */
export class AcknowledgePage extends Construct {
  readonly url: FunctionUrl;
  readonly function: MonitorFunction;

  constructor(scope: Construct, id: string, props: AcknowledgePageProps) {
    super(scope, id);
    this.function = new MonitorFunction(this, 'Page', {
      entry: ACK_HANDLER_ENTRY,
      roleDescription:
        "The DEXCHANGE balance monitor's acknowledge page: the link key (read), the accounts' state items",
      timeout: Duration.seconds(10),
      logRetention: props.logRetention,
      reservedConcurrency: ACK_PAGE_CONCURRENCY,
      environment: {
        STATE_TABLE_NAME: props.stateTable.tableName,
        ALERT_TIME_ZONE: props.timeZone,
        ...ackTopUpEnvironment(props.topUp),
      },
    });
    this.function.addToRolePolicy(linkKeyGrant(props.stateTable, 'read'));
    this.function.addToRolePolicy(itemGrant(props.stateTable, props.accountNames));
    this.url = this.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
  }
}
