import * as z from './zod';
import { optionalString } from './env-rules';

/**
 * The stack's queue of alerts given up on (infra/parked-alerts.ts): each function that parks a
 * delivery (the check, the WhatsApp event function) sends it there. SQS counts what it is sent
 * (`NumberOfMessagesSent`, AWS's own metric, free), which the "alert given up" alarm reads, and
 * keeps the messages 14 days for operators to read. Absent (on a machine, in most tests): the
 * park is only logged.
 */
export const PARKED_QUEUE_URL_PATTERN =
  /^https?:\/\/[^\s/]+(\/[^\s/]+)?\/\d{12}\/[A-Za-z0-9_-]{1,80}$/;

export const parkedQueueUrl = () =>
  z.pipe(
    optionalString(),
    z.optional(
      z.string().check(
        z.regex(PARKED_QUEUE_URL_PATTERN, {
          error: 'must be the URL of an SQS queue (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)',
        }),
      ),
    ),
  );
