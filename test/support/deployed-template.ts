/**
 * A synthesized template read as CloudFormation would deploy it into one AWS account: every
 * `Ref`, `Fn::GetAtt`, `Fn::Join`, `Fn::Sub`, `Fn::Select` and `Fn::Split` resolved to the names
 * and ARNs the resources would get, so that an IAM simulator can evaluate the template's own
 * policies against real-looking requests. Physical names follow CloudFormation's pattern
 * (stack name + logical id) where the template leaves them to it.
 */

export const ACCOUNT = '111111111111';
export const OTHER_ACCOUNT = '222222222222';
export const REGION = 'eu-west-3';
export const PARTITION = 'aws';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export interface Resource {
  readonly Type: string;
  readonly Properties?: Record<string, Json>;
}
export interface PolicyDocument {
  readonly Version?: string;
  readonly Statement: Record<string, unknown>[];
}

/** A template value that must be a string (a logical id, a Sub template). */
function text(value: Json): string {
  if (typeof value !== 'string') throw new Error(`expected a string, got ${JSON.stringify(value)}`);
  return value;
}

export class DeployedTemplate {
  readonly resources: Record<string, Resource>;

  constructor(
    template: { Resources: Record<string, Resource> },
    readonly stackName: string,
    /** A nested stack's parameters, as its parent passes them (resolved by the parent). */
    private readonly parameters: Readonly<Record<string, string>> = {},
  ) {
    this.resources = template.Resources;
  }

  /** The logical ids of every resource of a type. */
  idsOf(type: string): string[] {
    return Object.entries(this.resources)
      .filter(([, r]) => r.Type === type)
      .map(([id]) => id);
  }

  resource(id: string): Resource {
    const r = this.resources[id];
    if (r === undefined) throw new Error(`no resource ${id} in the template`);
    return r;
  }

  /** A property, resolved. */
  prop(id: string, name: string): unknown {
    return this.resolve(this.resource(id).Properties?.[name] ?? null);
  }

  private name(id: string, property?: string): string {
    const given = property === undefined ? undefined : this.resource(id).Properties?.[property];
    return given === undefined ? `${this.stackName}-${id}` : String(this.resolve(given));
  }

  private arn(service: string, resource: string, region = REGION): string {
    return `arn:${PARTITION}:${service}:${region}:${ACCOUNT}:${resource}`;
  }

  /** What `Ref` gives for a resource. */
  ref(id: string): string {
    if (id === 'AWS::AccountId') return ACCOUNT;
    if (id === 'AWS::Region') return REGION;
    if (id === 'AWS::Partition') return PARTITION;
    if (id === 'AWS::URLSuffix') return 'amazonaws.com';
    if (id === 'AWS::StackName') return this.stackName;
    const parameter = this.parameters[id];
    if (parameter !== undefined) return parameter;
    const type = this.resource(id).Type;
    switch (type) {
      case 'AWS::SNS::Topic':
        return this.att(id, 'TopicArn');
      case 'AWS::SecretsManager::Secret':
        return this.arn('secretsmanager', `secret:${this.name(id, 'Name')}-AbCdEf`);
      case 'AWS::SQS::Queue':
        return `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${this.name(id, 'QueueName')}`;
      case 'AWS::KMS::Key':
        return `${id.toLowerCase()}-0000-4000-8000-000000000000`;
      case 'AWS::DynamoDB::GlobalTable':
      case 'AWS::DynamoDB::Table':
        return this.name(id, 'TableName');
      case 'AWS::Lambda::Function':
        return this.name(id, 'FunctionName');
      case 'AWS::Logs::LogGroup':
        return this.name(id, 'LogGroupName');
      case 'AWS::IAM::Role':
        return this.name(id, 'RoleName');
      case 'AWS::IAM::ManagedPolicy':
        return `arn:${PARTITION}:iam::${ACCOUNT}:policy/${this.name(id, 'ManagedPolicyName')}`;
      case 'AWS::CloudWatch::Alarm':
        return this.name(id, 'AlarmName');
      case 'AWS::Scheduler::ScheduleGroup':
      case 'AWS::Scheduler::Schedule':
        return this.name(id, 'Name');
      default:
        throw new Error(`Ref of ${type} (${id}) is not modelled`);
    }
  }

  /** What `Fn::GetAtt` gives. */
  att(id: string, attribute: string): string {
    const type = this.resource(id).Type;
    const key = `${type}.${attribute}`;
    switch (key) {
      case 'AWS::SNS::Topic.TopicArn':
        return this.arn('sns', this.name(id, 'TopicName'));
      case 'AWS::SNS::Topic.TopicName':
        return this.name(id, 'TopicName');
      case 'AWS::SQS::Queue.Arn':
        return this.arn('sqs', this.name(id, 'QueueName'));
      case 'AWS::SQS::Queue.QueueName':
        return this.name(id, 'QueueName');
      case 'AWS::KMS::Key.Arn':
        return this.arn('kms', `key/${this.ref(id)}`);
      case 'AWS::DynamoDB::GlobalTable.Arn':
      case 'AWS::DynamoDB::Table.Arn':
        return this.arn('dynamodb', `table/${this.ref(id)}`);
      case 'AWS::Lambda::Function.Arn':
        return this.arn('lambda', `function:${this.ref(id)}`);
      case 'AWS::Logs::LogGroup.Arn':
        return this.arn('logs', `log-group:${this.ref(id)}:*`);
      case 'AWS::IAM::Role.Arn':
        return `arn:${PARTITION}:iam::${ACCOUNT}:role/${this.ref(id)}`;
      case 'AWS::CloudWatch::Alarm.Arn':
        return this.arn('cloudwatch', `alarm:${this.ref(id)}`);
      case 'AWS::Scheduler::ScheduleGroup.Arn':
        return this.arn('scheduler', `schedule-group/${this.ref(id)}`);
      case 'AWS::Scheduler::Schedule.Arn': {
        const group = this.prop(id, 'GroupName');
        return this.arn(
          'scheduler',
          `schedule/${typeof group === 'string' ? group : 'default'}/${this.ref(id)}`,
        );
      }
      case 'AWS::SecretsManager::Secret.Id':
        return this.ref(id);
      case 'AWS::Lambda::Url.FunctionUrl':
        return `https://${id.toLowerCase()}.lambda-url.${REGION}.on.aws/`;
      default:
        throw new Error(`Fn::GetAtt ${key} (${id}) is not modelled`);
    }
  }

