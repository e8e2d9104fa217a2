// The npm package as a user gets it: `npm pack`, the tarball installed offline into a scratch project,
// a small TypeScript app (test/package/app/) typechecked against the installed types, bundled with
// esbuild through the package's `exports`, and run in Chromium against the real mock stream. Needs the
// build (`npm test` runs this after it).
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { startMockStream } from '../../demo/mock-stream/server.js';
import { chromiumPath } from '../find-chromium.js';
import { type Lockfile, type PackResult, run, writeScratchProject } from './scratch-project.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const TSC = join(ROOT, 'node_modules/.bin/tsc');
const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
  types: string;
  customElements: string;
  exports: Record<string, string | Record<string, string>>;
  dependencies: Record<string, string>;
};

/** Everything a user needs, nothing else: the bundles and their maps, the types, the manifest, the docs. */
const SHIPPED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^CHANGELOG\.md$/, /^dist\/[\w-]+\.js(\.map)?$/, /^dist\/custom-elements\.json$/, /^dist\/types\/[\w/.-]+\.d\.ts$/];

/** What app/main.ts reports on `window.appReport` (that file is compiled in the scratch project only). */
type AppWindow = { appReport?: { previewIds: (number | string)[]; labels: number; completed: boolean; streamMode?: string; errors: string[] } };

let scratch: string;
let app: string;
let pack: PackResult;

before(async () => {
  assert.ok(existsSync(join(ROOT, 'dist/preview-overlay.js')), 'dist/ is built (npm run build)');
  scratch = await mkdtemp(join(tmpdir(), 'preview-overlay-package-'));
  app = join(scratch, 'app');
  await mkdir(app);
  // The build ran just before; `prepack` would only run it again.
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', app], { cwd: ROOT, maxBuffer: 16 << 20 });
  pack = (JSON.parse(stdout) as PackResult[])[0]!;
  const repoLock = JSON.parse(await readFile(join(ROOT, 'package-lock.json'), 'utf8')) as Lockfile;
  await writeScratchProject(app, pack, repoLock, pkg.dependencies);
  await cp(join(import.meta.dirname, 'app'), app, { recursive: true });
  await run('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: app });
});

after(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

describe('the npm package', () => {
  it('packs only what a user needs', () => {
    const files = pack.files.map((file) => file.path).sort();
    assert.deepEqual(files.filter((file) => !SHIPPED.some((pattern) => pattern.test(file))), [], 'nothing else in the tarball');
    const targets = Object.values(pkg.exports).flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)));
    for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md', pkg.types, pkg.customElements, ...targets]) {
      assert.ok(files.includes(file.replace(/^\.\//, '')), `${file} is in the tarball`);
    }
    assert.equal(pack.version, pkg.version);
  });

  it('resolves its entries through `exports`, and nothing outside them', () => {
    const require = createRequire(join(app, 'package.json'));
    const installed = join(app, 'node_modules', pkg.name);
    assert.equal(require.resolve(pkg.name), join(installed, 'dist/preview-overlay.js'));
    assert.equal(require.resolve(`${pkg.name}/jupyter`), join(installed, 'dist/jupyter.js'));
    assert.equal(require.resolve(`${pkg.name}/custom-elements.json`), join(installed, pkg.customElements));
    assert.throws(() => require.resolve(`${pkg.name}/dist/types/scene/vtk.d.ts`), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
  });

  it("typechecks an app against the installed types: tag, events and details, the jupyter entry", async () => {
    await run(TSC, ['-p', join(app, 'tsconfig.json')], { cwd: app });
  });

  it('ships declarations that check cleanly (errors only in third-party ones)', async () => {
    const output = await run(TSC, ['-p', join(app, 'tsconfig.json'), '--skipLibCheck', 'false'], { cwd: app, maxBuffer: 16 << 20 }).then(
      ({ stdout }) => stdout,
      (error: { stdout: string }) => error.stdout,
    );
    const ours = output.split('\n').filter((line) => line.includes('error TS') && (line.startsWith('main.ts') || line.includes(`node_modules/${pkg.name}/`)));
    assert.deepEqual(ours, []);
  });

  it('rejects a wrong event-detail field in the typecheck', async () => {
    const failed = await run(TSC, ['-p', join(app, 'tsconfig.wrong-detail.json')], { cwd: app }).then(
      () => undefined,
      (error: { stdout: string }) => error.stdout,
    );
    assert.ok(failed !== undefined, 'tsc fails on wrong-detail.ts');
    const errors = failed.split('\n').filter((line) => line.includes('error TS'));
    assert.equal(errors.length, 1, failed);
    assert.match(errors[0]!, /wrong-detail\.ts.*Property 'previewID' does not exist on type 'JobPreviewDetail'/);
  });

  it('bundles with esbuild and streams from the mock in Chromium, decoding in its own worker', async (t) => {
    const out = join(app, 'out');
    const result = await build({
      absWorkingDir: app,
      entryPoints: ['main.ts'],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outfile: join(out, 'app.js'),
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    assert.ok(inputs.includes(`node_modules/${pkg.name}/dist/preview-overlay.js`), `the installed bundle went in: ${inputs.join(', ')}`);
    await cp(join(app, 'index.html'), join(out, 'index.html'));

    // The job is created by the page's first socket (with these defaults), so none of it streams unseen.
    const defaults = { shape: '10,16,24', hz: 10, previews: 4, labels: 3 };
    const mock = await startMockStream({ port: 0, quiet: true, defaults, onRequest: serveFolder(out) });
    t.after(() => mock.close());
    const jobId = 'package-app-1';

    const executablePath = chromiumPath();
    assert.ok(executablePath, 'Chromium (node test/find-chromium.js)');
    const browser = await puppeteer.launch({
      executablePath,
      headless: true,
      args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-dev-shm-usage', '--no-first-run'],
    });
    t.after(() => browser.close());
    const page = await browser.newPage();
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    await page.goto(`${mock.httpUrl}/index.html?server=${encodeURIComponent(mock.wsUrl)}&job=${jobId}`);
    await page.waitForFunction(
      () => {
        const report = (window as AppWindow).appReport;
        // The terminal message can overtake the last preview's decode: wait for both.
        return (report?.completed && report.previewIds.length > 0) || (report?.errors.length ?? 0) > 0;
      },
      { timeout: 30_000 },
    );
    const report = (await page.evaluate(() => (window as AppWindow).appReport))!;
    assert.deepEqual(report.errors, []);
    assert.equal(report.completed, true);
    assert.ok(report.previewIds.length >= 1, 'previews arrived');
    assert.ok(report.labels >= 1, 'labels were decoded');
    assert.equal(report.streamMode, 'worker', "the worker started from the package's own bundle");
    assert.deepEqual(pageErrors, []);
  });
});

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };

/** The mock's `onRequest` hook: serves the built app's files from `dir`. */
function serveFolder(dir: string) {
  return (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): boolean => {
    const file = resolve(dir, `.${new URL(req.url ?? '/', 'http://app').pathname}`);
    if (req.method !== 'GET' || !file.startsWith(dir + sep) || !TYPES[extname(file)]) return false;
    readFile(file).then(
      (body) => res.writeHead(200, { 'Content-Type': TYPES[extname(file)]! }).end(body),
      () => res.writeHead(404).end(),
    );
    return true;
  };
}

