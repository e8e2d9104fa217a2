// Inlines the job worker into the bundle that imports it: `import source from 'job-worker-source/inline'`
// yields the worker's own self-contained bundle as a string, which the main thread starts from a Blob
// URL. A separate worker file (`new URL('./w.js', import.meta.url)`) would break cross-origin loading
// and anywidget, which loads modules from Blob URLs.
import { build } from 'esbuild';

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
