// The import graph of src/: no file imports itself back through others (a cycle), and the pure decode
// core (src/labels/) reaches no package — zod above all — directly or through another file. Type-only
// imports count too: a type cycle is still two rooms that cannot be understood apart.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const src = join(root, 'src');

/** The source without its comments; string and template literals are kept (they hold the specifiers). */
function withoutComments(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '/' && next === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && next === '*') {
      i = text.indexOf('*/', i + 2) + 1;
      if (i === 0) break;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else {
      out += c;
    }
  }
  return out;
}

// `import x from`, `import type { A } from`, `export * from`, `import './side-effect'`, `import('./lazy')`.
const STATIC = /\b(?:import|export)\s+(?:type\s+)?(?:[\w$*{},\s]+?\s+from\s*)?['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every specifier a file imports: a path relative to the repository for files, the bare name for packages. */
function importsOf(file: string): string[] {
  const code = withoutComments(readFileSync(file, 'utf8'));
  const specifiers = [...code.matchAll(STATIC), ...code.matchAll(DYNAMIC)].map((match) => match[1]!);
  return specifiers.map((specifier) => (specifier.startsWith('.') ? relative(root, resolve(dirname(file), specifier)) : specifier));
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

const graph = new Map(sourceFiles(src).map((file) => [relative(root, file), importsOf(file)]));

/** The first cycle found, as the files around it (the first file repeated at the end), or undefined. */
function findCycle(edges: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] | undefined => {
    const open = path.indexOf(file);
    if (open >= 0) return [...path.slice(open), file];
    if (done.has(file) || !edges.has(file)) return undefined;
    path.push(file);
    for (const next of edges.get(file)!) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(file);
    return undefined;
  };
  for (const file of edges.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Every file and package reachable from `start`, each with the chain of imports that reaches it. */
function reachable(edges: ReadonlyMap<string, readonly string[]>, start: string): Map<string, string[]> {
  const chains = new Map<string, string[]>([[start, [start]]]);
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const next of edges.get(file) ?? []) {
      if (chains.has(next)) continue;
      chains.set(next, [...chains.get(file)!, next]);
      queue.push(next);
    }
  }
  return chains;
}

describe('import graph of src/', () => {
  it('reads the imports of every kind of statement', () => {
    assert.ok(graph.size > 40, `${graph.size} files`);
    assert.ok(graph.get('src/protocol/server-messages.ts')?.includes('zod'), 'a package import');
    assert.ok(graph.get('src/protocol/server-messages.ts')?.includes('src/protocol/zod-setup.ts'), 'a side-effect import');
    assert.ok(graph.get('src/stream/stream.frontend.ts')?.includes('src/stream/stream.backend.ts'), 'a dynamic import');
    assert.ok(graph.get('src/overlay-events.ts')?.includes('src/stream/stream-types.ts'), 'a type-only import');
    assert.ok(graph.get('src/index.ts')?.includes('src/overlay-events.ts'), 'a re-export');
  });

  it('has no import cycle', () => {
    const cycle = findCycle(graph);
    assert.equal(cycle, undefined, `import cycle: ${cycle?.join(' → ')}`);
  });

  it('keeps src/labels/ (the pure decode core) free of zod and of every other package, directly or through another file', () => {
    for (const file of graph.keys()) {
      if (!file.startsWith('src/labels/')) continue;
      for (const [target, chain] of reachable(graph, file)) {
        const isPackage = !target.startsWith('src/');
        assert.ok(!isPackage && target.startsWith('src/labels/'), `src/labels/ reaches ${target}: ${chain.join(' → ')}`);
      }
    }
  });

  it('finds a cycle and a package reached through another file (the checks themselves)', () => {
    const edges = new Map([
      ['src/labels/a.ts', ['src/labels/b.ts']],
      ['src/labels/b.ts', ['src/protocol/c.ts']],
      ['src/protocol/c.ts', ['zod', 'src/labels/a.ts']],
    ]);
    assert.deepEqual(findCycle(edges), ['src/labels/a.ts', 'src/labels/b.ts', 'src/protocol/c.ts', 'src/labels/a.ts']);
    assert.deepEqual(reachable(edges, 'src/labels/a.ts').get('zod'), ['src/labels/a.ts', 'src/labels/b.ts', 'src/protocol/c.ts', 'zod']);
  });
});
