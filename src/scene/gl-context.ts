// The WebGL2 context the scene draws in, and what its drawing gives up on a software rasterizer.
//
// The context is created before vtk.js asks for one: a canvas hands every later `getContext('webgl2')`
// the context it already has, whatever attributes are asked for. On a GPU the scene draws as vtk.js
// does by default: a 4× multisampled canvas (smooth edges) and order-independent translucency (OIT),
// which mixes overlapping translucent layers by depth, so two jobs' surfaces at the same place both show.
// On a software rasterizer (Chromium's SwiftShader on a machine without a usable GPU, Mesa's llvmpipe)
// OIT's half-float targets and the multisampling made a static 4-layer frame cost more than streaming
// did, so there the canvas is not multisampled and translucent layers are blended far to near instead
// (translucent-pass.ts). Either alone bought nothing (README › Performance).

/** Renderer names of software rasterizers, as WebGL reports them. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

/** Whether `renderer` (WebGL's unmasked renderer string) names a software rasterizer. */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

let probed: boolean | undefined;

/**
 * Whether this page's WebGL2 renders in software, read once from a throwaway context that is lost at
 * once (so it never counts against the browser's live-context limit). False when it cannot be told.
 */
export function rendersInSoftware(): boolean {
  if (probed !== undefined) return probed;
  const gl = document.createElement('canvas').getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  const name = gl ? gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER) : '';
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
  probed = isSoftwareRenderer(String(name ?? ''));
  return probed;
}

/** Creates `canvas`'s WebGL2 context with vtk.js's usual attributes, multisampled or not. */
export function createSceneContext(canvas: HTMLCanvasElement, antialias: boolean): WebGL2RenderingContext | null {
  return canvas.getContext('webgl2', { alpha: true, depth: true, preserveDrawingBuffer: false, powerPreference: 'high-performance', antialias });
}
