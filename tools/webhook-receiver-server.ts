import { parseArgs } from 'node:util';
import { startWebhookReceiver } from './webhook-receiver';

/**
 * `npm run webhook-receiver -- [--port 8787] [--secret S]`: a local receiver for the monitor's
 * webhooks. It checks each request as an integrator should (signature, timestamp, idempotency
 * key, JSON Schema) and prints what arrived and whether it holds. Stops on Ctrl-C.
 */
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    secret: { type: 'string', default: process.env.WEBHOOK_SIGNING_SECRET ?? 'local-dev-secret' },
  },
});
const receiver = await startWebhookReceiver({
  secret: values.secret,
  port: Number(values.port),
  onReceive: (r) => {
    const body = r.body as { severity?: string; account?: string; text?: { subject?: string } };
    const verdict = r.problems.length === 0 ? 'verified' : `REFUSED: ${r.problems.join('; ')}`;
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
