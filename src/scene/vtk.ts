// The scene's one door to vtk.js: every vtk.js import and every cast around its partial typings
// lives here, so the rest of src/scene reads as plain TypeScript.
//
// Only the OpenGL (WebGL2) implementations the scene draws with are registered: the pieces of the
// OpenGL Geometry/Volume profiles that it uses. `Rendering/Profiles/*` would also pull in the WebGPU
// backend, and the whole OpenGL profiles bring volume, reslice and CPR mappers this widget never uses.
import '@kitware/vtk.js/Rendering/OpenGL/Actor.js';
import '@kitware/vtk.js/Rendering/OpenGL/Camera.js';
import '@kitware/vtk.js/Rendering/OpenGL/ImageMapper.js';
import '@kitware/vtk.js/Rendering/OpenGL/ImageSlice.js';
import '@kitware/vtk.js/Rendering/OpenGL/PolyDataMapper.js';
import '@kitware/vtk.js/Rendering/OpenGL/Renderer.js';
import '@kitware/vtk.js/Rendering/OpenGL/Texture.js';

import vtkDataArray from '@kitware/vtk.js/Common/Core/DataArray.js';
import vtkLookupTable from '@kitware/vtk.js/Common/Core/LookupTable.js';
import vtkImageData from '@kitware/vtk.js/Common/DataModel/ImageData.js';
import vtkPiecewiseFunction from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction.js';
import vtkPolyData from '@kitware/vtk.js/Common/DataModel/PolyData.js';
import vtkMouseCameraTrackballPanManipulator from '@kitware/vtk.js/Interaction/Manipulators/MouseCameraTrackballPanManipulator.js';
import vtkMouseCameraTrackballRotateManipulator from '@kitware/vtk.js/Interaction/Manipulators/MouseCameraTrackballRotateManipulator.js';
import vtkMouseCameraTrackballZoomManipulator from '@kitware/vtk.js/Interaction/Manipulators/MouseCameraTrackballZoomManipulator.js';
import vtkInteractorStyleManipulator from '@kitware/vtk.js/Interaction/Style/InteractorStyleManipulator.js';
import vtkActor from '@kitware/vtk.js/Rendering/Core/Actor.js';
import vtkCamera from '@kitware/vtk.js/Rendering/Core/Camera.js';
import vtkColorTransferFunction from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction.js';
import vtkImageMapper from '@kitware/vtk.js/Rendering/Core/ImageMapper.js';
import vtkImageSlice from '@kitware/vtk.js/Rendering/Core/ImageSlice.js';
import vtkMapper from '@kitware/vtk.js/Rendering/Core/Mapper.js';
import vtkRenderer from '@kitware/vtk.js/Rendering/Core/Renderer.js';
import vtkRenderWindow from '@kitware/vtk.js/Rendering/Core/RenderWindow.js';
import vtkRenderWindowInteractor from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor.js';
import vtkOpenGLRenderWindow from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow.js';
import vtkForwardPass from '@kitware/vtk.js/Rendering/OpenGL/ForwardPass.js';
import vtkRenderPass from '@kitware/vtk.js/Rendering/SceneGraph/RenderPass.js';

import type { vtkDataArray as DataArray } from '@kitware/vtk.js/Common/Core/DataArray.js';
import type { vtkLookupTable as LookupTable } from '@kitware/vtk.js/Common/Core/LookupTable.js';
import type { vtkImageData as ImageData } from '@kitware/vtk.js/Common/DataModel/ImageData.js';
import type { vtkPiecewiseFunction as PiecewiseFunction } from '@kitware/vtk.js/Common/DataModel/PiecewiseFunction.js';
import type { vtkPolyData as PolyData } from '@kitware/vtk.js/Common/DataModel/PolyData.js';
import type { vtkInteractorStyleManipulator as InteractorStyleManipulator } from '@kitware/vtk.js/Interaction/Style/InteractorStyleManipulator.js';
import type { vtkActor as Actor } from '@kitware/vtk.js/Rendering/Core/Actor.js';
import type { vtkCamera as Camera } from '@kitware/vtk.js/Rendering/Core/Camera.js';
import type { vtkColorTransferFunction as ColorTransferFunction } from '@kitware/vtk.js/Rendering/Core/ColorTransferFunction.js';
import type { vtkImageMapper as ImageMapper } from '@kitware/vtk.js/Rendering/Core/ImageMapper.js';
import type { vtkImageSlice as ImageSlice } from '@kitware/vtk.js/Rendering/Core/ImageSlice.js';
import type { vtkMapper as Mapper } from '@kitware/vtk.js/Rendering/Core/Mapper.js';
import type { vtkRenderer as Renderer } from '@kitware/vtk.js/Rendering/Core/Renderer.js';
import type { vtkRenderWindow as RenderWindow } from '@kitware/vtk.js/Rendering/Core/RenderWindow.js';
import type { vtkRenderWindowInteractor as RenderWindowInteractor } from '@kitware/vtk.js/Rendering/Core/RenderWindowInteractor.js';
import type { vtkOpenGLRenderWindow as OpenGLRenderWindow } from '@kitware/vtk.js/Rendering/OpenGL/RenderWindow.js';
import type { vtkRenderPass as RenderPass } from '@kitware/vtk.js/Rendering/SceneGraph/RenderPass.js';

