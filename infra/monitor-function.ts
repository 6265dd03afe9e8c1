import { CfnResource, Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  Function as LambdaFunction,
  Runtime,
  type FunctionProps,
  type IDestination,
} from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import path from 'node:path';
import { functionCode } from './function-code';

/** Path of the function's entry; infra knows the file, never its code. */
export const HANDLER_ENTRY = path.join(import.meta.dirname, '..', 'lambda', 'handler.ts');

/** Per-request timeout the function is configured with (REQUEST_TIMEOUT_MS). */
export const REQUEST_TIMEOUT_MS = 5000;

/**
 * Function timeout: 3 attempts of REQUEST_TIMEOUT_MS, two waits of at most 10 s (the client's
 * Retry-After cap, lambda/providers/dexchange/backoff.ts), and 15 s for the secret, SNS and start-up.
 * The client also stops at the invocation's deadline, so this is a ceiling, not a hope.
 */
export const FUNCTION_TIMEOUT = Duration.seconds((3 * REQUEST_TIMEOUT_MS) / 1000 + 2 * 10 + 15);

/** The acknowledge page's entry (a second handler of the same code). */
export const ACK_HANDLER_ENTRY = path.join(
  import.meta.dirname,
  '..',
  'lambda',
  'ack',
  'handler.ts',
);

/** The DEXCHANGE callback receiver's entry (a third handler of the same code). */
export const CALLBACK_HANDLER_ENTRY = path.join(
  import.meta.dirname,
  '..',
  'lambda',
  'callback',
  'handler.ts',
);

export interface MonitorFunctionProps {
  readonly environment: Record<string, string>;
  /** @default HANDLER_ENTRY, the balance check */
  readonly entry?: string;
  /** @default FUNCTION_TIMEOUT */
  readonly timeout?: Duration;
  /** What the function's role is for, in the IAM console. */
  readonly roleDescription: string;
  /** @default RetentionDays.THREE_MONTHS */
  readonly logRetention?: RetentionDays;
  /**
   * 1: two checks of one account never run at once (the state's conditional write copes if
   * they did, this just avoids the wasted call). 0 leaves it unreserved, for AWS accounts whose
   * concurrency quota is too small to reserve from.
   * @default 1
   */
  readonly reservedConcurrency?: number;
  /**
   * Lambda's own retries of an asynchronous invoke that failed, and where the event goes once
   * they are spent. Default: none and nowhere, for the checks, whose next scheduled run is the
   * retry; an event nothing else sends again (SNS hands each to Lambda once) needs both.
   * @default 0
   */
  readonly retryAttempts?: number;
  readonly onFailure?: IDestination;
}

/**
 * The function with every default in one place: Node 24 on arm64, bundled, source maps, its own
 * log group, and its own role that may write to that log group and nothing else until the
 * caller grants more (no AWSLambdaBasicExecutionRole, whose logs permissions name `*`).
 */
export class MonitorFunction extends LambdaFunction {
  constructor(scope: Construct, id: string, props: MonitorFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = new Role(scope, `${id}Role`, {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: props.roleDescription,
    });
    // Only its own log group's streams: CreateLogStream and PutLogEvents on log-group:NAME:*.
    logGroup.grantWrite(role);
    const functionProps: FunctionProps = {
      // The entry bundled in files, index.mjs first (infra/function-code.ts).
      code: functionCode(props.entry ?? HANDLER_ENTRY),
      handler: 'index.handler',
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      // 256 MB: the check is I/O-bound, but Lambda gives CPU in proportion to memory and the
      // cold start (loading the bundled SDK) is CPU-bound.
      memorySize: 256,
      timeout: props.timeout ?? FUNCTION_TIMEOUT,
      // The next scheduled run is the retry: an async retry minutes later would only overlap it.
      retryAttempts: props.retryAttempts ?? 0,
      ...(props.onFailure === undefined ? {} : { onFailure: props.onFailure }),
      ...(props.reservedConcurrency === 0
        ? {}
        : { reservedConcurrentExecutions: props.reservedConcurrency ?? 1 }),
      logGroup,
      role,
      environment: {
        REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        // Stack traces in the logs point at lambda/*.ts lines, not at the minified bundle.
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
    };
    super(scope, id, functionProps);
    this.dropRedundantRoleDependency();
  }

  /**
   * CDK makes the function DependsOn its role although it already references the role's ARN,
   * which cfn-lint reports as W3005. Keep every other dependency (the role's policy matters:
   * the function must not run before it may read its secret).
   */
  private dropRedundantRoleDependency(): void {
    const cfnFunction = this.node.defaultChild as CfnResource;
    const cfnRole = this.role?.node.defaultChild;
    if (!(cfnRole instanceof CfnResource)) return;
    cfnFunction.addOverride(
      'DependsOn',
      Lazy.list({
        produce: () =>
          cfnFunction
            .obtainDependencies()
            .filter(
              (dependency): dependency is CfnResource =>
                dependency instanceof CfnResource && dependency !== cfnRole,
            )
            .map((dependency) => dependency.logicalId),
      }),
    );
  }
}
