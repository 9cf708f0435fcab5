import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ServerError, trackChild } from '../server.ts';

/**
 * Debian's Chromium, started headless with remote debugging on a free loopback port for
 * Lighthouse to drive (what chrome-launcher does, kept here so the flags are ours and the
 * process is tracked like the server: killed if the bench dies).
 */
export type Browser = {
  readonly port: number;
  close(): Promise<void>;
};

export const chromiumPath = process.env['CHROME_PATH'] ?? '/usr/bin/chromium';

/** Quiet, reproducible and offline: nothing but the page under test goes on the wire. */
export const chromiumFlags = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-default-apps',
  '--mute-audio',
  '--remote-debugging-address=127.0.0.1',
  '--remote-debugging-port=0',
];

const devToolsDeadlineMs = 30_000;
const stopGraceMs = 5_000;
const versionTimeoutMs = 10_000;

export function chromiumVersion(): Promise<string> {
  if (!existsSync(chromiumPath)) return Promise.resolve('none');
  return new Promise((resolve) => {
    execFile(chromiumPath, ['--version'], { timeout: versionTimeoutMs }, (error, stdout) => {
      resolve(error === null ? stdout.trim() : 'unknown version');
    });
  });
}

/** The DevTools port Chromium prints on stderr ("DevTools listening on ws://127.0.0.1:PORT/…"). */
function devToolsPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () =>
        reject(
          new ServerError(`Chromium printed no DevTools port within ${devToolsDeadlineMs} ms:\n${seen.slice(-2000)}`),
        ),
      devToolsDeadlineMs,
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      if (seen.length < 100_000) seen += chunk.toString('utf8');
      const match = /DevTools listening on ws:\/\/[^:/]+:(\d+)\//.exec(seen);
      if (match !== null) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new ServerError(`Chromium exited (${code ?? signal}) before it listened:\n${seen.slice(-2000)}`));
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new ServerError(`Chromium could not be started (${chromiumPath}): ${error.message}`));
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
  await exited;
  clearTimeout(timer);
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new ServerError(`${chromiumPath} is not installed (apt-get install chromium, or set CHROME_PATH)`);
  }
  const profileDir = await mkdtemp(join(tmpdir(), 'mercato-lighthouse-'));
  const child = spawn(chromiumPath, [...chromiumFlags, `--user-data-dir=${profileDir}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  trackChild(child);
  const close = async () => {
    await stop(child);
    await rm(profileDir, { recursive: true, force: true });
  };
  try {
    return { port: await devToolsPort(child), close };
  } catch (error) {
    await close();
    throw error;
  }
}
