import { App } from 'aws-cdk-lib';
import { CONTEXT_KEY, parseDeployConfig } from './config';
import { addMonitor } from './monitor-app';

const app = new App();
addMonitor(app, parseDeployConfig(app.node.tryGetContext(CONTEXT_KEY)));
app.synth();
