import { describe, expect, it } from 'vitest';
import { whatsappDeliveryError } from '../../lambda/channels/whatsapp-errors';
import { lateFailureMeaning } from '../../lambda/messages/whatsapp/late-failure';

/**
 * Meta's codes refused at send time (the same codes mostly come late, as failed statuses):
 * the payment, engagement and experiment codes are parked at once, with what to do, never
 * retried for 6 hours; and every code the send-time table knows means something in the late
 * notice's table too.
 */

const refused = (code: number, title: string) =>
  whatsappDeliveryError(
    Object.assign(new Error(`(#${code}) ${title}`), { name: 'ValidationException' }),
  );

describe('WhatsApp refusals at send time', () => {
  it.each([
    [131042, 'Business eligibility payment issue', /payment method in Meta's Business Manager/],
    [131049, 'Healthy ecosystem engagement', /nothing to fix/],
    [130472, "User's number is part of an experiment", /experiment Meta runs: nothing to fix/],
  ])('%i is parked at once, with what to do', (code, title, hint) => {
    const error = refused(code, title);
    expect(error.permanent).toBe(true);
    expect(error.message).toMatch(hint);
    expect(lateFailureMeaning(code)).not.toBe('unknown');
  });
});
