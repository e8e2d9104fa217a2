// Builds ONE self-contained ES module per entry (the worker inlined as a Blob-URL source), minified,
// with a source map, and prints each bundle's size raw and gzipped.
import { gzipSync } from 'node:zlib';
import commonjs from '@rollup/plugin-commonjs';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import esbuild from 'rollup-plugin-esbuild';
import { inlineWorker } from './rollup.worker-plugin.mjs';

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
