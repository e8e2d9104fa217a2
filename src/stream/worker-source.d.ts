// The job worker's bundled source, provided at build time by rollup.config.mjs (inlineWorker).
declare module 'job-worker-source/inline' {
  const source: string;
  export default source;
}
