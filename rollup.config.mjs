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
// and anywidget, which loads modules from Blob URLs. web-test-runner.config.mjs uses the same plugin.

const VIRTUAL_ID = 'job-worker-source/inline';
const RESOLVED_ID = '\0' + VIRTUAL_ID;
const WORKER_ENTRY = new URL('./src/stream/job-worker.ts', import.meta.url).pathname;

/** @param {{ minify?: boolean, sourcemap?: boolean }} [options] */
export function inlineWorker({ minify = false, sourcemap = false } = {}) {
  return {
    name: 'inline-worker',
    resolveId(id) {
      return id === VIRTUAL_ID ? RESOLVED_ID : null;
    },
    async load(id) {
      if (id !== RESOLVED_ID) return null;
      const result = await build({
        entryPoints: [WORKER_ENTRY],
        bundle: true,
        format: 'iife',
        platform: 'browser',
        target: 'es2022',
        minify,
        sourcemap: sourcemap ? 'inline' : false,
        write: false,
        metafile: true,
        legalComments: 'none',
      });
      for (const input of Object.keys(result.metafile.inputs)) {
        if (!input.includes('node_modules') && this.addWatchFile) this.addWatchFile(input);
      }
      const code = result.outputFiles[0].text;
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
