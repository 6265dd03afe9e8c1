import { Duration, Stack } from 'aws-cdk-lib';
import {
  Dashboard,
  LogQueryVisualizationType,
  LogQueryWidget,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { QueryDefinition, QueryString, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface MonitorInsightsProps {
  /** The balance checks' log groups, one per account. */
  readonly checkLogGroups: readonly ILogGroup[];
  readonly watchdogLogGroup: ILogGroup;
  /** The subscription-health job's log group: its errors are read with the watchdog's. */
  readonly jobLogGroup: ILogGroup;
  /**
   * A CloudWatch dashboard for the stack (USD 3 a month, past CloudWatch's 3 free ones).
   * @default false
   */
  readonly dashboard: boolean;
}

/** CloudWatch Logs Insights reads at most 50 log groups a query. */
export const LOG_GROUPS_PER_QUERY = 50;

/**
 * The lines of a failure: our own ERROR and WARN lines (Powertools' JSON, `level`), and what the
 * Lambda runtime writes itself in its text format, which has no `level` field: an error a
 * handler throws ("Invoke Error", with errorType and errorMessage), and a timeout. Without the
 * latter two, a function that fails before it logs (a refused role, an SNS error) shows nothing.
 */
const UNCAUGHT_OR_LOGGED =
  'level = "ERROR" or level = "WARN" or @message like /Invoke Error/ or @message like /Task timed out/';

/** Saved queries, as [name, query lines]: the checks' log lines hold what metrics used to. */
const CHECK_QUERIES = {
  balances: new QueryString({
    filterStatements: ['message = "check completed"'],
    statsStatements: [
      'latest(balance) as balance, min(balance) as lowest, latest(currency) as currency, latest(runwayMinutes) as runwayMin, max(@timestamp) as lastCheck by account',
    ],
  }),
  errors: new QueryString({
    fields: ['@timestamp', 'account', 'message', 'kind', 'reason', 'status', 'errorMessage'],
    filterStatements: [UNCAUGHT_OR_LOGGED],
    sort: '@timestamp desc',
    limit: 200,
  }),
  undeliverable: new QueryString({
    fields: ['@timestamp', 'account', 'channel', 'severity', 'error'],
    filterStatements: ['message = "alert undeliverable"'],
    sort: '@timestamp desc',
    limit: 100,
  }),
  latency: new QueryString({
    filterStatements: ['message = "check completed"'],
    statsStatements: [
      'pct(latencyMs, 50) as p50, pct(latencyMs, 95) as p95, max(latencyMs) as max by account',
    ],
  }),
};
// The overdue accounts, and the subscription-health job when it is overdue (its line names it
// in `job`, its account empty): the watchdog's two reasons to fail its run.
const OVERDUE_QUERY = new QueryString({
  filterStatements: [
    'message = "account without a completed check" or message = "subscription-health job without a completed run"',
  ],
  statsStatements: [
    'latest(minutes) as minutesWithoutCheck, latest(lastCheckAt) as lastCheck, latest(lastRunAt) as lastRun, max(@timestamp) as seen by account, job',
  ],
});

// Their own failures: @log names the log group (the watchdog's or the job's).
const WATCHDOG_ERRORS_QUERY = new QueryString({
  fields: ['@timestamp', '@log', 'message', 'errorMessage', 'error'],
  filterStatements: [UNCAUGHT_OR_LOGGED],
  sort: '@timestamp desc',
  limit: 200,
});

/**
 * What the stack gives to look at, at no monthly cost: saved Logs Insights queries in a folder
 * named after the stack (balances, errors, undeliverable alerts, API latency, overdue
 * accounts and job, the watchdog's and job's errors). A dashboard only when asked for: one for the stack, never one per account.
 */
export class MonitorInsights extends Construct {
  /** The saved queries' folder, as the console shows it. */
  readonly folder: string;
  /** The check log groups, by 50: what one query may read. */
  readonly checkLogGroupChunks: readonly (readonly ILogGroup[])[];
  readonly dashboard: Dashboard | undefined;

  constructor(scope: Construct, id: string, props: MonitorInsightsProps) {
    super(scope, id);
    this.folder = Stack.of(this).stackName;
    // A query reads at most 50 log groups: past 50 accounts, one more per 50 ("balances-2").
    const chunks: ILogGroup[][] = [];
    props.checkLogGroups.forEach((group, i) =>
      (chunks[Math.floor(i / LOG_GROUPS_PER_QUERY)] ??= []).push(group),
    );
    this.checkLogGroupChunks = chunks;
    for (const [name, query] of Object.entries(CHECK_QUERIES))
      chunks.forEach((logGroups, i) => {
        // The first keeps its plain name (and its logical id) as accounts are added.
        const suffix = i === 0 ? '' : `-${i + 1}`;
        new QueryDefinition(this, `Query-${name}${suffix}`, {
          queryDefinitionName: `${this.folder}/${name}${suffix}`,
          queryString: query,
          logGroups,
        });
      });
    new QueryDefinition(this, 'Query-overdue', {
      queryDefinitionName: `${this.folder}/overdue`,
      queryString: OVERDUE_QUERY,
      logGroups: [props.watchdogLogGroup],
    });
    // What the dead-man switch's text points to when no check is named: the watchdog's and the
    // subscription-health job's own warnings and errors (a crash, a role refused, SNS's errors).
    new QueryDefinition(this, 'Query-watchdog-errors', {
      queryDefinitionName: `${this.folder}/watchdog-errors`,
      queryString: WATCHDOG_ERRORS_QUERY,
      logGroups: [props.watchdogLogGroup, props.jobLogGroup],
    });

    this.dashboard = props.dashboard
      ? new Dashboard(this, 'Dashboard', {
          dashboardName: this.folder.slice(0, 255),
          defaultInterval: Duration.days(7),
          widgets: [
            [
              new TextWidget({
                markdown: `# DEXCHANGE balances\nOne row per account, from the checks' log lines. The saved queries in folder \`${this.folder}\` hold more.`,
                width: 24,
                height: 2,
              }),
            ],
            ...chunks.map((logGroups, i) => [
              new LogQueryWidget({
                title: chunks.length === 1 ? 'Balances' : `Balances (${i + 1})`,
                width: 24,
                height: 8,
                logGroupNames: logGroups.map((g) => g.logGroupName),
                queryString: CHECK_QUERIES.balances.toString(),
                view: LogQueryVisualizationType.TABLE,
              }),
            ]),
            [
              // The watchdog's own lines: it sends no metric (its alarm reads Lambda's Errors).
              new LogQueryWidget({
                title: 'Accounts and jobs without a completed run',
                width: 12,
                height: 6,
                logGroupNames: [props.watchdogLogGroup.logGroupName],
                queryString: OVERDUE_QUERY.toString(),
                view: LogQueryVisualizationType.TABLE,
              }),
              new LogQueryWidget({
                title:
                  chunks.length === 1 ? 'Warnings and errors' : 'Warnings and errors (first 50)',
                width: 12,
                height: 6,
                logGroupNames: (chunks[0] ?? []).map((g) => g.logGroupName),
                queryString: CHECK_QUERIES.errors.toString(),
                view: LogQueryVisualizationType.TABLE,
              }),
            ],
          ],
        })
      : undefined;
  }
}
