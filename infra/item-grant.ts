import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';

/**
 * Read and conditional write of some items of the state table only: those whose key (an
 * account name, or the watchdog's own) is listed, through `dynamodb:LeadingKeys`.
 */
export function itemGrant(table: ITableV2, keys: readonly string[]): PolicyStatement {
  return new PolicyStatement({
    actions: ['dynamodb:GetItem', 'dynamodb:PutItem'],
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [...keys] } },
  });
}
