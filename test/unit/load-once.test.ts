import { describe, expect, it } from 'vitest';
import { loadOnce } from '../../lambda/channels/load-once';

describe('loadOnce', () => {
  it('loads once for every call, those made while it loads included', async () => {
    let loads = 0;
    const load = loadOnce(async () => {
      loads += 1;
      await new Promise((resolve) => setImmediate(resolve));
      return { client: loads };
    });
    const [a, b] = await Promise.all([load(), load()]);
    expect(a).toBe(b);
    expect(await load()).toBe(a);
    expect(loads).toBe(1);
  });

  it('forgets a load that failed, thrown or rejected, and tries again at the next call', async () => {
    let calls = 0;
    const load = loadOnce(() => {
      calls += 1;
      if (calls === 1) throw new Error('the file could not be read');
      if (calls === 2) return Promise.reject(new Error('the client could not be built'));
      return 'ready';
    });
    await expect(load()).rejects.toThrow('the file could not be read');
    await expect(load()).rejects.toThrow('the client could not be built');
    expect(await load()).toBe('ready');
    expect(await load()).toBe('ready');
    expect(calls).toBe(3);
  });
});
