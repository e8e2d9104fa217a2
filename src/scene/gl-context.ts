// The WebGL2 context the scene draws in, created before vtk.js asks for one (a canvas hands every
// later `getContext('webgl2')` the context it already has, whatever attributes are asked for).
//
// Multisampling is the one attribute chosen here. On a GPU it is cheap and keeps surface edges smooth;
// on a software rasterizer (Chromium's SwiftShader on a machine without a usable GPU, Mesa's llvmpipe)
// every translucent fragment is shaded and blended four times, and a static 4-layer scene measured
// ≈ 100–250 ms a frame with it against ≈ 67–100 ms without (README › Performance).

/** Renderer names of software rasterizers, as WebGL reports them. */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

/** Whether `renderer` (WebGL's unmasked renderer string) names a software rasterizer. */
export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERER.test(renderer);
}

let probed: string | undefined;

/**
 * The unmasked renderer string of this page's WebGL2, read once from a throwaway context that is lost
 * at once (so it never counts against the browser's live-context limit). '' when unknown.
 */
function rendererName(): string {
  if (probed !== undefined) return probed;
  const gl = document.createElement('canvas').getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  probed = String((gl && (info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER))) ?? '');
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
  return probed;
}

/** Creates `canvas`'s WebGL2 context: vtk.js's usual attributes, multisampled unless rendered in software. */
export function createSceneContext(canvas: HTMLCanvasElement): WebGL2RenderingContext | null {
  return canvas.getContext('webgl2', {
    alpha: true,
    depth: true,
    preserveDrawingBuffer: false,
    powerPreference: 'high-performance',
    antialias: !isSoftwareRenderer(rendererName()),
  });
}
