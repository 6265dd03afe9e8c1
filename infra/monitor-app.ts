import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONTEXT_KEY, type DeployConfig } from './config';
import { MonitoringStack } from './monitoring-stack';
import { readCdkJson } from './cdk-json';

/**
 * The app `cdk synth` builds, in one place, so the tests, the cost estimate and the benchmarks
 * synthesize the very template users deploy: the same stack name and description, cdk-nag, and
 * cdk.json's feature flags (which change the IAM policies written, e.g. minimizePolicies).
 */
export const STACK_NAME = 'DexchangeBalanceMonitor';

let flags: Record<string, unknown> | undefined;

/** cdk.json's context without the deploy config: the feature flags the CLI hands the app. */
export function featureFlags(): Record<string, unknown> {
  flags ??= readFeatureFlags();
  return flags;
}

function readFeatureFlags(): Record<string, unknown> {
  const cdkJson = readCdkJson();
  return Object.fromEntries(
    Object.entries(cdkJson.context ?? {}).filter(([key]) => key !== CONTEXT_KEY),
  );
}

/** The monitor's stack, and cdk-nag over the whole app. */
export function addMonitor(app: App, config: DeployConfig): MonitoringStack {
  const stack = new MonitoringStack(app, STACK_NAME, {
    config,
    description: 'Watches a DEXCHANGE balance and alerts by e-mail and SMS before payouts fail',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return stack;
}

/** An app outside the CLI, given what the CLI would give it: cdk.json's flags. */
export function appLikeTheCli(props: AppProps = {}): App {
  return new App({ ...props, context: { ...featureFlags(), ...props.context } });
}
