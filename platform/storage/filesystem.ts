import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { assert } from '../kernel/index.ts';
import type { ObjectStore } from './port.ts';

const keyPattern = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i;
const keyLengthMax = 512;

const contentTypes: Record<string, string> = {
  webp: 'image/webp',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  avif: 'image/avif',
  json: 'application/json',
};

/**
 * Objects as files under `root` (the data directory's `objects/`). The content type
 * follows from the key's extension. Writes go to a temporary file renamed into
 * place, so a reader never sees half an object.
 */
export function filesystemObjectStore(root: string): ObjectStore {
  const base = resolve(root);
  const pathOf = (key: string): string => {
    assert(key.length <= keyLengthMax && keyPattern.test(key), `invalid object key: ${key}`);
    const path = resolve(join(base, key));
    assert(path.startsWith(base + sep), `object key escapes the store: ${key}`);
    return path;
  };
  return {
    async put(key, bytes) {
      const path = pathOf(key);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, path);
    },
    async get(key) {
      try {
        const bytes = await readFile(pathOf(key));
        const extension = key.slice(key.lastIndexOf('.') + 1).toLowerCase();
        return { bytes: new Uint8Array(bytes), contentType: contentTypes[extension] ?? 'application/octet-stream' };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async has(key) {
      try {
        await stat(pathOf(key));
        return true;
      } catch {
        return false;
      }
    },
    async delete(key) {
      await rm(pathOf(key), { force: true });
    },
  };
}
