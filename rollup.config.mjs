// Builds ONE self-contained ES module per entry (the worker inlined as a Blob-URL source), minified,
// with a source map, and prints each bundle's size raw and gzipped.
import { gzipSync } from 'node:zlib';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import { build } from 'esbuild';
import esbuild from 'rollup-plugin-esbuild';

// The job worker is inlined into the bundle that imports it: `import source from 'job-worker-source/inline'`
// yields the worker's own self-contained bundle as a string, which the main thread starts from a Blob
// URL. A separate worker file (`new URL('./w.js', import.meta.url)`) would break cross-origin loading
// and anywidget, which loads modules from Blob URLs. The job worker inlines its nested decode worker
// the same way (`decode-worker-source/inline`, resolved inside the job worker's esbuild build), and
// starts it from a Blob URL of its own. web-test-runner.config.mjs uses the same plugin.

/** Virtual module → the worker entry whose bundled source it exports. */
const WORKERS = {
  'job-worker-source/inline': new URL('./src/stream/job-worker.ts', import.meta.url).pathname,
  'decode-worker-source/inline': new URL('./src/stream/decode-worker.ts', import.meta.url).pathname,
};
const PREFIX = '\0inline-worker:';

/**
 * One worker's self-contained IIFE bundle; the worker sources it imports are inlined in turn.
 * @param {string} entry @param {{ minify: boolean, sourcemap: boolean }} options @param {(file: string) => void} watch
 * @returns {Promise<string>}
 */
async function bundleWorker(entry, { minify, sourcemap }, watch) {
  /** @type {import('esbuild').Plugin} */
  const nested = {
    name: 'inline-nested-worker',
    setup(build) {
      build.onResolve({ filter: /^[\w-]+-worker-source\/inline$/ }, ({ path }) => ({ path, namespace: 'inline-worker' }));
      build.onLoad({ filter: /.*/, namespace: 'inline-worker' }, async ({ path }) => {
        const nestedEntry = WORKERS[/** @type {keyof typeof WORKERS} */ (path)];
        if (!nestedEntry) return { errors: [{ text: `no worker entry for ${path}` }] };
        return { contents: `export default ${JSON.stringify(await bundleWorker(nestedEntry, { minify, sourcemap }, watch))};`, loader: 'js' };
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify,
    sourcemap: sourcemap ? 'inline' : false,
    write: false,
    metafile: true,
    legalComments: 'none',
    plugins: [nested],
  });
  for (const input of Object.keys(result.metafile.inputs)) {
    if (!input.includes('node_modules') && !input.startsWith('inline-worker:')) watch(input);
  }
  return result.outputFiles[0].text;
}

/** @param {{ minify?: boolean, sourcemap?: boolean }} [options] */
export function inlineWorker({ minify = false, sourcemap = false } = {}) {
  return {
    name: 'inline-worker',
    resolveId(id) {
      return Object.hasOwn(WORKERS, id) ? PREFIX + id : null;
    },
    async load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const entry = WORKERS[/** @type {keyof typeof WORKERS} */ (id.slice(PREFIX.length))];
      const code = await bundleWorker(entry, { minify, sourcemap }, (file) => this.addWatchFile?.(file));
      return `export default ${JSON.stringify(code)};`;
    },
  };
}

const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;

/** Prints `dist/x.js  812.3 KiB  (gzip 201.4 KiB)` for every chunk written. */
function printSize() {
  return {
    name: 'print-size',
    writeBundle(options, bundle) {
      for (const [file, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const raw = Buffer.byteLength(chunk.code);
        const gzip = gzipSync(chunk.code, { level: 9 }).length;
        console.log(`${options.dir ?? 'dist'}/${file}  ${kib(raw)}  (gzip ${kib(gzip)})`);
      }
    },
  };
}

const bundle = (input, file) => ({
  input,
  output: { dir: 'dist', entryFileNames: file, format: 'es', sourcemap: true, inlineDynamicImports: true },
  plugins: [
    inlineWorker({ minify: true }),
    nodeResolve({ browser: true, exportConditions: ['browser', 'production'] }),
    commonjs({ requireReturnsDefault: 'preferred' }),
    esbuild({ target: 'es2022', minify: true, legalComments: 'none', tsconfig: 'tsconfig.json' }),
    printSize(),
  ],
  onwarn(warning, warn) {
    // vtk.js uses `this` at module top level in a few CommonJS shims; harmless in ES output.
    if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
    warn(warning);
  },
});

export default [bundle('src/index.ts', 'preview-overlay.js'), bundle('src/jupyter.ts', 'jupyter.js')];
