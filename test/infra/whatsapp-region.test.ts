import { afterEach, describe, expect, it, vi } from 'vitest';
import { DeployConfigError, parseDeployConfig } from '../../infra/config';
import {
  checkWhatsAppRegion,
  WHATSAPP_REGIONS,
  WHATSAPP_REGIONS_CHECKED,
} from '../../infra/config/whatsapp-region';
import { synthesize } from '../support/synth';

/**
 * The WhatsApp channel sends from the stack's own region (its client and its number's ARN take
 * it): a synth for a region without AWS End User Messaging Social is refused, naming each
 * field that lists WhatsApp recipients and the regions to deploy to instead.
 */

const PHONE = 'phone-number-id-0123456789abcdef0123456789abcdef';
const withWhatsApp = {
  accounts: [
    { name: 'Thies', lowBalanceThreshold: 50000 },
    {
      name: 'Boutique Dakar',
      lowBalanceThreshold: 100000,
      recipients: {
        alertEmails: ['dakar@example.sn'],
        whatsapp: [{ name: 'caisse', number: '+221771234567' }],
        whatsappPhoneNumberId: PHONE,
      },
    },
  ],
  alertEmails: ['ops@example.sn'],
  whatsapp: [{ name: 'finance', number: '+221761234567' }],
  whatsappPhoneNumberId: PHONE,
};
const withoutWhatsApp = {
  accounts: [{ name: 'Thies', lowBalanceThreshold: 50000 }],
  alertEmails: ['ops@example.sn'],
};

afterEach(() => {
  vi.unstubAllEnvs();
});

/** What the synth says when the CLI deploys to `region`. */
function synthIn(region: string, config: unknown): DeployConfigError | undefined {
  vi.stubEnv('CDK_DEFAULT_REGION', region);
  try {
    synthesize(config);
    return undefined;
  } catch (error) {
    if (error instanceof DeployConfigError) return error;
    throw error;
  }
}

describe('the WhatsApp region', () => {
  it('refuses a synth for a region without End User Messaging Social, naming each field and the regions', () => {
    const error = synthIn('us-gov-west-1', withWhatsApp);
    expect(error?.headline).toMatch(/region us-gov-west-1/);
    expect(error?.problems.map((p) => p.split(':')[0])).toEqual([
      'whatsapp',
      'accounts[1].recipients.whatsapp',
    ]);
    for (const problem of error?.problems ?? []) {
      expect(problem).toContain('no endpoint in us-gov-west-1');
      expect(problem).toContain(`as of ${WHATSAPP_REGIONS_CHECKED}`);
      expect(problem).toContain('eu-west-3');
      expect(problem).toContain('linked in that same region');
    }
  });

  it('lets a stack without WhatsApp deploy there', () => {
    // The check alone: a whole synth costs 6 s here, and the refusal above already runs in one.
    const config = parseDeployConfig(withoutWhatsApp);
    expect(() => checkWhatsAppRegion(config, 'us-gov-west-1')).not.toThrow();
  });

  it('accepts every listed region, and a synth with no region to check', () => {
    const config = parseDeployConfig(withWhatsApp);
    for (const region of WHATSAPP_REGIONS)
      expect(() => checkWhatsAppRegion(config, region), region).not.toThrow();
    expect(() => checkWhatsAppRegion(config, undefined)).not.toThrow();
    expect(() => checkWhatsAppRegion(config, 'cn-north-1')).toThrow(DeployConfigError);
  });

  it('keeps its list as region codes, each once, with the date it was checked', () => {
    expect(new Set(WHATSAPP_REGIONS).size).toBe(WHATSAPP_REGIONS.length);
    for (const region of WHATSAPP_REGIONS) expect(region).toMatch(/^[a-z]{2}-[a-z]+-\d$/);
    expect(WHATSAPP_REGIONS_CHECKED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
