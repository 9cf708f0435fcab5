import type { ObjectStore, StoredObject } from './port.ts';

/** Objects in a Map: for tests. */
export function memoryObjectStore(): ObjectStore & { readonly size: () => number } {
  const objects = new Map<string, StoredObject>();
  return {
    async put(key, bytes, contentType) {
      objects.set(key, { bytes: new Uint8Array(bytes), contentType });
    },
    async get(key) {
      return objects.get(key);
    },
    async has(key) {
      return objects.has(key);
    },
    async delete(key) {
      objects.delete(key);
    },
    size: () => objects.size,
  };
}
