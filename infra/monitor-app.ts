import { App, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONTEXT_KEY, type DeployConfig } from './config';
import { MonitoringStack } from './monitoring-stack';
import { readCdkJson } from './cdk-json';
import { checkWhatsAppRegion } from './config/whatsapp-region';

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

/**
 * The monitor's stack, and cdk-nag over the whole app. The stack names no region: it goes where
 * the CLI's credentials point, which the CLI tells the app in CDK_DEFAULT_REGION; a channel
 * bound to a region (WhatsApp) is checked against it here, before anything is built.
 */
export function addMonitor(app: App, config: DeployConfig): MonitoringStack {
  checkWhatsAppRegion(config, process.env.CDK_DEFAULT_REGION);
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
