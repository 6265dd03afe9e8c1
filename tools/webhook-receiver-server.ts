import { parseArgs } from 'node:util';
import { LOCAL_WEBHOOK_SECRET } from './local-webhook-secret';
import { startWebhookReceiver } from './webhook-receiver';

/**
 * `npm run webhook-receiver -- [--port 8787] [--secret whsec_...]`: a local receiver for the
 * monitor's webhooks. It verifies each request with the `standardwebhooks` library (signature,
 * timestamp), then the webhook-id and the JSON Schema, and prints what arrived and whether it
 * holds. Stops on Ctrl-C.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    secret: { type: 'string', default: process.env.WEBHOOK_SIGNING_SECRET ?? LOCAL_WEBHOOK_SECRET },
  },
});
const receiver = await startWebhookReceiver({
  secret: values.secret,
  port: Number(values.port),
  onReceive: (r) => {
    const body = r.body as { severity?: string; account?: string; text?: { subject?: string } };
    const verdict =
      r.problems.length === 0
        ? `verified by standardwebhooks, webhook-id ${String(r.headers['webhook-id'])}`
        : `REFUSED: ${r.problems.join('; ')}`;
    process.stdout.write(
      `${new Date().toISOString()} ${body.severity ?? '?'} ${body.account ?? '?'}: ${body.text?.subject ?? ''} [${verdict}]\n`,
    );
  },
});
process.stdout.write(
  `Webhook receiver at ${receiver.url} (signing secret "${values.secret}"); send to it with\n  npm start -- --balance 1000 --threshold 5000 --webhook ${receiver.url} --webhook-secret ${values.secret}\n`,
);
const stop = () => void receiver.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
