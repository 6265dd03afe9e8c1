import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FunctionUrlAuthType, type FunctionUrl, type IFunction } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { callbackReceiverEnvironment } from './callback-environment';
import { CALLBACK_HANDLER_ENTRY, MonitorFunction } from './monitor-function';
import { CALLBACK_WINDOW_KEY_PREFIX } from '../lambda/contract/callback-body';

/**
 * How many callbacks the receiver serves at once. Its own cap, as the "I'm on it" page has
 * (ACK_PAGE_CONCURRENCY): past about 10 requests a second per unit, the Function URL answers
 * 429 itself, and a flood never takes the concurrency the checks run on (each check function
 * keeps its own reserved 1). The deploy config refuses callbacks with `reservedConcurrency: 0`.
 */
export const CALLBACK_CONCURRENCY = 5;

export interface CallbackReceiverProps {
  readonly stateTable: ITableV2;
  /** Each account and its check function: the receiver starts those and no other. */
  readonly accounts: readonly {
    readonly name: string;
    readonly check: IFunction;
    /** The secret (by name) holding DEXCHANGE's signing secret, when its callbacks are signed. */
    readonly signingSecretName?: string;
    /** The customer-managed KMS key that encrypts that secret, when not AWS's own. */
    readonly signingSecretKmsKeyArn?: string;
  }[];
  readonly windowSeconds: number;
  readonly signatureHeader?: string;
  readonly logRetention: RetentionDays;
}

/**
 * The DEXCHANGE callback receiver: a Lambda Function URL (no IAM auth: each account's callback
 * URL ends in its own token, derived from the one key generated here), its own function of the
 * same code, and the grants it needs and no more: read its key, write the `#callback:` items of
 * the state table (PutItem only), and start the accounts' check functions (exactly those ARNs).
 * A Function URL rather than an HTTP API: it costs nothing beyond the invocations, neither
 * refuses a big body before the function, and the real protection of both is the function's
 * own reserved concurrency, which a Function URL turns into a 429 at the door.
 */
export class CallbackReceiver extends Construct {
  readonly key: Secret;
  readonly url: FunctionUrl;
  readonly function: MonitorFunction;

  constructor(scope: Construct, id: string, props: CallbackReceiverProps) {
    super(scope, id);
    this.key = new Secret(this, 'Key', {
      description:
        "Derives each DEXCHANGE account's callback token (HMAC-SHA256 of its name) for the balance monitor",
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    Validations.of(this.key).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotating it would change every callback URL, which DEXCHANGE or the merchant holds; it is replaced by hand, with the URLs, if it leaks.',
    });
    this.function = new MonitorFunction(this, 'Receiver', {
      entry: CALLBACK_HANDLER_ENTRY,
      roleDescription:
        "The DEXCHANGE balance monitor's callback receiver: its key, the #callback: items, the checks it starts",
      timeout: Duration.seconds(10),
      logRetention: props.logRetention,
      reservedConcurrency: CALLBACK_CONCURRENCY,
      // Checked with the receiver's own schema and measured against 4 KB at synth.
      environment: callbackReceiverEnvironment({
        tableName: props.stateTable.tableName,
        keySecretArn: this.key.secretArn,
        accounts: props.accounts.map((a) => ({
          account: a.name,
          functionName: a.check.functionName,
          ...(a.signingSecretName === undefined ? {} : { signingSecretName: a.signingSecretName }),
        })),
        windowSeconds: props.windowSeconds,
        ...(props.signatureHeader === undefined ? {} : { signatureHeader: props.signatureHeader }),
      }),
    });
    this.key.grantRead(this.function);
    for (const [index, account] of props.accounts.entries()) {
      if (account.signingSecretName === undefined) continue;
      Secret.fromSecretNameV2(this, `Signing${index}`, account.signingSecretName).grantRead(
        this.function,
      );
      // A signing secret under a key of the customer's: decrypt with that key, and only
      // through Secrets Manager (as the check does for an API key under its own key).
      if (account.signingSecretKmsKeyArn !== undefined)
        this.function.addToRolePolicy(
          new PolicyStatement({
            actions: ['kms:Decrypt'],
            resources: [account.signingSecretKmsKeyArn],
            conditions: {
              StringEquals: {
                'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com`,
              },
            },
          }),
        );
      Validations.of(this.function.role ?? this.function).acknowledge({
        id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:secretsmanager:<AWS::Region>:<AWS::AccountId>:secret:${account.signingSecretName}-??????]`,
        reason:
          'An imported secret is named, not known by ARN: Secrets Manager adds 6 random characters, matched by ??????.',
      });
    }
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['dynamodb:PutItem'],
        resources: [props.stateTable.tableArn],
        conditions: {
          'ForAllValues:StringEquals': {
            'dynamodb:LeadingKeys': props.accounts.map(
              (a) => `${CALLBACK_WINDOW_KEY_PREFIX}${a.name}`,
            ),
          },
        },
      }),
    );
    // Exactly the check functions, not `ARN:*` as grantInvoke adds (exact-lambda-invoke.ts).
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: props.accounts.map((a) => a.check.functionArn),
      }),
    );
    this.url = this.function.addFunctionUrl({ authType: FunctionUrlAuthType.NONE });
  }
}

/**
 * A shell command that prints each account's callback URL: it reads the key and derives the
 * token as lambda/callback/token.ts does (HMAC-SHA256 of "dexchange-callback:" and the name,
 * base64url without padding). The output holds no token; the command's output does.
 */
export function callbackUrlsCommand(
  region: string,
  keyArn: string,
  url: string,
  names: readonly string[],
): string {
  const quoted = names.map((name) => `'${name}'`).join(' ');
  return `K=$(aws secretsmanager get-secret-value --region ${region} --secret-id ${keyArn} --query SecretString --output text) && for N in ${quoted}; do printf '%s ${url}' "$N"; printf '%s' "dexchange-callback:$N" | openssl dgst -sha256 -hmac "$K" -binary | base64 | tr '+/' '-_' | tr -d '=\\n'; echo; done; unset K`;
}
