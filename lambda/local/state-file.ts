import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  storedRecordFrom,
  type LoadedRecord,
  type StateStore,
  type StoredRecord,
} from '../state-store';

/** Alert state for `npm start`: a JSON file on disk, or memory for one-off sandbox runs. */

interface FileContent {
  readonly version: number;
  readonly record: StoredRecord;
}

export function createFileStateStore(file: string): StateStore {
  return {
    async load(): Promise<LoadedRecord> {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch {
        return { record: undefined, version: 0 };
      }
      let content: { version?: unknown; record?: unknown };
      try {
        content = JSON.parse(text) as typeof content;
      } catch {
        return { record: undefined, version: 0, problem: `${file} is not JSON` };
      }
      const version = typeof content.version === 'number' ? content.version : 0;
      const parsed = storedRecordFrom(content.record);
      return 'record' in parsed
        ? { record: parsed.record, version }
        : { record: undefined, version, problem: parsed.problem };
    },
    async save(record, expectedVersion) {
      const current = await this.load();
      if (current.version !== expectedVersion) return false;
      await mkdir(path.dirname(file), { recursive: true });
      const content: FileContent = { version: expectedVersion + 1, record };
      // Write then rename: a crash never leaves half a file.
      await writeFile(`${file}.tmp`, `${JSON.stringify(content, null, 2)}\n`);
      await rename(`${file}.tmp`, file);
      return true;
    },
  };
}

export function createMemoryStateStore(): StateStore & {
  readonly current: () => StoredRecord | undefined;
} {
  let version = 0;
  let stored: StoredRecord | undefined;
  return {
    load: () => Promise.resolve({ record: stored, version }),
    save(record, expectedVersion) {
      if (expectedVersion !== version) return Promise.resolve(false);
      stored = record;
      version += 1;
      return Promise.resolve(true);
    },
    current: () => stored,
  };
}
