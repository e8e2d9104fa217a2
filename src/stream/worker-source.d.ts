// The job worker's bundled source, provided at build time by rollup.worker-plugin.mjs.
declare module 'virtual:job-worker-source' {
  const source: string;
  export default source;
}
