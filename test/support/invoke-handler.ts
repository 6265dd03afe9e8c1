/** Runs the handler once in its own process, with the environment it inherits (fault matrix). */
import { handler } from '../../lambda/handler';

await handler({}, { getRemainingTimeInMillis: () => 30_000 }).catch(() => undefined);
