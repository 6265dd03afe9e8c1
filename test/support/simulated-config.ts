/**
 * The deploy config the IAM simulation reads its template from: two accounts (one with an
 * existing secret under its own KMS key, one on a business-hours cron), an operator list, SMS
 * and a digest. test/infra/cli-synth.test.ts holds the test harness's template for it to the
 * `cdk synth` CLI's.
 */
export const SIMULATED_SECRET_KEY_ID = '0b7e1c0a-1111-4222-8333-944445555666';
export const SIMULATED_CONFIG = {
  accounts: [
    { name: 'Boutique Dakar', lowBalanceThreshold: 100000, criticalBalanceThreshold: 25000 },
    {
      name: 'Thies',
      lowBalanceThreshold: 50000,
      existingSecretName: 'prod/thies-dexchange',
      existingSecretKmsKeyArn: `arn:aws:kms:eu-west-3:111111111111:key/${SIMULATED_SECRET_KEY_ID}`,
      schedule: 'cron(0/15 8-20 ? * MON-SAT *)',
    },
  ],
  alertEmails: ['finance@example.sn'],
  operatorEmails: ['ops@example.sn'],
  smsNumbers: ['+221771234567'],
  // Each account's digest: a second schedule in the account's group, on the same role.
  digest: { at: '07:30' },
};
