import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { healRecord, type StoredRecord } from './record';
import type { LoadedRecord, StateStore, StoredVersion } from './state-store';

/** State for `npm start` against the real API: a JSON file `{version, record}` on disk. */
export function createFileStateStore(file: string): StateStore {
  async function read(now: Date): Promise<LoadedRecord> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      return { record: undefined, version: { token: 0 }, problems: [] };
    }
    let content: { version?: unknown; record?: unknown };
    try {
      content = JSON.parse(text) as typeof content;
    } catch {
      return {
        record: undefined,
        version: { token: 'corrupt' },
        problems: [`${file} is not JSON`],
      };
    }
    const healed = healRecord(content.record, now);
    return {
      record: healed.record,
      version: { token: content.version ?? 0 },
      problems: healed.problems,
    };
  }
  return {
    load: read,
    async save(record: StoredRecord, expected: StoredVersion) {
      const current = await read(new Date());
      if (current.version.token !== expected.token) return undefined;
      const version = typeof expected.token === 'number' ? expected.token + 1 : 1;
      await mkdir(path.dirname(file), { recursive: true });
      // Write then rename: a crash never leaves half a file.
      await writeFile(`${file}.tmp`, `${JSON.stringify({ version, record }, null, 2)}\n`);
      await rename(`${file}.tmp`, file);
      return { token: version };
    },
  };
}
