// The Python package for Jupyter (demo/jupyter/), built by `npm run build:python`'s own code (after the
// front end's build): the built dist/jupyter.js and package.json's version put in, the sdist built, and the
// wheel built from that sdist by hatchling. What the wheel holds: the module, the very bundle of dist/, and
// metadata a pip install relies on (name, package.json's version, the anywidget dependency).
// Skipped, saying why, where no Python has the `build` and `hatchling` modules (.ci/run installs Debian's).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildPython } from '../../demo/jupyter/build-wheel.js';

const ROOT = resolve(import.meta.dirname, '../..');
const { version } = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };

/** The first interpreter that can build the wheel offline: Debian's python3 first (pyenv's may lack them). */
function findPython(): string | undefined {
  const candidates = [process.env.PYTHON, '/usr/bin/python3', 'python3'].filter((candidate): candidate is string => Boolean(candidate));
  return candidates.find((python) => {
    try {
      execFileSync(python, ['-c', 'import build, hatchling'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  });
}

/** Reads a wheel (a zip) with Python's zipfile: its file names and the text of its METADATA. */
function readWheel(python: string, wheel: string): { names: string[]; metadata: string; bundleSha256: string } {
  const script = [
    'import hashlib, json, sys, zipfile',
    'wheel = zipfile.ZipFile(sys.argv[1])',
    'names = wheel.namelist()',
    'metadata = wheel.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()',
    'bundle = hashlib.sha256(wheel.read("preview_overlay/jupyter.js")).hexdigest() if "preview_overlay/jupyter.js" in names else ""',
    'print(json.dumps({"names": names, "metadata": metadata, "bundleSha256": bundle}))',
  ].join('\n');
  return JSON.parse(execFileSync(python, ['-c', script, wheel], { encoding: 'utf8' })) as ReturnType<typeof readWheel>;
}

const python = findPython();
const skip = python ? false : 'no python3 with the `build` and `hatchling` modules (Debian: apt-get install python3-build python3-hatchling)';
if (skip) console.log(`# python wheel test skipped: ${skip}`);

let outDir: string;
let wheel: ReturnType<typeof readWheel>;
let wheelName: string;
let sdistName: string | undefined;

describe('the Python package (demo/jupyter)', { skip }, () => {
  before(async () => {
    assert.ok(existsSync(join(ROOT, 'dist/jupyter.js')), 'dist/ is built (npm run build)');
    outDir = await mkdtemp(join(tmpdir(), 'preview-overlay-wheel-'));
    // No package index here: build with the installed hatchling (Debian's lacks `editables`, which
    // only editable installs use, hence no dependency check).
    buildPython({ python, outDir, args: ['--no-isolation', '--skip-dependency-check'], quiet: true });
    const files = await readdir(outDir);
    sdistName = files.find((file) => file.endsWith('.tar.gz'));
    const built = files.filter((file) => file.endsWith('.whl'));
    assert.equal(built.length, 1, `one wheel: ${built.join(', ')}`);
    wheelName = built[0]!;
    wheel = readWheel(python!, join(outDir, wheelName));
  });

  after(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it("is preview-overlay at package.json's version, for any Python 3 platform", () => {
    assert.equal(wheelName, `preview_overlay-${version}-py3-none-any.whl`);
    assert.match(wheel.metadata, /^Name: preview-overlay$/m);
    assert.match(wheel.metadata, new RegExp(`^Version: ${version.replaceAll('.', '\\.')}$`, 'm'));
    // PEP 639: the license is the `License-Expression`; a "License ::" classifier beside it is an error.
    assert.match(wheel.metadata, /^License-Expression: MIT$/m);
    assert.doesNotMatch(wheel.metadata, /^Classifier: License ::/m);
  });

  it('comes with an sdist that builds on its own: the wheel was built from it, outside the repository', () => {
    assert.equal(sdistName, `preview_overlay-${version}.tar.gz`);
  });

  it('depends on anywidget and traitlets', () => {
    const requires = [...wheel.metadata.matchAll(/^Requires-Dist: ([\w-]+)/gm)].map((match) => match[1]);
    assert.deepEqual(requires.sort(), ['anywidget', 'traitlets']);
  });

  it('holds the module and the built front end, byte for byte, and nothing else', async () => {
    const files = wheel.names.filter((name) => !name.includes('.dist-info/')).sort();
    assert.deepEqual(files, ['preview_overlay/__init__.py', 'preview_overlay/_version.py', 'preview_overlay/jupyter.js', 'preview_overlay/widget.py']);
    const built = createHash('sha256').update(await readFile(join(ROOT, 'dist/jupyter.js'))).digest('hex');
    assert.equal(wheel.bundleSha256, built);
  });
});