export type {
  Actor,
  Camera,
  ColorTransferFunction,
  DataArray,
  ImageData,
  ImageMapper,
  ImageSlice,
  InteractorStyleManipulator,
  LookupTable,
  Mapper,
  OpenGLRenderWindow,
  PiecewiseFunction,
  PolyData,
  Renderer,
  RenderWindow,
  RenderPass,
  RenderWindowInteractor,
};

export {
  vtkActor,
  vtkCamera,
  vtkColorTransferFunction,
  vtkDataArray,
  vtkImageData,
  vtkImageMapper,
  vtkImageSlice,
  vtkInteractorStyleManipulator,
  vtkLookupTable,
  vtkMapper,
  vtkMouseCameraTrackballPanManipulator,
  vtkMouseCameraTrackballRotateManipulator,
  vtkMouseCameraTrackballZoomManipulator,
  vtkOpenGLRenderWindow,
  vtkPiecewiseFunction,
  vtkPolyData,
  vtkRenderer,
  vtkRenderWindow,
  vtkRenderPass,
  vtkRenderWindowInteractor,
};

/** Anything vtk.js can `delete()`. */
export interface Deletable {
  delete(): void;
}

/** Typed arrays vtk.js textures and data arrays accept as-is. */
export type VtkTypedArray = Uint8Array | Int8Array | Uint16Array | Int16Array | Float32Array;

/** A data array that wraps `values` without copying them. */
export function wrapArray(values: VtkTypedArray, numberOfComponents: number, name: string): DataArray {
  return vtkDataArray.newInstance({ values, numberOfComponents, name });
}

/** Makes `normals` the polydata's point normals, or (null) leaves it without any: the typings take no null. */
export function setPointNormals(polyData: PolyData, normals: DataArray | null): void {
  polyData.getPointData().setNormals(normals as DataArray);
}

/** One node of a step transfer function: the value holds from x up to the midpoint to the next node. */
export interface StepNode {
  x: number;
  rgb?: [number, number, number];
  y?: number;
}

// vtk.js types `setNodes` as `any`: the node shapes below are its documented fields. Sharpness 1 with
// midpoint 0.5 makes vtk.js sample a step function — each dense index keeps its own colour up to
// halfway to the next one, so there is never a blend between two label ids.
//
// Why not plain `setNodes(newArray)`: it compares the old and new nodes by JSON.stringify (four times
// over), which for thousands of labels costs tens of ms. vtk keeps the array it was given, so each
// function gets one array of its own (`stepNodes`), refilled in place; sorted already (x ascending),
// it only needs its range updated and the function marked modified.
type VtkNode = { x: number; r: number; g: number; b: number; y: number; midpoint: number; sharpness: number };
const ownNodes = new WeakMap<ColorTransferFunction | PiecewiseFunction, VtkNode[]>();

function stepNodes(fn: ColorTransferFunction | PiecewiseFunction, nodes: readonly StepNode[]): void {
  let own = ownNodes.get(fn);
  if (!own) {
    own = [];
    ownNodes.set(fn, own);
    fn.setNodes(own);
  }
  own.length = nodes.length;
  for (let i = 0; i < nodes.length; i++) {
    const { x, rgb, y } = nodes[i]!;
    own[i] = { x, r: rgb?.[0] ?? 0, g: rgb?.[1] ?? 0, b: rgb?.[2] ?? 0, y: y ?? 0, midpoint: 0.5, sharpness: 1 };
  }
  fn.updateRange();
  fn.modified();
}

/** `nodes` must be sorted by x. */
export function setColorSteps(fn: ColorTransferFunction, nodes: readonly StepNode[]): void {
  stepNodes(fn, nodes);
}

/** `nodes` must be sorted by x. */
export function setOpacitySteps(fn: PiecewiseFunction, nodes: readonly StepNode[]): void {
  stepNodes(fn, nodes);
}

/**
 * Makes coincident polygons of different layers resolve deterministically (a later layer wins) instead of
 * z-fighting. vtk.js keeps the resolve *mode* as a module-wide static (the per-mapper setter is shadowed
 * by the static one), so this turns it on for every vtk.js mapper in this bundle; with vtk's default global
 * parameters it only adds the classic "polygons slightly behind lines" bias, which nothing here relies on.
 */
export function setPolygonOffset(mapper: Mapper, factor: number, units: number): void {
  vtkMapper.setResolveCoincidentTopologyToPolygonOffset();
  mapper.setRelativeCoincidentTopologyPolygonOffsetParameters(factor, units);
}

// Runtime methods of vtkOpenGLRenderWindow that its typings leave out.
interface OpenGLRenderWindowInternals {
  getInitialized?: () => boolean;
  releaseGraphicsResources?: () => void;
}

/** True once the window has created its WebGL context (its first render). */
export function hasWebGLContext(glWindow: OpenGLRenderWindow): boolean {
  return (glWindow as OpenGLRenderWindow & OpenGLRenderWindowInternals).getInitialized?.() === true;
}

/** Frees every GL object the window's scene graph holds (textures, buffers, shaders). */
export function releaseGraphicsResources(glWindow: OpenGLRenderWindow): void {
  (glWindow as OpenGLRenderWindow & OpenGLRenderWindowInternals).releaseGraphicsResources?.();
}

/**
 * vtk.js's forward pass (opaque, translucent, overlay) with `translucentPass` as its translucent step.
 * A function, not the class: vtk.js ships no typings for it (vtk-forward-pass.d.ts, which the package's
 * declarations do not carry).
 */
export function forwardPassWith(translucentPass: RenderPass): RenderPass {
  return vtkForwardPass.newInstance({ translucentPass });
}
