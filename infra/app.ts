import { App } from 'aws-cdk-lib';
import { CONTEXT_KEY, DeployConfigError, parseDeployConfig } from './config';
import { addMonitor } from './monitor-app';

// A config the user must fix is said in plain lines, with no stack trace (the trace would
// point into this file, not into cdk.json); anything else is a bug and keeps its trace.
try {
  const app = new App();
  addMonitor(app, parseDeployConfig(app.node.tryGetContext(CONTEXT_KEY)));
  app.synth();
} catch (error) {
  if (!(error instanceof DeployConfigError)) throw error;
  process.stderr.write(error.report());
  process.exitCode = 1;
}
