import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

/**
 * The boundaries of ARCHITECTURE.md, checked so reviews don't have to: the module
 * import graph, who may know the HTTP framework and SQL, no environment reads below
 * apps/, and file sizes.
 */
const root = new URL('..', import.meta.url).pathname;

/** Which modules each module may import (through its contract only). */
const allowedUses: Record<string, readonly string[]> = {
  catalog: [],
  customers: [],
  inventory: [],
  payments: [],
  shipping: [],
  notifications: [],
  cart: ['catalog', 'inventory'],
  checkout: ['cart', 'customers', 'inventory', 'payments', 'shipping'],
  reviews: ['catalog', 'customers'],
};

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(path, out);
    else if (name.endsWith('.ts')) out.push(path);
  }
  return out;
}

const moduleNames = readdirSync(join(root, 'modules')).filter((name) =>
  statSync(join(root, 'modules', name)).isDirectory(),
);
const importPattern = /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(importPattern)].map((match) => match[1] ?? match[2] ?? '');
}

describe('architecture', () => {
  it('every module folder is a known bounded context', () => {
    for (const name of moduleNames) assert.ok(name in allowedUses, `unknown module folder modules/${name}`);
  });

  for (const name of moduleNames) {
    const files = sourceFiles(join(root, 'modules', name, 'src'));
    it(`${name} imports other modules only through their contracts, along the declared graph`, () => {
      for (const file of files) {
        for (const specifier of importsOf(file)) {
          const match = /^@mercato\/([a-z]+)(\/.*)?$/.exec(specifier);
          if (!match || match[1] === 'platform') continue;
          const [, other, subpath] = match;
          const where = relative(root, file);
          assert.notEqual(other, name, `${where} imports its own package by name`);
          assert.ok(allowedUses[name]?.includes(other!), `${where} imports @mercato/${other}, not in ${name}'s graph`);
          assert.equal(subpath, '/contract', `${where} imports ${specifier}; only /contract is allowed`);
        }
        for (const specifier of importsOf(file)) {
          assert.ok(
            !specifier.startsWith('../../') || !specifier.includes('/modules/'),
            `${relative(root, file)} reaches into another module by path: ${specifier}`,
          );
        }
      }
    });

    it(`${name}: only http.ts knows the HTTP framework and domain/ does no I/O`, () => {
      for (const file of files) {
        const where = relative(root, file);
        const imports = importsOf(file);
        if (!/\/http(\/|\.ts$)/.test(where)) {
          assert.ok(!imports.some((s) => s === 'fastify' || s.startsWith('@fastify/')), `${where} imports fastify`);
        }
        if (where.includes('/domain/') && !where.endsWith('.test.ts')) {
          const io = imports.filter(
            (s) => /^(node:(fs|net|http|child_process)|pg|@electric-sql)/.test(s) || s.includes('store'),
          );
          assert.deepEqual(io, [], `${where} does I/O`);
        }
      }
    });

    it(`${name}: no SQL names another module's schema`, () => {
      const others = moduleNames.filter((other) => other !== name);
      for (const file of files.concat(sourceFiles(join(root, 'modules', name, 'migrations'), []))) {
        const text = readFileSync(file, 'utf8');
        for (const other of others) {
          const pattern = new RegExp(`(FROM|JOIN|INTO|UPDATE|TABLE|REFERENCES)\\s+${other}\\.`, 'i');
          assert.ok(!pattern.test(text), `${relative(root, file)} names schema ${other}`);
        }
      }
    });
  }

  it('nothing below platform/ or modules/ reads process.env (tests aside)', () => {
    for (const dir of ['platform', 'modules']) {
      for (const file of sourceFiles(join(root, dir))) {
        if (file.endsWith('.test.ts') || file.endsWith('/testing.ts')) continue;
        assert.ok(!readFileSync(file, 'utf8').includes('process.env'), `${relative(root, file)} reads process.env`);
      }
    }
  });

  it('source files stay under 500 lines', () => {
    for (const dir of ['platform', 'modules', 'apps', 'bench']) {
      for (const file of sourceFiles(join(root, dir))) {
        if (file.endsWith('.test.ts')) continue;
        const lines = readFileSync(file, 'utf8').split('\n').length;
        assert.ok(lines <= 500, `${relative(root, file)} has ${lines} lines; split it by use case`);
      }
    }
  });
});
