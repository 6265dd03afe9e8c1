import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { LINK_KEY_ITEM_KEY } from '../lambda/contract/link-key';

/**
 * Who may use the link key's item (lambda/contract/link-key.ts) in the state table, through
 * `dynamodb:LeadingKeys`: the functions that verify links (the page, the Telegram webhook, the
 * WhatsApp event function) read it; the checks, which sign, read it and create it on first use.
 * No other function's grant names the item, so the watchdog, the subscription health and the
 * callback receiver cannot read it. IAM cannot hold a PutItem to its condition: a check could
 * overwrite the key (voiding the links in flight) but never sees more than it already signs
 * with; the code only ever writes it with `attribute_not_exists`.
 */
export function linkKeyGrant(table: ITableV2, access: 'read' | 'create'): PolicyStatement {
  return new PolicyStatement({
    actions: access === 'read' ? ['dynamodb:GetItem'] : ['dynamodb:GetItem', 'dynamodb:PutItem'],
    resources: [table.tableArn],
    conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [LINK_KEY_ITEM_KEY] } },
  });
}
