import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { CONTEXT_KEY, parseDeployConfig } from './config';
import { MonitoringStack } from './monitoring-stack';

const app = new App();
const config = parseDeployConfig(app.node.tryGetContext(CONTEXT_KEY));
new MonitoringStack(app, 'DexchangeBalanceMonitor', {
  config,
  description: 'Watches a DEXCHANGE balance and alerts by e-mail and SMS before payouts fail',
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
app.synth();