  /** Resolves every intrinsic function in a value. */
  resolve(value: Json | undefined): unknown {
    if (value === undefined || value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) return value.map((v) => this.resolve(v));
    const keys = Object.keys(value);
    if (keys.length === 1) {
      const [fn] = keys as [string];
      const arg = value[fn] as Json;
      switch (fn) {
        case 'Ref':
          return this.ref(text(arg));
        case 'Fn::GetAtt': {
          const [id, attribute] = Array.isArray(arg) ? arg.map(text) : text(arg).split('.');
          return this.att(id ?? '', attribute ?? '');
        }
        case 'Fn::Join': {
          const [separator, parts] = arg as [string, Json[]];
          return (this.resolve(parts) as unknown[]).map(String).join(separator);
        }
        case 'Fn::Select': {
          const [index, list] = arg as [Json, Json];
          return (this.resolve(list) as unknown[])[Number(this.resolve(index))];
        }
        case 'Fn::Split': {
          const [separator, text] = arg as [string, Json];
          return String(this.resolve(text)).split(separator);
        }
        case 'Fn::Sub': {
          const [template, vars] = Array.isArray(arg)
            ? [text(arg[0] ?? ''), (arg[1] ?? {}) as Record<string, Json>]
            : [text(arg), {}];
          return template.replace(/\$\{([^}]+)\}/g, (_m, name: string) => {
            if (name in vars) return String(this.resolve(vars[name]));
            const [id, attribute] = name.split('.');
            return attribute === undefined ? this.ref(id ?? '') : this.att(id ?? '', attribute);
          });
        }
        default:
          if (fn.startsWith('Fn::')) throw new Error(`${fn} is not modelled`);
      }
    }
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.resolve(v)]));
  }

  /** The id of the resource whose Ref or ARN is `value`, among resources of `type`. */
  idByArn(type: string, value: string): string {
    const found = this.idsOf(type).find((id) => {
      const candidates = [this.ref(id)];
      try {
        candidates.push(this.att(id, type === 'AWS::SNS::Topic' ? 'TopicArn' : 'Arn'));
      } catch {
        // Not every type has an Arn attribute.
      }
      return candidates.includes(value);
    });
    if (found === undefined) throw new Error(`no ${type} with ARN ${value}`);
    return found;
  }

  /** Every identity policy attached to a role: its own, and AWS::IAM::Policy resources naming it. */
  identityPolicies(roleId: string): PolicyDocument[] {
    const own = ((this.prop(roleId, 'Policies') ?? []) as { PolicyDocument: PolicyDocument }[]).map(
      (p) => p.PolicyDocument,
    );
    const attached = this.idsOf('AWS::IAM::Policy')
      .filter((id) =>
        (this.resource(id).Properties?.Roles as Json[]).some(
          (r) => JSON.stringify(r) === JSON.stringify({ Ref: roleId }),
        ),
      )
      .map((id) => this.prop(id, 'PolicyDocument') as PolicyDocument);
    return [...own, ...attached];
  }

  /** The topic policy of a topic (the SNS default does not exist once a policy is set). */
  topicPolicy(topicId: string): PolicyDocument | undefined {
    const policyId = this.idsOf('AWS::SNS::TopicPolicy').find((id) =>
      (this.resource(id).Properties?.Topics as Json[]).some(
        (t) => JSON.stringify(t) === JSON.stringify({ Ref: topicId }),
      ),
    );
    return policyId === undefined
      ? undefined
      : (this.prop(policyId, 'PolicyDocument') as PolicyDocument);
  }

  /**
   * A function's resource policy, as Lambda builds it from the stack's `AWS::Lambda::Permission`s
   * on it: each one's principal and action, with its conditions (a Function URL's auth type,
   * invoked through the URL, the calling resource's ARN).
   */
  lambdaPolicy(functionId: string): PolicyDocument {
    return {
      Version: '2012-10-17',
      Statement: this.idsOf('AWS::Lambda::Permission')
        .filter((id) =>
          JSON.stringify(this.resource(id).Properties?.FunctionName).includes(functionId),
        )
        .map((id) => {
          const principal = this.prop(id, 'Principal') as string;
          const condition: Record<string, Record<string, string>> = {};
          const auth = this.prop(id, 'FunctionUrlAuthType');
          if (auth !== null)
            condition.StringEquals = { 'lambda:FunctionUrlAuthType': auth as string };
          if (this.prop(id, 'InvokedViaFunctionUrl') !== null)
            condition.Bool = { 'lambda:InvokedViaFunctionUrl': 'true' };
          const sourceArn = this.prop(id, 'SourceArn');
          if (sourceArn !== null) condition.ArnLike = { 'aws:SourceArn': sourceArn as string };
          return {
            Effect: 'Allow',
            Principal: principal === '*' ? '*' : { Service: principal },
            Action: this.prop(id, 'Action') as string,
            Resource: this.att(functionId, 'Arn'),
            ...(Object.keys(condition).length > 0 ? { Condition: condition } : {}),
          };
        }),
    };
  }
}
