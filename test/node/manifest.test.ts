// The custom elements manifest, as the analyzer makes it from today's source (`npm run manifest`),
// documents everything the element really has: each attribute and property of `static properties`,
// each event of overlayEventNames, each `part` its templates set, each custom property its styles
// read. The README's API section lists all of it.
import { after, before, describe, it } from 'node:test';
import { overlayEventNames } from '../../src/overlay-events.ts';
import { DEFAULT_STREAM_OPTIONS } from '../../src/stream/stream-options.ts';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';

const ROOT = new URL('../..', import.meta.url).pathname;
const read = (path: string) => readFile(join(ROOT, path), 'utf8');

interface Documented {
  name: string;
  description?: string;
  type?: { text: string };
}
interface ManifestClass {
  tagName: string;
  description: string;
  attributes: Array<Documented & { fieldName: string }>;
  /** `default` is the initializer's source text: `'3d'`, `0.8`, `[]`, `undefined`. */
  members: Array<Documented & { kind: 'field' | 'method'; static?: boolean; default?: string }>;
  events: Documented[];
  cssParts: Documented[];
  cssProperties: Documented[];
}

let scratch: string;
let element: ManifestClass;

/** Property name → attribute name (undefined: no attribute) for each public entry of `static properties`. */
function declaredProperties(source: string): Map<string, string | undefined> {
  const block = /static override properties(?:: PropertyDeclarations)? = \{([\s\S]*?)\n {2}\};/.exec(source)?.[1];
  assert.ok(block, 'src/overlay-attributes.ts declares `static override properties = { … };`');
  const properties = new Map<string, string | undefined>();
  for (const [, name, options] of block.matchAll(/^\s+(\w+): \{(.*)\},?$/gm)) {
    if (/state: true/.test(options!)) continue;
    const attribute = /attribute: (?:'([^']+)'|(false))/.exec(options!);
    properties.set(name!, attribute?.[2] ? undefined : (attribute?.[1] ?? name!.toLowerCase()));
  }
  return properties;
}

/**
 * The Python widget's synced input traits and their defaults, read from demo/jupyter's widget.py (no
 * anywidget to import it here): `name = traitlets.Kind(default, …)` or `default_value=…`; a List starts empty.
 */
function widgetTraitDefaults(source: string): Map<string, unknown> {
  const inputs = source.split('# Out:')[0]!;
  const traits = new Map<string, unknown>();
  for (const [, name, kind, args] of inputs.matchAll(/^ {4}(\w+) = traitlets\.(\w+)\((.*)\)\.tag\(sync=True\)$/gm)) {
    const literal = /default_value=("[^"]*"|[\w.*]+)/.exec(args!)?.[1] ?? /^("[^"]*"|[\w.*]+)\s*(?:,|$)/.exec(args!)?.[1];
    traits.set(name!, kind === 'List' ? [] : pythonLiteral(literal ?? ''));
  }
  return traits;
}

/** The few Python literals the widget's defaults use: strings, numbers, `a**b`, None. */
function pythonLiteral(text: string): unknown {
  if (text === 'None') return undefined;
  if (text.startsWith('"')) return JSON.parse(text);
  const power = /^(\d+)\*\*(\d+)$/.exec(text);
  if (power) return Number(power[1]) ** Number(power[2]);
  assert.match(text, /^-?\d+(\.\d+)?$/, `a literal this test reads: ${text}`);
  return Number(text);
}

/** A member's default in the manifest (initializer source text) as a value. */
function manifestLiteral(text: string): unknown {
  if (text === 'undefined') return undefined;
  if (/^'.*'$/.test(text)) return text.slice(1, -1);
  return JSON.parse(text);
}

const names = (items: Documented[]) => items.map((item) => item.name).sort();

before(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'preview-overlay-manifest-'));
  const cem = createRequire(import.meta.url).resolve('@custom-elements-manifest/analyzer/cem.js');
  // The analyzer joins --outdir onto the working directory, so it gets a relative path.
  const args = [cem, 'analyze', '--config', 'src/custom-elements-manifest.config.mjs', '--outdir', relative(ROOT, scratch)];
  await promisify(execFile)(process.execPath, args, { cwd: ROOT });
  const manifest = JSON.parse(await readFile(join(scratch, 'custom-elements.json'), 'utf8')) as { modules: Array<{ declarations: ManifestClass[] }> };
  const found = manifest.modules.flatMap((module) => module.declarations).find((declaration) => declaration.tagName === 'preview-overlay');
  assert.ok(found, 'the manifest declares <preview-overlay>');
  element = found;
});

