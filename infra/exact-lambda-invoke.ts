import { PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ScheduleTargetBase,
  type ScheduleTargetBaseProps,
} from 'aws-cdk-lib/aws-scheduler-targets';

/**
 * A schedule target that invokes one function, with a role that may invoke exactly that
 * function: CDK's LambdaInvoke also grants `FUNCTION_ARN:*` (every version and alias), which
 * the schedule never calls.
 */
export class ExactLambdaInvoke extends ScheduleTargetBase {
  constructor(
    private readonly fn: IFunction,
    props: ScheduleTargetBaseProps,
  ) {
    super(props, fn.functionArn);
  }

  protected addTargetActionToRole(role: IRole): void {
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.fn.functionArn] }),
    );
  }
}
