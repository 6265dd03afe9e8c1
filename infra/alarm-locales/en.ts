import type { AlarmCatalog, AlarmFacts } from '../alarm-catalog';

const queries = (f: AlarmFacts) =>
  `CloudWatch Logs Insights, saved queries in folder ${f.queries ?? ''}`;
const footer = 'ALARM: broken now. OK: working again, nothing to do.';

/** The English alarm texts (alarm-catalog.ts says what each must tell). */
export const en = {
  'no-completed-check': {
    name: 'no-completed-check',
    description: (f) =>
      `What is broken: a DEXCHANGE account has completed no balance check for longer than its schedule ever pauses (failing or stopped), or the subscription-health job has completed no run for ${f.jobOverdueHours ?? ''} hours (stopped, or unable to tell the operators of an address unsubscribed), or the watchdog stopped. Until fixed, nobody hears of a low balance on that account, or of an operator left without alarms. A DEXCHANGE outage is a FAILING alert, not this. What to do: in ${queries(f)}, "overdue" names them; check that their EventBridge Scheduler schedule is enabled; read the errors with "errors" (checks) and "watchdog-errors" (watchdog, job). The dead-letter queue ${f.deadLetterQueueName ?? ''} holds Scheduler's reason for a run it could not start. ALARM: broken now (a late job: an hour a day at most, then OK). OK: no account late; "overdue" names a job still late.`,
  },
  'schedule-dropped': {
    name: 'schedule-cannot-invoke',
    description: (f) => {
      // (Without the list: all it may cover. The stack creates this alarm only when it covers some.)
      const covers = f.deadLetterCovers ?? ['digests', 'whatsapp'];
      const what = [
        covers.includes('digests')
          ? 'EventBridge Scheduler could not start a morning digest, even after retrying'
          : '',
        covers.includes('whatsapp')
          ? `the WhatsApp events function failed three times on an event (a failed WhatsApp delivery or an "I'm on it" press, then not recorded)`
          : '',
      ].filter((part) => part !== '');
      return `What is broken: ${what.join(', or ')}; each is kept 14 days in the dead-letter queue ${f.deadLetterQueueName ?? ''}. (A check, the watchdog or the subscription-health job Scheduler cannot start is not counted here: it raises no-completed-check once late.) What to do: read a message of the queue: it names the function and the reason; ${covers.includes('digests') ? 'for a digest, check that the function exists and that its scheduler role may invoke it; ' : ''}${covers.includes('whatsapp') ? 'for the WhatsApp events function, read its log at that time; ' : ''}then purge the queue. ALARM: a run was missed in the last 5 minutes. OK: no run missed since.`;
    },
  },
  'sms-spend': {
    name: 'sms-spend-near-limit',
    description: (f) =>
      `What is at risk: this AWS account has spent more than USD ${f.thresholdUsd ?? ''} on SMS this month, near its limit of USD ${f.limitUsd ?? ''}. Past the limit, SNS stops sending SMS alerts until next month. What to do: raise the SMS spend limit (an AWS support case, then SNS > Text messaging (SMS) > Edit), and set smsMonthlySpendLimitUsd to match. ${footer}`,
  },
  'alert-parked': {
    name: 'alert-given-up',
    description: (f) =>
      `What is broken: a balance check gave up on an alert: a channel refused it for good (a changed topic policy, a disabled KMS key, a bad webhook address) or it kept failing for 6 hours. The alert is recorded in that account's state item as undeliverable, with its error, and newer alerts still go out. What to do: the messages of SQS queue ${f.queueName ?? ''} (kept 14 days), or the query "undeliverable" (${queries(f)}), name the account, the channel and the error; fix that channel, then send a test alert. ALARM: an alert was given up in the last 5 minutes. OK: none since.`,
  },
  'alerts-undelivered': {
    name: 'alerts-undelivered',
    description: (f) =>
      `What is broken: SNS could not deliver some balance alerts of topic ${f.topicName ?? ''} (an e-mail or SMS recipient refused, an opted-out or unverified number, the SMS spend limit). What to do: look at the topic's subscriptions and, for SMS, the SNS console's Text messaging (SMS) page (opted-out numbers, sandbox, spend); fix the subscription, then send a test alert. ALARM: a delivery failed in the last 5 minutes. OK: none since.`,
  },
  'callbacks-unavailable': {
    name: 'callbacks-unavailable',
    description: (f) =>
      `What is broken: DEXCHANGE's callbacks start no check: the callback receiver (function ${f.functionName ?? ''}) answered with a 5xx (its key, a signing secret, the state table or Lambda could not be used, or it crashed). No alert is lost: the scheduled checks go on, but a payout is noticed at the next scheduled check, not within seconds. What to do: in its log group ${f.logGroupName ?? ''}, the lines "callback" with status 503 name the part that failed (failure) and the AWS error (error). A key deleted or replaced changes every URL: run the stack's output CallbackUrlsCommand and paste each account's URL again. ALARM: a callback failed in the last 5 minutes. OK: none since.`,
  },
  'callbacks-refused': {
    name: 'callbacks-refused',
    description: (f) =>
      `What is broken: DEXCHANGE's callbacks are refused, so they start no check: the callback receiver (function ${f.functionName ?? ''}) answered 4xx to 3 or more in an hour: a signature that does not match (callbackSigningSecret or callbacks.signatureHeader differs from what DEXCHANGE sends), a body it does not take (a field or a type DEXCHANGE's SDK does not name), a URL of an old key (404), or more callbacks than it takes at once (429). No alert is lost: the scheduled checks go on, but a payout is noticed at the next scheduled check, not within seconds. What to do: in its log group ${f.logGroupName ?? ''}, the lines "callback" say the status and the reason (signature, not-a-callback, unknown); fix the secret, the header or the URL (CallbackUrlsCommand). ALARM: 3 refused in the last hour. OK: fewer since.`,
  },
} satisfies AlarmCatalog;
