import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { type Node, parse, type Token } from 'acorn';

/**
 * Habits of STYLE.md that a reader should not have to police: short functions, and
 * time and randomness in modules only through the injected clock and id generator.
 * Sources are parsed, not grepped: `stripTypeScriptTypes` blanks the types out and
 * keeps every position, so acorn's lines are the file's lines.
 */
const root = new URL('..', import.meta.url).pathname;

/** Lines of a function's own code, nested functions not counted. */
const functionLinesMax = 70;

/**
 * Functions allowed to be longer, each with its reason. Keyed `path:name`; an entry
 * that no longer matches a long function fails the test, so the list cannot go stale.
 */
const longFunctionExceptions: Readonly<Record<string, string>> = {};

type FunctionNode = Node & {
  type: 'FunctionDeclaration' | 'FunctionExpression' | 'ArrowFunctionExpression';
  id?: { name: string } | null;
};

type Source = { readonly path: string; readonly ast: Node; readonly tokens: Token[]; readonly lines: string[] };

function sourceFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      // A module's test/ folder holds tests and their support files.
      if (name !== 'test') sourceFiles(path, out);
    } else if (/\.(ts|js)$/.test(name) && !/\.(test|d)\.ts$/.test(name)) out.push(path);
  }
  return out;
}

function parseSource(path: string): Source {
  const text = readFileSync(path, 'utf8');
  const code = path.endsWith('.ts') ? stripTypeScriptTypes(text, { mode: 'strip' }) : text;
  const tokens: Token[] = [];
  const ast = parse(code, { ecmaVersion: 'latest', sourceType: 'module', locations: true, onToken: tokens });
  return { path: relative(root, path), ast, tokens, lines: code.split('\n') };
}

/** Calls `visit` on every node below `node`, with the chain of its ancestors (nearest last). */
function walk(node: Node, visit: (node: Node, ancestors: readonly Node[]) => void, ancestors: Node[] = []): void {
  visit(node, ancestors);
  ancestors.push(node);
  for (const value of Object.values(node)) {
    for (const child of Array.isArray(value) ? value : [value]) {
      if (child !== null && typeof child === 'object' && typeof (child as Node).type === 'string') {
        walk(child as Node, visit, ancestors);
      }
    }
  }
  ancestors.pop();
}

function isFunction(node: Node): node is FunctionNode {
  return /^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression)$/.test(node.type);
}

/** What a reader would call the function: its name, the variable or property it is assigned to, or where it is. */
function nameOf(fn: FunctionNode, ancestors: readonly Node[]): string {
  type Named = Node & { id?: { name?: string } | null; key?: { name?: string } };
  const own =
    fn.id?.name ??
    (ancestors.at(-1) as Named | undefined)?.id?.name ??
    (ancestors.at(-1) as Named | undefined)?.key?.name;
  if (own !== undefined) return own;
  const enclosing = ancestors.findLast((node) => isFunction(node)) as FunctionNode | undefined;
  const where = `function at line ${fn.loc!.start.line}`;
  return enclosing === undefined
    ? `<${where}>`
    : `${nameOf(enclosing, ancestors.slice(0, ancestors.indexOf(enclosing)))} › <${where}>`;
}

/**
 * Counts, for each function, the lines holding its own code: a line counts when one of
 * its tokens belongs to the function and to no function nested inside it. Blank lines
 * and comments hold no token; a multi-line template (SQL) counts each non-blank line.
 */
function functionLengths(source: Source): { name: string; line: number; lines: number }[] {
  const functions: { node: FunctionNode; name: string; lines: Set<number> }[] = [];
  walk(source.ast, (node, ancestors) => {
    if (isFunction(node)) functions.push({ node, name: nameOf(node, ancestors), lines: new Set() });
  });
  functions.sort((a, b) => a.node.start - b.node.start);
  // Functions nest properly, so the open ones form a stack whose top is the innermost.
  const open: typeof functions = [];
  let next = 0;
  for (const token of source.tokens) {
    while (open.length > 0 && open.at(-1)!.node.end <= token.start) open.pop();
    while (next < functions.length && functions[next]!.node.start <= token.start) {
      const entered = functions[next++]!;
      while (open.length > 0 && open.at(-1)!.node.end <= entered.node.start) open.pop();
      open.push(entered);
    }
    const innermost = open.at(-1);
    if (innermost === undefined || innermost.node.end < token.end) continue;
    for (let line = token.loc!.start.line; line <= token.loc!.end.line; line++) {
      if (source.lines[line - 1]!.trim() !== '') innermost.lines.add(line);
    }
  }
  return functions.map(({ node, name, lines }) => ({ name, line: node.loc!.start.line, lines: lines.size }));
}

