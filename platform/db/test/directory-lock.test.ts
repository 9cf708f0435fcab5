import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DirectoryLockedError, lockDirectory } from '../directory-lock.ts';
import { openPglite } from '../pglite.ts';

/** A second process holding `dir` open: it prints `held` once the lock is taken, then waits to be killed. */
function holder(dir: string) {
  const script = `
    const { openPglite } = await import(${JSON.stringify(new URL('../pglite.ts', import.meta.url).href)});
    await openPglite(${JSON.stringify(dir)});
    process.stdout.write('held\\n');
    setInterval(() => {}, 1000);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const held = new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('held') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited early (${code})`)));
  });
  return { child, held };
}

describe('the embedded database takes its data directory for one process', () => {
  const root = mkdtempSync(join(tmpdir(), 'mercato-lock-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('refuses a second process with an error naming the running one, and takes over after it died', async () => {
    const dir = join(root, 'shared');
    const { child, held } = holder(dir);
    try {
      await held;
      await assert.rejects(openPglite(dir), (error: unknown) => {
        assert.ok(error instanceof DirectoryLockedError);
        assert.equal(error.owner.pid, child.pid);
        assert.match(error.message, new RegExp(`in use by process ${child.pid}`));
        assert.match(error.message, /admin API|stop it/);
        return true;
      });
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    // The holder died without releasing: its lock is stale and is taken over.
    const db = await openPglite(dir);
    assert.deepEqual((await db.query('SELECT 1 AS one')).rows, [{ one: 1 }]);
    await db.close();
    assert.equal(existsSync(join(dir, 'mercato.lock')), false, 'close releases the lock');
  });

  it('refuses the same directory twice within one process until the first is closed', async () => {
    const dir = join(root, 'twice');
    const first = await openPglite(dir);
    await assert.rejects(openPglite(dir), DirectoryLockedError);
    await first.close();
    const second = await openPglite(dir);
    await second.close();
  });

  it('releases its lock file, and the directory can be taken again', () => {
    const dir = mkdtempSync(join(root, 'stale-'));
    const first = lockDirectory(dir, 'test');
    first.release();
    const again = lockDirectory(dir, 'test');
    again.release();
    assert.equal(existsSync(join(dir, 'mercato.lock')), false);
  });
});