after(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('the custom elements manifest', () => {
  it('is the manifest package.json points tools at, and is published', async () => {
    const pkg = JSON.parse(await read('package.json')) as { customElements: string; files: string[] };
    assert.equal(pkg.customElements, 'dist/custom-elements.json');
    assert.ok(pkg.files.includes(pkg.customElements), 'in the package (test/package checks the tarball)');
  });

  it('documents every attribute and property of `static properties`, and nothing private', async () => {
    const declared = declaredProperties(await read('src/overlay-attributes.ts'));
    assert.ok(declared.size >= 10, 'found the declared properties');
    const attributes = new Map(element.attributes.map((attribute) => [attribute.name, attribute]));
    assert.deepEqual([...attributes.keys()].sort(), [...declared.values()].filter((name) => name !== undefined).sort());
    for (const [property, attribute] of declared) {
      const member = element.members.find((candidate) => candidate.name === property);
      assert.ok(member?.description, `property \`${property}\` is documented`);
      if (attribute) assert.equal(attributes.get(attribute)?.fieldName, property, `attribute \`${attribute}\` maps to \`${property}\``);
    }
    const leaked = element.members.filter((member) => /^[#_]/.test(member.name)).map((member) => member.name);
    assert.deepEqual(leaked, [], 'no private or internal members');
  });

  it("gives the Python widget's traits the element's defaults (demo/jupyter repeats them in Python)", async () => {
    const traits = widgetTraitDefaults(await read('demo/jupyter/preview_overlay/widget.py'));
    // `height` is the widget's own: the element fills whatever box its host gives it.
    traits.delete('height');
    assert.ok(traits.size >= 9, `found the widget's traits: ${[...traits.keys()].join(', ')}`);
    const streamDefaults: Record<string, unknown> = { ...DEFAULT_STREAM_OPTIONS };
    for (const [trait, value] of traits) {
      const property = trait.replace(/_(\w)/g, (_, letter: string) => letter.toUpperCase());
      const member = element.members.find((candidate) => candidate.name === property);
      assert.ok(member, `trait \`${trait}\` is the element's property \`${property}\``);
      const expected = member.default !== undefined ? manifestLiteral(member.default) : streamDefaults[property];
      assert.ok(member.default !== undefined || property in streamDefaults, `the element has a default for \`${property}\``);
      assert.deepEqual(value, expected, `trait \`${trait}\` defaults to the element's ${property}`);
    }
  });

  it('documents every public method', () => {
    const methods = element.members.filter((member) => member.kind === 'method');
    assert.ok(methods.length >= 7);
    for (const method of methods) assert.ok(method.description, `method \`${method.name}()\` is documented`);
  });

  it('documents every event of overlayEventNames, with its detail type', async () => {
    const map = /type OverlayEventDetails = \{([\s\S]*?)\}/.exec(await read('src/overlay-events.ts'))?.[1] ?? '';
    const events = new Map([...map.matchAll(/'([\w-]+)': (\w+);/g)].map(([, name, detail]) => [name!, `CustomEvent<${detail!}>`]));
    assert.deepEqual([...events.keys()].sort(), [...overlayEventNames].sort(), 'a detail type per event name');
    assert.deepEqual(names(element.events), [...overlayEventNames].sort());
    for (const event of element.events) {
      assert.ok(event.description, `event \`${event.name}\` is described`);
      assert.equal(event.type?.text, events.get(event.name), `event \`${event.name}\`'s type`);
    }
  });

  it('documents every CSS part the templates set', async () => {
    const files = (await readdir(join(ROOT, 'src'))).filter((file) => file.endsWith('.ts'));
    const parts = new Set<string>();
    for (const file of files) for (const [, part] of (await read(`src/${file}`)).matchAll(/\bpart="([\w-]+)"/g)) parts.add(part!);
    assert.ok(parts.size >= 5, 'found the parts');
    assert.deepEqual(names(element.cssParts), [...parts].sort());
    for (const part of element.cssParts) assert.ok(part.description, `part \`${part.name}\` is described`);
  });

  it('documents every custom property the styles read', async () => {
    const styles = await read('src/preview-overlay.styles.ts');
    const properties = new Set([...styles.matchAll(/var\((--preview-overlay-[\w-]+)/g)].map(([, name]) => name!));
    assert.ok(properties.size >= 4, 'found the custom properties');
    assert.deepEqual(names(element.cssProperties), [...properties].sort());
    for (const property of element.cssProperties) assert.ok(property.description, `\`${property.name}\` is described`);
  });
});

describe('README API section', () => {
  it('lists every attribute, property, method, event, CSS part and custom property of the manifest', async () => {
    const readme = await read('README.md');
    const section = /^## API\n([\s\S]*?)(?=^## )/m.exec(readme)?.[1];
    assert.ok(section, 'README.md has an "## API" section followed by another section');
    // A method is listed with its parameters: `addJob(jobId)`.
    const listed = (name: string) => (name.endsWith('()') ? section.includes(`\`${name.slice(0, -1)}`) : section.includes(`\`${name}\``));
    const everything = [
      ...element.attributes.map((attribute) => attribute.name),
      ...element.members.filter((member) => !member.static).map((member) => (member.kind === 'method' ? `${member.name}()` : member.name)),
      ...names(element.events),
      ...names(element.cssParts),
      ...names(element.cssProperties),
    ];
    assert.deepEqual(everything.filter((name) => !listed(name)), [], 'missing from the README API section');
  });
});