/** Ways to read the wall clock or the system's randomness without the module's clock and ids. */
function ambientTimeOrRandomness(node: Node): string | undefined {
  const member = node as Node & { object?: { type: string; name?: string }; property?: { name?: string } };
  if (node.type === 'MemberExpression' && member.object?.type === 'Identifier') {
    const call = `${member.object.name}.${member.property?.name}`;
    if (call === 'Date.now' || call === 'Math.random') return call;
  }
  const created = node as Node & { callee?: { type: string; name?: string }; arguments?: unknown[] };
  if (node.type === 'NewExpression' && created.callee?.name === 'Date' && created.arguments?.length === 0)
    return 'new Date()';
  const identifier = node as Node & { name?: string };
  if (node.type === 'Identifier' && /^(randomUUID|randomBytes|randomInt|getRandomValues)$/.test(identifier.name ?? ''))
    return identifier.name;
  return undefined;
}

const sources = ['platform', 'modules', 'apps', 'bench', 'scripts'].flatMap((dir) =>
  sourceFiles(join(root, dir)).map(parseSource),
);

describe('tidy', () => {
  it(`functions have at most ${functionLinesMax} lines of their own code, nested functions not counted`, () => {
    const long: string[] = [];
    const excepted = new Set<string>();
    for (const source of sources) {
      for (const fn of functionLengths(source)) {
        if (fn.lines <= functionLinesMax) continue;
        const key = `${source.path}:${fn.name}`;
        if (key in longFunctionExceptions) excepted.add(key);
        else long.push(`${source.path}:${fn.line} ${fn.name} has ${fn.lines} lines`);
      }
    }
    assert.deepEqual(
      long,
      [],
      `split these functions (or list a justified exception in ${relative(root, import.meta.filename)})`,
    );
    const stale = Object.keys(longFunctionExceptions).filter((key) => !excepted.has(key));
    assert.deepEqual(stale, [], 'exceptions that no longer match a long function');
  });

  it('counts a function by its own lines: nested functions, comments and blank lines do not count', () => {
    const text = [
      'export function outer(items) {',
      '  // A comment line.',
      '',
      '  return items.map((item) => {',
      '    const doubled = item * 2;',
      '    return doubled;',
      '  });',
      '}',
    ].join('\n');
    const tokens: Token[] = [];
    const ast = parse(text, { ecmaVersion: 'latest', sourceType: 'module', locations: true, onToken: tokens });
    const lengths = functionLengths({ path: 'example.ts', ast, tokens, lines: text.split('\n') });
    assert.deepEqual(lengths, [
      { name: 'outer', line: 1, lines: 4 },
      { name: 'outer › <function at line 4>', line: 4, lines: 4 },
    ]);
  });

  it('modules read time and randomness only through the injected clock and id generator', () => {
    const found = new Set<string>();
    for (const source of sources) {
      if (!/^modules\/[^/]+\/src\//.test(source.path)) continue;
      walk(source.ast, (node) => {
        const what = ambientTimeOrRandomness(node);
        if (what !== undefined) found.add(`${source.path}:${node.loc!.start.line} ${what}`);
      });
    }
    assert.deepEqual([...found], [], 'use ctx.clock.now() and ctx.ids (next, random) instead');
  });

  it('recognises each ambient read of time and randomness', () => {
    const text = [
      "import { randomUUID } from 'node:crypto';",
      'const a = Date.now();',
      'const b = Math.random();',
      'const c = new Date();',
      'const d = crypto.randomBytes(4);',
      'const e = new Date(0);',
      'const f = clock.now();',
    ].join('\n');
    const found = new Set<string>();
    walk(parse(text, { ecmaVersion: 'latest', sourceType: 'module', locations: true }), (node) => {
      const what = ambientTimeOrRandomness(node);
      if (what !== undefined) found.add(`${node.loc!.start.line} ${what}`);
    });
    assert.deepEqual([...found], ['1 randomUUID', '2 Date.now', '3 Math.random', '4 new Date()', '5 randomBytes']);
  });
});
