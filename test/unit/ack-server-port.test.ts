import { describe, expect, it } from 'vitest';
import { startAckServer } from '../../tools/ack-server';

/** `npm start -- --ack-port N` on a port already taken: an error that says what to do. */

const deps = {
  key: () => Promise.resolve('ack-key-for-tests-0123456789abcdef0123456789'),
  store: () => {
    throw new Error('not used');
  },
  now: () => new Date(),
  timeZone: 'Africa/Dakar',
  stateHealed: () => {},
};

describe('the local acknowledge page', () => {
  it('refuses a port already in use by name, instead of crashing', async () => {
    const first = await startAckServer(deps);
    try {
      const port = Number(new URL(first.url).port);
      await expect(startAckServer(deps, port)).rejects.toThrow(
        `--ack-port ${port}: the port is already in use; choose another`,
      );
    } finally {
      await first.close();
    }
  });
});
