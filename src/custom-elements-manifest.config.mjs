// Custom Elements Manifest (`dist/custom-elements.json`): what editors, Storybook, framework wrappers
// and dashboard tools read to learn the element's attributes, properties, methods, events, CSS parts and
// custom properties. Generated from `src/preview-overlay.ts` (its `static properties` and JSDoc) by
// `npm run manifest`, which `npm run build` runs; test/node/manifest.test.ts checks it is complete. The analyzer parses with its own TypeScript 5 (this repository's
// TypeScript 7 has no JavaScript API).

/** Keeps the public surface only: what a host may use, nothing the element keeps to itself. */
function publicSurfaceOnly() {
  // `#x` are private; `_x` are Lit's internal reactive state (`state: true`), which the analyzer's Lit
  // support lists as attributes. Events come from `@fires` alone: the analyzer also reports the
  // `type` variable of the element's generic `dispatchEvent(new CustomEvent(type, …))` helper.
  const isPublic = (name) => !name.startsWith('#') && !name.startsWith('_');
  return {
    name: 'public-surface-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.kind !== 'class') continue;
          declaration.members = declaration.members?.filter((member) => isPublic(member.name) && member.privacy !== 'private');
          declaration.attributes = declaration.attributes?.filter((attribute) => isPublic(attribute.fieldName ?? attribute.name));
          declaration.events = declaration.events?.filter((event) => event.description);
        }
      }
    },
  };
}

export default {
  globs: ['src/preview-overlay.ts', 'src/overlay-attributes.ts'],
  outdir: 'dist',
  litelement: true,
  // package.json names the manifest itself (`customElements`); the analyzer must not rewrite it.
  packagejson: false,
  quiet: true,
  plugins: [publicSurfaceOnly()],
};
