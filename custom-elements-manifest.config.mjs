// Custom Elements Manifest (`custom-elements.json`): what editors, Storybook, framework wrappers and
// dashboards read to learn the element's attributes, properties, events, methods, CSS parts and custom
// properties. Generated from `src/preview-overlay.ts` (its `static properties` and its JSDoc) by
// `npm run manifest` and by `npm run build`; test/node/manifest.test.ts checks the committed file is current.
export default {
  globs: ['src/preview-overlay.ts'],
  outdir: '.',
  litelement: true,
  // package.json names the manifest itself (`customElements`); the analyzer must not rewrite it.
  packagejson: false,
  quiet: true,
};
