import { describe, expect, it } from 'vitest';
import { LINK_KEY_ITEM_KEY, linkKeyItemSchema } from '../../lambda/contract/link-key';
import {
  linkKeyForSigning,
  linkKeyForVerifying,
  memoryLinkKeyItems,
  type LinkKeyItems,
} from '../../lambda/stores/link-key';

/**
 * The link key's store over its in-memory item (the DynamoDB one, on moto:
 * test/integration/link-key.test.ts): the first check that signs creates 32 random bytes,
 * two first uses at once end with one key, a second read within the cache period reads
 * nothing, the verifiers never create, and no error carries the key.
 */

const MINUTE = 60_000;
const clock = (start = Date.parse('2026-12-07T10:00:00Z')) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

/** Holds every create until `count` of them are waiting: both first uses saw no item. */
function racing(items: LinkKeyItems, count: number): LinkKeyItems & { created: number } {
  let waiting = 0;
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const racer = {
    where: items.where,
    created: 0,
    get: () => items.get(),
    async createIfAbsent(item: Parameters<LinkKeyItems['createIfAbsent']>[0]) {
      waiting += 1;
      if (waiting === count) release();
      await gate;
      const won = await items.createIfAbsent(item);
      if (won) racer.created += 1;
      return won;
    },
  };
  return racer;
}

describe('the link key, signing side (the checks)', () => {
  it('first use creates the item: 32 random bytes, as the schema wants, and returns them', async () => {
    const items = memoryLinkKeyItems();
    const { now } = clock();
    const key = await linkKeyForSigning({ items, maxAgeSeconds: 300, now }).read();
    expect(Buffer.from(key, 'base64url')).toHaveLength(32);
    const stored = linkKeyItemSchema().parse(await items.get());
    expect(stored).toEqual({
      account: LINK_KEY_ITEM_KEY,
      key,
      createdAt: '2026-12-07T10:00:00.000Z',
    });
    // Random, not derived: another table gets another key.
    const other = await linkKeyForSigning({
      items: memoryLinkKeyItems(),
      maxAgeSeconds: 300,
    }).read();
    expect(other).not.toBe(key);
  });

  it('two first uses at once (two containers, both finding no item) end with one key, both signing with it', async () => {
    const items = racing(memoryLinkKeyItems(), 2);
    const [a, b] = await Promise.all([
      linkKeyForSigning({ items, maxAgeSeconds: 300 }).read(),
      linkKeyForSigning({ items, maxAgeSeconds: 300 }).read(),
    ]);
    expect(a).toBe(b);
    expect(items.created).toBe(1);
    expect(linkKeyItemSchema().parse(await items.get()).key).toBe(a);
  });

  it('a second read within the cache period reads nothing; past it, the item is read again', async () => {
    const items = memoryLinkKeyItems();
    const time = clock();
    const key = linkKeyForSigning({ items, maxAgeSeconds: 300, now: time.now });
    const first = await key.read();
    const reads = items.reads;
    time.advance(4 * MINUTE);
    expect(await key.read()).toBe(first);
    expect(items.reads).toBe(reads);
    time.advance(2 * MINUTE);
    expect(await key.read()).toBe(first);
    expect(items.reads).toBe(reads + 1);
  });

  it('uses the key already there, and never replaces it', async () => {
    const items = memoryLinkKeyItems();
    const first = await linkKeyForSigning({ items, maxAgeSeconds: 0 }).read();
    const again = await linkKeyForSigning({
      items,
      maxAgeSeconds: 0,
      random: () => Buffer.alloc(32, 1),
    }).read();
    expect(again).toBe(first);
  });

  it('a damaged item is an error naming the item and the fix, never its value', async () => {
    const secret = 'not-a-key-but-secret-all-the-same-0123456789';
    const items: LinkKeyItems = {
      where: 'item #link-key of table T',
      get: () =>
        Promise.resolve({
          account: LINK_KEY_ITEM_KEY,
          key: secret,
          createdAt: '2026-12-07T10:00:00Z',
        }),
      createIfAbsent: () => Promise.resolve(false),
    };
    const error = await linkKeyForSigning({ items, maxAgeSeconds: 300 })
      .read()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(
      'the link key (item #link-key of table T) is damaged: key must be 32 bytes',
    );
    expect(message).toContain('delete the item');
    expect(message).not.toContain(secret);
    expect(message).not.toContain(secret.slice(0, 8));
  });
});

describe('the link key, verifying side (the page, the buttons)', () => {
  it('with no item yet, answers none, creates nothing, and does not cache the absence', async () => {
    const items = memoryLinkKeyItems();
    const verifier = linkKeyForVerifying({ items, maxAgeSeconds: 300 });
    expect(await verifier.read()).toBeUndefined();
    expect(await items.get()).toBeUndefined();
    // A check creates it a moment later: the very next read sees it.
    const key = await linkKeyForSigning({ items, maxAgeSeconds: 300 }).read();
    expect(await verifier.read()).toBe(key);
  });

  it('caches the key it read for the cache period', async () => {
    const items = memoryLinkKeyItems();
    const time = clock();
    const key = await linkKeyForSigning({ items, maxAgeSeconds: 300 }).read();
    const verifier = linkKeyForVerifying({ items, maxAgeSeconds: 300, now: time.now });
    expect(await verifier.read()).toBe(key);
    const reads = items.reads;
    time.advance(MINUTE);
    expect(await verifier.read()).toBe(key);
    expect(items.reads).toBe(reads);
  });
});
