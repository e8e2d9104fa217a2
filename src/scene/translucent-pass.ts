// Translucent surfaces alpha-blended straight into the canvas, far to near: the scene's translucent
// pass on a software rasterizer (gl-context.ts says why), instead of vtk.js's order-independent
// translucency (OIT), which draws every translucent prop into two extra half-float targets the size of
// the canvas and then composites them back.
//
// Blending needs a drawing order: the props (one per brick of each layer) are sorted every frame by the
// depth of their bounds' centre along the view direction and drawn farthest first, so a nearer layer
// tints over a farther one; props at the same depth (two jobs' surfaces of the same membrane) are drawn
// in the order they were added, the later on top, as napari draws its layers. Within one brick faces are
// not sorted; vtk's translucent pass writes no depth, so none is hidden, and opaque surfaces (drawn
// before, with depth) still hide what lies behind them.
import type { Vec3 } from '../labels/label-volume.ts';
import { farToNear } from './draw-order.ts';
import { forwardPassWith, vtkRenderPass, type Renderer, type RenderPass } from './vtk.ts';

// The parts of vtk.js's scene graph the pass walks: the renderer's view node and its props' nodes.
interface PropNode {
  getRenderable(): { getBounds?(): number[] } | null;
  traverse(pass: RenderPass): void;
}
interface RendererNode {
  getRenderable(): Renderer;
  getChildrenByReference(): PropNode[];
  apply(pass: RenderPass, prepass: boolean): void;
}

/** Bounds centres of `nodes` (NaN where a node has no bounds). */
function centresOf(nodes: readonly PropNode[]): Float64Array {
  const centres = new Float64Array(nodes.length * 3);
  nodes.forEach((node, i) => {
    const b = node.getRenderable()?.getBounds?.();
    for (let axis = 0; axis < 3; axis++) centres[3 * i + axis] = b && b[2 * axis]! <= b[2 * axis + 1]! ? (b[2 * axis]! + b[2 * axis + 1]!) / 2 : NaN;
  });
  return centres;
}

/** vtk.js render passes for a window: its forward pass, with the blended far-to-near translucent pass. */
export function blendedRenderPasses(): RenderPass[] {
  // `newInstance` freezes what it returns, so the pass is put together from `extend`, as vtk's own
  // subclasses are. vtk's forward pass calls `traverse(viewNode, rendererNode, forwardPass)` on its
  // translucent pass; the mappers then ask the pass for a shader replacement: none, for plain blending.
  const translucent = {} as RenderPass & { getShaderReplacement(): null };
  vtkRenderPass.extend(translucent, {});
  translucent.traverse = (_viewNode, renderer: RendererNode) => {
    translucent.setCurrentOperation('translucentPass');
    const nodes = renderer.getChildrenByReference();
    const camera = renderer.getRenderable().getActiveCamera();
    const order = farToNear(centresOf(nodes), camera.getPosition() as Vec3, camera.getDirectionOfProjection() as Vec3);
    renderer.apply(translucent, true);
    for (const i of order) nodes[i]!.traverse(translucent);
    renderer.apply(translucent, false);
  };
  translucent.getShaderReplacement = () => null;
  return [forwardPassWith(translucent)];
}
