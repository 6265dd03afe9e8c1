/**
 * The AWS credentials of a Lambda function: its role's, which Lambda puts in the environment.
 * The bundle uses this in place of the SDK's default chain (`@aws-sdk/credential-provider-node`,
 * aliased in infra/bundling.ts), whose SSO, profile, web-identity and instance-metadata
 * providers never run in Lambda and weigh about 90 KB of the bundle (BENCHMARKS.md). Outside
 * the bundle (tests, `npm start`) the SDK's own chain applies.
 */
interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export function defaultProvider(): () => Promise<Credentials> {
  return () => {
    const accessKeyId = process.env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = process.env.AWS_SECRET_ACCESS_KEY;
    if (accessKeyId === undefined || secretAccessKey === undefined) {
      return Promise.reject(
        new Error(
          'no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): this bundle is built for Lambda, which sets them',
        ),
      );
    }
    const sessionToken = process.env.AWS_SESSION_TOKEN;
    const credentials: Credentials = {
      accessKeyId,
      secretAccessKey,
      ...(sessionToken === undefined || sessionToken === '' ? {} : { sessionToken }),
    };
    return Promise.resolve(credentials);
  };
}
