// The workers' bundled sources, provided at build time by rollup.config.mjs (inlineWorker).
declare module 'job-worker-source/inline' {
  const source: string;
  export default source;
}
// Inlined into the job worker's own bundle: the decode worker it starts.
declare module 'decode-worker-source/inline' {
  const source: string;
  export default source;
}
