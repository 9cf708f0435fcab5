/**
 * Object storage: files under the data directory by default, an S3 API in
 * production. Keys are relative paths like `products/ab/abcdef….webp`.
 */
export type StoredObject = {
  readonly bytes: Uint8Array;
  readonly contentType: string;
};

export interface ObjectStore {
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  get(key: string): Promise<StoredObject | undefined>;
  has(key: string): Promise<boolean>;
  delete(key: string): Promise<void>;
}
