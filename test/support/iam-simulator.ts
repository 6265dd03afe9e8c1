import { expect } from 'vitest';
import { getDenialReasons, getGrantReasons, runSimulation } from '@cloud-copilot/iam-simulate';
import { ACCOUNT, type PolicyDocument } from './deployed-template';

/**
 * One request through @cloud-copilot/iam-simulate, which evaluates identity policies, resource
 * policies (topic, key, trust) and their conditions as AWS does. Context values are strings
 * (the simulator ignores a JS boolean); a request it cannot evaluate (an unknown action, a
 * resource of the wrong type, a malformed policy) throws rather than passing as "denied".
 */

export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

export interface SimulatedRequest {
  /** A role ARN, or a service principal such as cloudwatch.amazonaws.com. */
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** The account that owns the resource. @default ACCOUNT */
  readonly resourceAccount?: string;
  readonly context?: Record<string, string | string[]>;
  readonly identityPolicies?: readonly PolicyDocument[];
  readonly resourcePolicy?: PolicyDocument | undefined;
}

export interface SimulationAnswer {
  readonly decision: Decision;
  /** Which statements allowed or denied it, for the failure message. */
  readonly why: string;
}

export async function simulate(request: SimulatedRequest): Promise<SimulationAnswer> {
  const result = await runSimulation(
    {
      request: {
        principal: request.principal,
        action: request.action,
        resource: { resource: request.resource, accountId: request.resourceAccount ?? ACCOUNT },
        contextVariables: request.context ?? {},
      },
      identityPolicies: (request.identityPolicies ?? []).map((policy, i) => ({
        name: `identity-${i}`,
        policy,
      })),
      // Real AWS applies no SCP to service principals, and this stack sets none.
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(request.resourcePolicy === undefined ? {} : { resourcePolicy: request.resourcePolicy }),
    },
    {},
  );
  if (result.resultType === 'error') {
    throw new Error(
      `the simulator cannot evaluate ${request.action} on ${request.resource}: ${JSON.stringify(result.errors)}`,
    );
  }
  const analysis =
    result.resultType === 'single' ? result.result.analysis : result.results[0]?.analysis;
  const reasons =
    analysis === undefined
      ? []
      : result.overallResult === 'Allowed'
        ? getGrantReasons(analysis)
        : getDenialReasons(analysis);
  return { decision: result.overallResult, why: JSON.stringify(reasons) };
}

/** The decision alone, with the request in the message when a test expects another. */
export async function decide(request: SimulatedRequest): Promise<Decision> {
  return (await simulate(request)).decision;
}

/** A request and the decision AWS must reach on it. */
export interface SimulationCase {
  readonly label: string;
  readonly expected: Decision;
  readonly request: SimulatedRequest;
}

/** Runs every case; fails listing each one whose decision differs, with its request. */
export async function expectDecisions(cases: readonly SimulationCase[]): Promise<void> {
  expect(cases.length).toBeGreaterThan(0);
  const wrong: string[] = [];
  for (const c of cases) {
    const got = await decide(c.request);
    if (got !== c.expected)
      wrong.push(`${c.label}: expected ${c.expected}, got ${got} (${JSON.stringify(c.request)})`);
  }
  expect(wrong).toEqual([]);
}

/**
 * A role granted one account's state item (infra/item-grant.ts): it gets and puts that item,
 * and neither another account's, the watchdog's, a delete, a query nor a scan. The cases the
 * inbound functions (Telegram's webhook, WhatsApp's events) are each held to.
 */
export function oneAccountItemCases(
  role: Pick<SimulatedRequest, 'principal' | 'identityPolicies'>,
  tableArn: string,
  accounts: { readonly own: string; readonly other: string },
): SimulationCase[] {
  const on = (action: string, key: string): SimulatedRequest => ({
    ...role,
    action,
    resource: tableArn,
    context: { 'dynamodb:LeadingKeys': [key] },
  });
  const { own, other } = accounts;
  return [
    { label: `get ${own}`, expected: 'Allowed', request: on('dynamodb:GetItem', own) },
    { label: `put ${own}`, expected: 'Allowed', request: on('dynamodb:PutItem', own) },
    { label: `get ${other}`, expected: 'ImplicitlyDenied', request: on('dynamodb:GetItem', other) },
    { label: `put ${other}`, expected: 'ImplicitlyDenied', request: on('dynamodb:PutItem', other) },
    {
      label: 'put #watchdog',
      expected: 'ImplicitlyDenied',
      request: on('dynamodb:PutItem', '#watchdog'),
    },
    {
      label: `delete ${own}`,
      expected: 'ImplicitlyDenied',
      request: on('dynamodb:DeleteItem', own),
    },
    { label: `query ${own}`, expected: 'ImplicitlyDenied', request: on('dynamodb:Query', own) },
    {
      label: 'scan',
      expected: 'ImplicitlyDenied',
      request: { ...role, action: 'dynamodb:Scan', resource: tableArn },
    },
  ];
}
