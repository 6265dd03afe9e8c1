/**
 * What each alarm tells the operator, in the deploy config's locale: what is broken, what it
 * means for the alerts, and what to do. CloudWatch puts the description in the body of every
 * ALARM and OK notification (its own frame around it is English), and the alarm's name in the
 * subject, so both carry the meaning. Written here, in the template, because an alarm must
 * reach a person even when the function it watches is broken: so infra/ keeps its own catalog
 * pair (alarm-locales/), typed like the function's (lambda/messages/catalog.ts), since infra/
 * imports nothing of the function but lambda/contract/.
 */

export const ALARM_KINDS = [
  'no-completed-check',
  'schedule-dropped',
  'sms-spend',
  'alerts-undelivered',
  'alert-parked',
  'callbacks-unavailable',
  'callbacks-refused',
] as const;
export type AlarmKind = (typeof ALARM_KINDS)[number];

export interface AlarmFacts {
  /** The watchdog function, its log group and its schedule. */
  readonly functionName?: string;
  readonly logGroupName?: string;
  readonly scheduleName?: string;
  /** The folder of the stack's saved Logs Insights queries ("DexchangeBalanceMonitor"). */
  readonly queries?: string;
  readonly limitUsd?: number;
  readonly thresholdUsd?: number;
  readonly topicName?: string;
  /** The queue that keeps the alerts given up on (infra/parked-alerts.ts). */
  readonly queueName?: string;
  /**
   * A dead-letter queue: where Scheduler's reason for a run it could not start is (the
   * schedules' queue in the dead-man switch's text, the alarmed one in the dead-letter alarm's).
   */
  readonly deadLetterQueueName?: string;
  /** The subscription-health job is overdue after this many hours without a completed run. */
  readonly jobOverdueHours?: number;
  /**
   * What only the dead-letter alarm sees (a lost run the dead-man switch cannot): the morning
   * digests' schedules, the WhatsApp events function's failed events.
   */
  readonly deadLetterCovers?: readonly DeadLetterCover[];
}

export type DeadLetterCover = 'digests' | 'whatsapp';

/** One language's alarm texts: each `satisfies AlarmCatalog`, so none lacks an alarm. */
export type AlarmCatalog = {
  readonly [K in AlarmKind]: {
    /** The alarm name's last part: short, ASCII, readable in the e-mail subject. */
    readonly name: string;
    /** The alarm's description (CloudWatch allows 1024 characters). */
    readonly description: (facts: AlarmFacts) => string;
  };
};
