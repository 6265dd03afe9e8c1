import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stateStoreOver, type RawRead } from './envelope';
import { healRecord, type StoredRecord } from './record';
import type { StateStore } from './state-store';

/** State for `npm start` against the real API: a JSON file `{version, record}` on disk. */
export function createFileStateStore(file: string): StateStore {
  async function read(now: Date): Promise<RawRead> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return { record: undefined, token: 0, problems: [] };
    }
    let content: { version?: unknown; record?: unknown };
    try {
      content = JSON.parse(text) as typeof content;
    } catch {
      return { record: undefined, token: 'corrupt', problems: [`${file} is not JSON`] };
    }
    const healed = healRecord(content.record, now);
    return { record: healed.record, token: content.version ?? 0, problems: healed.problems };
  }
  return stateStoreOver({
    read,
    async write(record: StoredRecord, expected: unknown) {
      const current = await read(new Date());
      if (current.token !== expected) return undefined;
      const version = typeof expected === 'number' ? expected + 1 : 1;
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename: a crash never leaves half a file.
      await writeFile(`${file}.tmp`, `${JSON.stringify({ version, record }, null, 2)}\n`);
      await rename(`${file}.tmp`, file);
      return { token: version };
    },
  });
}
