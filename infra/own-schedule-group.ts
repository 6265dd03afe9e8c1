import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import type { Construct } from 'constructs';

/**
 * A schedule group of its own and the role its schedules run as, so that the role's trust
 * policy can name the group: EventBridge Scheduler passes the group's ARN as aws:SourceArn
 * (AWS's confused-deputy guidance), and only this group's schedules may assume this role.
 * The group holds no data; CDK's default (Retain) would make a redeploy after `cdk destroy`
 * fail on the name it left behind. Created as `ScheduleGroup` and `SchedulerRole` in `scope`.
 */
export function ownScheduleGroup(
  scope: Construct,
  roleDescription: string,
): { readonly group: ScheduleGroup; readonly role: Role } {
  const group = new ScheduleGroup(scope, 'ScheduleGroup', {
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new Role(scope, 'SchedulerRole', {
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': Stack.of(scope).account,
          'aws:SourceArn': group.scheduleGroupArn,
        },
      },
    }),
    description: roleDescription,
  });
  return { group, role };
}
