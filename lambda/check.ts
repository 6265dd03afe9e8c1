import { renderAlert, type RenderedAlert } from './alerting/messages';
import { decide } from './alerting/policy';
import type {
  AlertAttributes,
  BalanceStatus,
  Locale,
  Severity,
  Thresholds,
} from './alerting/types';
import type { BalanceReading } from './dexchange/client';

/**
 * One check, start to end: key -> balance -> decision -> publish. It talks to the world only
 * through these ports, so the Lambda handler, `npm start` and the tests wire in what they need.
 */

export interface CheckPorts {
  readonly apiKey: { read(): Promise<string> };
  readonly dexchange: { getBalance(apiKey: string, deadline?: number): Promise<BalanceReading> };
  readonly alerts: { publish(alert: RenderedAlert, attributes: AlertAttributes): Promise<unknown> };
}

export interface CheckSettings {
  readonly account: string;
  readonly thresholds: Thresholds;
  readonly locale: Locale;
}

/** What the handler returns (DESIGN.md, "The function's contract"). */
export interface CheckSummary {
  readonly account: string;
  readonly status: BalanceStatus;
  readonly balance: number;
  readonly currency: string;
  /** Severities of the notifications this check published, in order. */
  readonly events: readonly Severity[];
}

export interface CheckOutcome {
  readonly summary: CheckSummary;
  readonly reading: BalanceReading;
  readonly alerts: readonly RenderedAlert[];
}

export interface CheckTiming {
  /** The check's clock reading: every decision uses this one instant. */
  readonly now: Date;
  /** Epoch ms by which the balance must have been read (leaves time to publish). */
  readonly deadline?: number;
}

/** Runs one check. A failed read throws the client's or the secret's typed error. */
export async function runCheck(
  ports: CheckPorts,
  settings: CheckSettings,
  timing: CheckTiming,
): Promise<CheckOutcome> {
  const apiKey = await ports.apiKey.read();
  const reading = await ports.dexchange.getBalance(apiKey, timing.deadline);
  const decision = decide(reading, settings.thresholds, settings.account, timing.now);
  const alerts: RenderedAlert[] = [];
  for (const event of decision.events) {
    const alert = renderAlert(event, settings.locale);
    await ports.alerts.publish(alert, { severity: event.severity, account: event.account });
    alerts.push(alert);
  }
  return {
    summary: {
      account: settings.account,
      status: decision.status,
      balance: reading.balance,
      currency: reading.currency,
      events: decision.events.map((event) => event.severity),
    },
    reading,
    alerts,
  };
}
