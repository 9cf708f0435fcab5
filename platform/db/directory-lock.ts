import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What a data directory's lock file says about the process that holds it. */
type LockOwner = { readonly pid: number; readonly command: string; readonly since: string };

export type DirectoryLock = { release(): void };

const lockFileName = 'mercato.lock';

/** The embedded database is in use by another process: its files must not be opened twice. */
export class DirectoryLockedError extends Error {
  readonly owner: LockOwner;
  constructor(dir: string, owner: LockOwner) {
    super(
      `the data directory ${dir} is in use by process ${owner.pid} (${owner.command}, since ${owner.since}). ` +
        'Two processes on one embedded database would lose writes: use the running server (its admin API), ' +
        'or stop it and run the command again.',
    );
    this.name = 'DirectoryLockedError';
    this.owner = owner;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(path: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number'
      ? { pid: owner.pid, command: String(owner.command), since: String(owner.since) }
      : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Takes the data directory for this process alone: a lock file made with O_EXCL that
 * names the owner. A lock left by a process that died (kill -9, a crash) is taken over;
 * one held by a live process is refused with an error naming it. Released on `release()`
 * and, as a last resort, when this process exits.
 */
export function lockDirectory(dir: string, command: string = process.argv.slice(1).join(' ')): DirectoryLock {
  const path = join(dir, lockFileName);
  const me: LockOwner = { pid: process.pid, command, since: new Date().toISOString() };
  // Two tries: the second after clearing a lock whose owner is gone.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, JSON.stringify(me), { flag: 'wx' });
      const release = () => {
        process.off('exit', release);
        if (readOwner(path)?.pid === process.pid) unlinkSync(path);
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(path);
      if (owner !== undefined && owner.pid !== process.pid && alive(owner.pid))
        throw new DirectoryLockedError(dir, owner);
      if (owner?.pid === process.pid) throw new DirectoryLockedError(dir, owner);
      unlinkSync(path);
    }
  }
  throw new Error(`could not take the lock on ${dir}: another process keeps taking it`);
}
