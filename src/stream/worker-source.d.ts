// The job worker's bundled source, provided at build time by rollup.worker-plugin.mjs.
declare module 'job-worker-source/inline' {
  const source: string;
  export default source;
}
