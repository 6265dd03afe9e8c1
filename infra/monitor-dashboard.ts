import { Duration } from 'aws-cdk-lib';
import {
  Color,
  Dashboard,
  GraphWidget,
  Shading,
  TextWidget,
  type HorizontalAnnotation,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import type { BalanceMonitor } from './balance-monitor';
import { METRIC } from '../lambda/contract/metrics';

export interface MonitorDashboardProps {
  readonly monitor: BalanceMonitor;
  /** CloudWatch dashboard name ([A-Za-z0-9_-]). */
  readonly dashboardName: string;
}

/** One account at a glance: the balance against its thresholds, check outcomes, API latency. */
export class MonitorDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitorDashboardProps) {
    super(scope, id);
    const { monitor } = props;
    const period = Duration.minutes(5);
    const thresholds: HorizontalAnnotation[] = [
      {
        value: monitor.lowBalanceThreshold,
        label: 'LOW',
        color: Color.ORANGE,
        fill: Shading.BELOW,
      },
    ];
    if (monitor.criticalBalanceThreshold !== undefined) {
      thresholds.push({
        value: monitor.criticalBalanceThreshold,
        label: 'CRITICAL',
        color: Color.RED,
        fill: Shading.BELOW,
      });
    }

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(7),
      widgets: [
        [
          new TextWidget({
            markdown: `# DEXCHANGE balance: ${monitor.accountName}\nChecked on \`${monitor.scheduleExpression}\`. Alerts go to the topic in this stack's outputs.`,
            width: 24,
            height: 2,
          }),
        ],
        [
          new GraphWidget({
            title: 'Balance',
            width: 24,
            left: [
              monitor.metric(METRIC.balance, {
                period,
                statistic: 'Minimum',
                label: 'Balance (minimum per 5 min)',
              }),
            ],
            leftAnnotations: thresholds,
            leftYAxis: { showUnits: false },
          }),
        ],
        [
          new GraphWidget({
            title: 'Checks',
            width: 8,
            left: [
              monitor.metric(METRIC.checkSucceeded, {
                period,
                statistic: 'Sum',
                label: 'Completed',
                color: Color.GREEN,
              }),
              monitor.metric(METRIC.readFailed, {
                period,
                statistic: 'Sum',
                label: 'Balance unreadable (DEXCHANGE or secret)',
                color: Color.ORANGE,
              }),
              monitor.metric(METRIC.checkFailed, {
                period,
                statistic: 'Sum',
                label: 'Monitor broken',
                color: Color.RED,
              }),
            ],
          }),
          new GraphWidget({
            title: 'DEXCHANGE API latency (ms)',
            width: 8,
            left: [
              monitor.metric(METRIC.apiLatency, { period, statistic: 'p50', label: 'p50' }),
              monitor.metric(METRIC.apiLatency, { period, statistic: 'p95', label: 'p95' }),
              monitor.metric(METRIC.apiLatency, { period, statistic: 'Maximum', label: 'max' }),
            ],
          }),
          new GraphWidget({
            title: 'Runway: minutes until empty at the current pace',
            width: 8,
            left: [
              monitor.metric(METRIC.runwayMinutes, {
                period,
                statistic: 'Minimum',
                label: 'runway (min)',
              }),
            ],
            leftYAxis: { min: 0, showUnits: false },
          }),
        ],
      ],
    });
  }
}
