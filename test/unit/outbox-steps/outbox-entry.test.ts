import { describe, expect, it } from 'vitest';
import { parseOutboxEntry } from '../../../lambda/delivery/outbox-entry';
import { due, entry, eventOf, legacyEntry } from './fixtures';

/** An outbox entry read back from storage: kept whole, or refused whole. */

describe('parseOutboxEntry', () => {
  it('reads back what the outbox stores, a migrated entry with its old message', () => {
    const stored = entry('e', eventOf('LOW'), { chat: due() });
    expect(parseOutboxEntry(JSON.parse(JSON.stringify(stored)))).toEqual(stored);
    expect(parseOutboxEntry(stored)).not.toHaveProperty('legacy');
    const legacy = legacyEntry('l', { chat: due() });
    expect(parseOutboxEntry(JSON.parse(JSON.stringify(legacy)))).toEqual(legacy);
  });

  it('refuses an entry that does not hold together, or whose event is not an alert', () => {
    const stored = entry('e', eventOf('LOW'), { chat: due() });
    expect(parseOutboxEntry({ ...stored, id: '' })).toBeUndefined();
    expect(parseOutboxEntry({ ...stored, event: { severity: 'LOUD' } })).toBeUndefined();
  });
});
