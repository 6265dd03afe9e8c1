import { ConfirmSubscriptionCommand, CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, inject, it, vi } from 'vitest';
import { confirm } from '../../tools/confirm';
import { parseConfirmationLink } from '../../tools/confirm-link';
import { clients, uniqueName } from '../support/aws';

/**
 * `npm run confirm -- '<link>'`: the confirmation e-mail's link read into TopicArn, Token and
 * region, refused with the fix when it is not one; ConfirmSubscription sent to moto with
 * AuthenticateOnUnsubscribe=true; and each refusal (no credentials, an unknown topic, an expired
 * token) told as what to do.
 */

const motoUrl = inject('motoUrl');
const TOKEN = '2336412f37fb687f5d51e6e2425c464de12884ec0f7ec1b7f0b0a0c1d2e3f4a5b6c7d8e9f0a1b2c3';
const link = (topicArn: string, host = 'sns.us-east-1.amazonaws.com') =>
  `https://${host}/confirmation.html?TopicArn=${topicArn}&Token=${TOKEN}&Endpoint=finance@example.com`;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('the confirmation link', () => {
  const arn = 'arn:aws:sns:eu-west-3:123456789012:DexchangeBalanceMonitor-Alerts1234';

  it("reads the e-mail's link, new and old forms, with the region from the host", () => {
    expect(parseConfirmationLink(link(arn, 'sns.eu-west-3.amazonaws.com'))).toEqual({
      region: 'eu-west-3',
      topicArn: arn,
      token: TOKEN,
    });
    expect(
      parseConfirmationLink(
        `https://sns.eu-west-3.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${arn}&Token=${TOKEN}`,
      ),
    ).toMatchObject({ region: 'eu-west-3', topicArn: arn });
  });

  it('refuses what is not one, saying what to give instead', () => {
    expect(() => parseConfirmationLink('finance@example.com')).toThrow(/not a link.*whole/);
    expect(() => parseConfirmationLink(link(arn, 'sns.eu-west-3.example.com'))).toThrow(
      /not SNS's \(its host is sns\.eu-west-3\.example\.com/,
    );
    expect(() =>
      parseConfirmationLink(
        `https://sns.eu-west-3.amazonaws.com/unsubscribe.html?SubscriptionArn=${arn}:abc&Endpoint=a@b.sn`,
      ),
    ).toThrow(/unsubscribe link/);
    // What the shell leaves of an unquoted link: cut at the first &.
    expect(() =>
      parseConfirmationLink(
        `https://sns.eu-west-3.amazonaws.com/confirmation.html?TopicArn=${arn}`,
      ),
    ).toThrow(/no valid Token: it was cut/);
    expect(() => parseConfirmationLink(link(arn, 'sns.us-east-1.amazonaws.com'))).toThrow(
      /host is in us-east-1 but its topic in eu-west-3/,
    );
  });

  it('asks for one quoted link when the shell split it, and shows its usage', async () => {
    expect(await confirm([])).toMatchObject({ code: 2, text: /^Usage: npm run confirm/ });
    expect(await confirm(['https://sns.x', 'Token=1'])).toMatchObject({
      code: 2,
      text: /One link only .*single quotes/,
    });
  });

  it('asks SNS to authenticate unsubscribing, in the region of the link (moto ignores the flag, so the call is read here)', async () => {
    const sns = mockClient(SNSClient);
    try {
      sns.on(ConfirmSubscriptionCommand).resolves({ SubscriptionArn: `${arn}:0f1e2d3c` });
      const outcome = await confirm([link(arn, 'sns.eu-west-3.amazonaws.com')]);
      expect(outcome).toEqual({
        code: 0,
        text: `Confirmed: ${arn}:0f1e2d3c\nThe unsubscribe link at the foot of the e-mails can no longer remove this address; only someone with AWS credentials can.`,
      });
      const [call] = sns.commandCalls(ConfirmSubscriptionCommand);
      expect(call?.args[0].input).toEqual({
        TopicArn: arn,
        Token: TOKEN,
        AuthenticateOnUnsubscribe: 'true',
      });
      expect(await (call?.thisValue as SNSClient | undefined)?.config.region()).toBe('eu-west-3');
    } finally {
      sns.restore();
    }
  });

  it("says an expired token's fix (moto accepts any token, so SNS's refusal is mocked)", async () => {
    const sns = mockClient(SNSClient);
    try {
      sns.on(ConfirmSubscriptionCommand).rejects(
        Object.assign(new Error('Invalid parameter: Token'), {
          name: 'InvalidParameterException',
        }),
      );
      const outcome = await confirm([link(arn, 'sns.eu-west-3.amazonaws.com')]);
      expect(outcome.code).toBe(1);
      expect(outcome.text).toMatch(/has expired .* a new e-mail; use its link/);
    } finally {
      sns.restore();
    }
  });
});

describe.skipIf(motoUrl === null)('npm run confirm against moto', () => {
  it('confirms through the npm script with the link alone, and prints the subscription', async () => {
    const { sns } = clients(motoUrl ?? '');
    const topicArn =
      (await sns.send(new CreateTopicCommand({ Name: uniqueName('alerts') }))).TopicArn ?? '';
    const { stdout } = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'confirm', '--', link(topicArn)],
      { env: { ...process.env, AWS_ENDPOINT_URL: motoUrl ?? '' }, timeout: 30_000 },
    );
    expect(stdout).toContain(`Confirmed: ${topicArn}:`);
    expect(stdout).toContain('can no longer remove this address');
  });

  it('names the topic when it does not exist in that region', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', motoUrl ?? '');
    const missing = 'arn:aws:sns:us-east-1:123456789012:no-such-topic';
    const outcome = await confirm([link(missing)]);
    expect(outcome).toMatchObject({ code: 1 });
    expect(outcome.text).toContain(`The topic ${missing} does not exist in us-east-1`);
  });

  it('without AWS credentials, says that it needs them and how to give them', async () => {
    vi.stubEnv('AWS_ENDPOINT_URL', motoUrl ?? '');
    vi.stubEnv('AWS_ACCESS_KEY_ID', undefined);
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', undefined);
    vi.stubEnv('AWS_PROFILE', undefined);
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials');
    vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const outcome = await confirm([
      link('arn:aws:sns:us-east-1:123456789012:DexchangeBalanceMonitor-Alerts1234'),
    ]);
    expect(outcome.code).toBe(1);
    expect(outcome.text).toMatch(/^No AWS credentials: .* AWS_PROFILE, or run "aws configure"/);
  });
});
