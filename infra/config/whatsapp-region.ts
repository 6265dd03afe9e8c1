import { CONFIG_HOME, DeployConfigError } from './config-error';
import type { DeployConfig } from './schema';

/**
 * The regions where AWS End User Messaging Social has an endpoint, as the AWS General
 * Reference's endpoint table for the service lists them (and its user guide's "Regional
 * availability"; checked 2026-12-07; AWS adds regions, so a region missing here may have joined
 * since: add it once AWS lists it). The channel's client
 * and the sending number's ARN both take the stack's region (lambda/channels/registry.ts,
 * infra/recipients.ts): the WhatsApp number must be linked in that region, and the service
 * must exist there, or every send fails (ResourceNotFound, AccessDenied), is retried for
 * 6 hours and parked.
 */
export const WHATSAPP_REGIONS_CHECKED = '2026-12-07';
export const WHATSAPP_REGIONS: readonly string[] = [
  'us-east-1',
  'us-east-2',
  'us-west-1',
  'us-west-2',
  'ca-central-1',
  'ca-west-1',
  'mx-central-1',
  'sa-east-1',
  'af-south-1',
  'eu-central-1',
  'eu-central-2',
  'eu-north-1',
  'eu-south-1',
  'eu-south-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'il-central-1',
  'me-central-1',
  'me-south-1',
  'ap-east-1',
  'ap-east-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'ap-northeast-3',
  'ap-south-1',
  'ap-south-2',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-southeast-3',
  'ap-southeast-4',
  'ap-southeast-5',
  'ap-southeast-6',
  'ap-southeast-7',
];

/** Where the config lists WhatsApp recipients: "whatsapp", "accounts[1].recipients.whatsapp". */
function whatsappFields(config: DeployConfig): string[] {
  return [
    ...(config.whatsapp.length > 0 ? ['whatsapp'] : []),
    ...config.accounts.flatMap((account, index) =>
      (account.recipients?.whatsapp.length ?? 0) > 0
        ? [`accounts[${index}].recipients.whatsapp`]
        : [],
    ),
  ];
}

/**
 * Refuses WhatsApp recipients in a stack bound for a region without End User Messaging Social.
 * `region`: where the stack deploys, as the CDK CLI tells the app (CDK_DEFAULT_REGION: the
 * stack names no region of its own, so it goes where the CLI's credentials point); without one
 * (a test, a synth with no AWS profile) there is nothing to check.
 */
export function checkWhatsAppRegion(config: DeployConfig, region: string | undefined): void {
  if (region === undefined || region === '' || WHATSAPP_REGIONS.includes(region)) return;
  const fields = whatsappFields(config);
  if (fields.length === 0) return;
  throw new DeployConfigError(
    fields.map(
      (field) =>
        `${field}: AWS End User Messaging Social (WhatsApp) has no endpoint in ${region}, the region this stack deploys to. Deploy to one of its regions (as of ${WHATSAPP_REGIONS_CHECKED}): ${WHATSAPP_REGIONS.join(', ')}, with the WhatsApp number linked in that same region; or remove the whatsapp recipients.`,
    ),
    { headline: `Configuration error in ${CONFIG_HOME} for region ${region}:` },
  );
}
