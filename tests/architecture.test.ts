import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

/**
 * The boundaries of ARCHITECTURE.md, checked so reviews don't have to: the module
 * import graph, who may know the HTTP framework and SQL, no environment reads below
 * apps/, file sizes, and the one module shape of docs/module-shape.md.
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

  describe('module shape (docs/module-shape.md)', () => {
    for (const name of moduleNames) {
      const dir = join(root, 'modules', name);
      const src = join(dir, 'src');
      const Name = name[0]!.toUpperCase() + name.slice(1);
      const read = (path: string) => readFileSync(join(src, path), 'utf8');
      const has = (path: string) => existsSync(join(src, path));
      const exportedNames = (text: string) =>
        [...text.matchAll(/^export (?:async )?(?:function|const|class) (\w+)/gm)].map((match) => match[1]);
      const contract = read('contract.ts');
      const consumes = /export const consumedEvents\b/.test(contract);

      it(`${name} has the files every module has`, () => {
        for (const path of ['README.md', 'package.json', 'migrations', 'test']) {
          assert.ok(existsSync(join(dir, path)), `modules/${name}/${path} is missing`);
        }
        for (const path of ['contract.ts', 'module.ts', 'config.ts', 'service.ts', 'service/deps.ts', 'http.ts']) {
          assert.ok(has(path), `modules/${name}/src/${path} is missing`);
        }
        assert.ok(has('store.ts') || has('store'), `modules/${name}/src has neither store.ts nor store/`);
        if (consumes) assert.ok(has('handlers.ts'), `modules/${name} consumes events but has no src/handlers.ts`);
        assert.ok(!has('service/transaction.ts'), `modules/${name}/src/service/transaction.ts: use platform/db`);
      });

      it(`${name} names its factories by the one scheme`, () => {
        assert.deepEqual(exportedNames(read('service.ts')), [`create${Name}Service`], `${name}/src/service.ts exports`);
        assert.match(
          read('service.ts'),
          new RegExp(`export function create${Name}Service\\(deps: ${Name}Deps\\): ${Name}Api \\{`),
          `create${Name}Service takes ${Name}Deps and returns exactly ${Name}Api`,
        );
        assert.ok(
          exportedNames(read('http.ts')).includes(`${name}Routes`),
          `${name}/src/http.ts exports ${name}Routes`,
        );
        const config = exportedNames(read('config.ts'));
        for (const wanted of [`${Name}ConfigSchema`, `parse${Name}Config`]) {
          assert.ok(config.includes(wanted), `${name}/src/config.ts exports ${wanted}`);
        }
        if (has('handlers.ts')) {
          for (const exported of exportedNames(read('handlers.ts'))) {
            assert.ok(
              exported === `${name}Subscriptions` || exported === `${name}Listeners`,
              `${name}/src/handlers.ts exports ${exported}; only ${name}Subscriptions and ${name}Listeners`,
            );
          }
        }
        if (has('jobs.ts'))
          assert.deepEqual(exportedNames(read('jobs.ts')), [`${name}Jobs`], `${name}/src/jobs.ts exports`);
        // A use-case factory takes the module's deps and answers functions: create<UseCase> or create<Concern>.
        for (const file of sourceFiles(join(src, 'service'))) {
          if (file.endsWith('.test.ts')) continue;
          const factory = new RegExp(`^export function (\\w+)(?:<[^>]*>)?\\(deps: ${Name}Deps\\b[^)]*\\) \\{`, 'gm');
          for (const [, factoryName] of readFileSync(file, 'utf8').matchAll(factory)) {
            assert.match(factoryName!, /^create[A-Z]/, `${relative(root, file)}: ${factoryName} should be create…`);
          }
        }
      });

      it(`${name}: module.ts only wires, in a few lines`, () => {
        const text = read('module.ts');
        const lines = text.split('\n').length;
        assert.ok(
          lines <= 90,
          `${name}/src/module.ts has ${lines} lines; move logic into service/, jobs.ts or handlers.ts`,
        );
        for (const specifier of importsOf(join(src, 'module.ts'))) {
          assert.ok(
            !/store|domain|^fastify|^@fastify|^typebox|^pg$|pglite|^\.\/http\/|^\.\/service\/deps/.test(specifier),
            `${name}/src/module.ts imports ${specifier}; it only wires (config, service, handlers, jobs, http, adapters)`,
          );
        }
        assert.doesNotMatch(
          text,
          /const api: \w+ = \{|^\s+\w+: service\.\w+,?$/m,
          `${name}/src/module.ts re-lists API keys`,
        );
        assert.doesNotMatch(
          text,
          /setInterval|setTimeout|\.transaction\(|\.query\(/,
          `${name}/src/module.ts does work`,
        );
      });

      it(`${name}: status tables in http/statuses.ts, configuration through parseConfig`, () => {
        assert.ok(has('http/statuses.ts'), `modules/${name}/src/http/statuses.ts is missing`);
        for (const file of sourceFiles(src)) {
          if (file.endsWith('/http/statuses.ts')) continue;
          assert.doesNotMatch(
            readFileSync(file, 'utf8'),
            /const \w+\s*:\s*StatusTable</,
            `${relative(root, file)} declares a status table; it belongs in http/statuses.ts`,
          );
        }
        const config = read('config.ts');
        assert.match(config, /parseConfig\(/, `${name}/src/config.ts reads its section with parseConfig`);
        assert.doesNotMatch(
          config,
          /throw new Error/,
          `${name}/src/config.ts checks by hand; put the rule in the schema`,
        );
      });

      it(`${name}: one way to run a transaction, and incoming events parsed against the contract's schemas`, () => {
        for (const file of sourceFiles(src)) {
          const text = readFileSync(file, 'utf8');
          const where = relative(root, file);
          assert.doesNotMatch(text, /function inTransaction\b/, `${where} wraps transactions; call platform/db`);
          assert.doesNotMatch(
            text,
            /\.transaction\(async \(tx\): Promise<Result</,
            `${where} answers a Result from db.transaction; use inResultTransaction, which rolls a failure back`,
          );
          if (/async \w+\(event: EventEnvelope, tx: Tx\)/.test(text)) {
            assert.match(text, /parseEventData\(/, `${where} handles events without parseEventData`);
          }
        }
        if (consumes)
          assert.match(
            contract,
            /export const Consumed\w*Schema\b/,
            `${name}/src/contract.ts declares no consumed-event schema`,
          );
      });
    }
  });
});
