import { describe, expect, it } from 'vitest';
import { channelSpecSchema } from '../../lambda/contract/channels';
import {
  META_API_AVAILABLE_UNTIL,
  META_API_VERSION,
  availableUntil,
  metaApiVersionExpired,
} from '../../lambda/contract/meta-api-version';

/**
 * The Graph API version WhatsApp alerts are sent with. The first test is meant to start failing
 * with time: on the real clock, 90 days before Meta stops serving the pinned version.
 */

const WARNING_DAYS = 90;
const DAY_MS = 86_400_000;

describe('the pinned Graph API version', () => {
  it(`is not within ${WARNING_DAYS} days of its end of availability (real clock)`, () => {
    const until = availableUntil(META_API_VERSION);
    if (until === undefined) throw new Error(`${META_API_VERSION} has no recorded date`);
    const daysLeft = Math.floor((until.getTime() - new Date().getTime()) / DAY_MS);
    expect(
      daysLeft,
      `META_API_VERSION ${META_API_VERSION} ends on ${META_API_AVAILABLE_UNTIL[META_API_VERSION]} (Meta's Graph API changelog), in ${daysLeft} days: move META_API_VERSION in lambda/contract/meta-api-version.ts to a newer version that End User Messaging Social supports, adding Meta's newest dates to META_API_AVAILABLE_UNTIL`,
    ).toBeGreaterThan(WARNING_DAYS);
  });

  it('is one whose end Meta has dated, so the watch above has a date to go by', () => {
    expect(META_API_AVAILABLE_UNTIL[META_API_VERSION]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(availableUntil(META_API_VERSION)?.toISOString()).toBe(
      `${META_API_AVAILABLE_UNTIL[META_API_VERSION]}T00:00:00.000Z`,
    );
  });

  it('a version is expired from its date on, not the day before', () => {
    expect(metaApiVersionExpired('v20.0', new Date('2026-09-23T23:59:59Z'))).toBe(false);
    expect(metaApiVersionExpired('v20.0', new Date('2026-09-24T00:00:00Z'))).toBe(true);
    expect(metaApiVersionExpired('v99.0', new Date('2030-01-01T00:00:00Z'))).toBe(false);
  });

  it('the channel spec takes vNN.N and refuses anything else, naming the shape', () => {
    const spec = {
      kind: 'whatsapp',
      name: 'caisse',
      phoneNumberId: 'phone-number-id-0123456789abcdef0123456789abcdef',
      to: '+221771234567',
      route: { minLevel: 'LOW', also: [] },
    };
    expect(channelSpecSchema.safeParse({ ...spec, metaApiVersion: 'v25.0' }).success).toBe(true);
    const bad = channelSpecSchema.safeParse({ ...spec, metaApiVersion: '25' });
    expect(bad.success).toBe(false);
    expect(JSON.stringify(bad.error?.issues)).toMatch(/Graph API version such as v23\.0/);
  });
});
