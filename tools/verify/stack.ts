import {
  DescribeStacksCommand,
  GetTemplateCommand,
  ListStackResourcesCommand,
  type CloudFormationClient,
  type StackResourceSummary,
} from '@aws-sdk/client-cloudformation';
import * as z from 'zod';
import { VerifyStopped } from './finding';

/**
 * What the deployed stack is made of, as CloudFormation tells it: the physical topics and
 * functions (the nested stacks' included), the subscriptions its templates declare, and its
 * outputs. The schedules and alarms are found from these (by the function a schedule invokes, by
 * the topic an alarm notifies), which is also how the test's moto stack, whose CloudFormation
 * creates no schedule, alarm or subscription, is read the same way.
 */

export interface DeclaredSubscription {
  /** Its logical id in the template: what a deploy would create. */
  readonly logicalId: string;
  readonly topicArn: string;
  readonly protocol: string;
  readonly endpoint: string;
  readonly filterPolicy?: unknown;
  readonly filterPolicyScope?: string;
}

export interface StackInventory {
  readonly name: string;
  readonly status: string;
  readonly outputs: Readonly<Record<string, string>>;
  readonly topicArns: readonly string[];
  readonly functionNames: readonly string[];
  readonly subscriptions: readonly DeclaredSubscription[];
}

/** The parts of a template read here; anything else in it is left alone. */
const templateSchema = z.object({
  Resources: z
    .record(
      z.string(),
      z.object({ Type: z.string(), Properties: z.record(z.string(), z.unknown()).optional() }),
    )
    .default({}),
});

const subscriptionPropertiesSchema = z.object({
  Protocol: z.string(),
  Endpoint: z.string(),
  TopicArn: z.union([z.string(), z.object({ Ref: z.string() })]),
  FilterPolicy: z.unknown().optional(),
  FilterPolicyScope: z.string().optional(),
});

export async function readStack(
  cfn: CloudFormationClient,
  name: string,
  region: string,
): Promise<StackInventory> {
  const stack = await describe(cfn, name, region);
  const topicArns: string[] = [];
  const functionNames: string[] = [];
  const subscriptions: DeclaredSubscription[] = [];
  // The main stack, then each nested stack, by its ARN.
  const pending = [stack.StackId ?? name];
  while (pending.length > 0) {
    const id = pending.shift() as string;
    const resources = await listResources(cfn, id);
    const physical = new Map(
      resources.map((r) => [r.LogicalResourceId ?? '', r.PhysicalResourceId ?? '']),
    );
    for (const r of resources) {
      if (r.PhysicalResourceId === undefined || r.PhysicalResourceId === '') continue;
      if (r.ResourceType === 'AWS::SNS::Topic') topicArns.push(r.PhysicalResourceId);
      if (r.ResourceType === 'AWS::Lambda::Function') functionNames.push(r.PhysicalResourceId);
      if (r.ResourceType === 'AWS::CloudFormation::Stack') pending.push(r.PhysicalResourceId);
    }
    subscriptions.push(...(await declaredSubscriptions(cfn, id, physical)));
  }
  return {
    name,
    status: stack.StackStatus ?? 'UNKNOWN',
    outputs: Object.fromEntries(
      (stack.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
    ),
    topicArns,
    functionNames,
    subscriptions,
  };
}

async function describe(cfn: CloudFormationClient, name: string, region: string) {
  try {
    const stack = (await cfn.send(new DescribeStacksCommand({ StackName: name }))).Stacks?.[0];
    if (stack !== undefined) return stack;
  } catch (error) {
    if (!(error instanceof Error && /does not exist/i.test(error.message))) throw error;
  }
  throw new VerifyStopped(
    `stack ${name} was not found in ${region}: deploy it first (npx cdk deploy), or name the stack with --stack and its region with --region`,
  );
}

async function listResources(cfn: CloudFormationClient, stackName: string) {
  const all: StackResourceSummary[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cfn.send(new ListStackResourcesCommand({ StackName: stackName, NextToken }));
    all.push(...(page.StackResourceSummaries ?? []));
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return all;
}

async function declaredSubscriptions(
  cfn: CloudFormationClient,
  stackName: string,
  physical: ReadonlyMap<string, string>,
): Promise<DeclaredSubscription[]> {
  const body = (await cfn.send(new GetTemplateCommand({ StackName: stackName }))).TemplateBody;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body ?? '{}');
  } catch {
    // CDK deploys JSON; a template in YAML was not deployed by this app.
    return [];
  }
  return subscriptionsInTemplate(parsed, physical);
}

/**
 * The AWS::SNS::Subscription resources a template declares, each with its topic's physical
 * ARN (`physical`: logical id to physical id, from ListStackResources). One whose topic is
 * not a resource of the same template (a nested stack's parameter) is left out.
 */
export function subscriptionsInTemplate(
  parsed: unknown,
  physical: ReadonlyMap<string, string>,
): DeclaredSubscription[] {
  const template = templateSchema.safeParse(parsed);
  if (!template.success) return [];
  return Object.entries(template.data.Resources).flatMap(([logicalId, resource]) => {
    if (resource.Type !== 'AWS::SNS::Subscription') return [];
    const properties = subscriptionPropertiesSchema.safeParse(resource.Properties);
    if (!properties.success) return [];
    const p = properties.data;
    const topicArn = typeof p.TopicArn === 'string' ? p.TopicArn : physical.get(p.TopicArn.Ref);
    if (topicArn === undefined) return [];
    return [
      {
        logicalId,
        topicArn,
        protocol: p.Protocol,
        endpoint: p.Endpoint,
        ...(p.FilterPolicy === undefined ? {} : { filterPolicy: p.FilterPolicy }),
        ...(p.FilterPolicyScope === undefined ? {} : { filterPolicyScope: p.FilterPolicyScope }),
      },
    ];
  });
}
