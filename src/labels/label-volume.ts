// The decoded form of one preview, as it crosses from the worker to the main thread.
// Every typed array here is transferred (moved), never copied.

/** Voxel order of every volume in this project: shape is [z, y, x], C order (x fastest). */
export type Shape3 = [z: number, y: number, x: number];
/** World-space vector in [x, y, z] order (spacing, origin). */
export type Vec3 = [x: number, y: number, z: number];

/** Dense label indices: 0 is background, i > 0 is the label whose original id is `labelIds[i]`. */
export type DenseLabels = Uint8Array | Uint16Array;

/** Axis-aligned voxel box, inclusive min, exclusive max, [x, y, z]. */
export interface VoxelBox {
  min: Vec3;
  max: Vec3;
}

/** Boundary faces between differently labelled voxels, ready for a vtkPolyData. */
export interface LabelSurface {
  /** xyz triples in world units (spacing applied). */
  points: Float32Array;
  /** vtk cell array: [4, a, b, c, d, 4, ...] — one quad per boundary face. */
  polys: Uint32Array;
  /** Dense label index of each quad (same length as the number of quads). */
  cellLabels: Uint16Array;
  /** Unit normal per point, xyz, for smooth shading: smooth surfaces only (voxel faces are drawn flat). */
  normals?: Float32Array;
  /**
   * Dense label index of each point, where every point is a corner of quads of one label only (the
   * worker's voxel and smooth surfaces): the scene colours points, not quads (src/scene/point-colors.ts).
   */
  pointLabels?: Uint16Array;
}

/** One brick's faces (labelSurface's unit faces over the brick's voxels, merged into rectangles by greedy-faces.ts), with its index in the layer's brick grid. */
export interface SurfaceBrick extends LabelSurface {
  index: number;
}

/** A preview's 3D surface as the bricks that changed (surface-bricks.ts). */
export interface SurfaceBricks {
  /** Label voxels per surface voxel along each axis: 1 = exact, 2, 4, … = simplified to fit `maxFaces`. */
  factor: number;
  /** Brick edge in surface voxels. */
  brickSize: number;
  /** true: `bricks` is the whole surface (bricks not listed are empty); false: only these bricks changed. */
  complete: boolean;
  bricks: SurfaceBrick[];
  /**
   * Unit faces of the whole surface as built, and of the exact surface (more than `maxFaces` when
   * simplified). The bricks hold them merged into fewer quads (greedy-faces.ts).
   */
  faces: number;
  exactFaces: number;
  maxFaces: number;
}

export interface LabelVolume {
  /** Shape after downsampling, [z, y, x]. */
  shape: Shape3;
  /** World units per voxel, [x, y, z], in the frame of the original (full-resolution) volume. */
  spacing: Vec3;
  /**
   * World position of the CENTER of voxel (0, 0, 0), [x, y, z] (vtkImageData's origin): (f − 1)/2 source
   * voxels when downsampled by f, so each block stays centred on the voxels it covers; [0, 0, 0] when f = 1.
   */
  origin: Vec3;
  /** Dense label indices, length = z*y*x. */
  labels: DenseLabels;
  /** Original label id of each dense index; labelIds[0] = 0. Stable across a job's previews. */
  labelIds: Float64Array;
  /** Voxel count of each dense index in this preview (index 0 = background). */
  labelCounts: Float64Array;
  /** Integer factor applied per axis by downsampling (1 = none). */
  downsampleFactor: number;
  /** Shape of the preview as sent by the server, [z, y, x]. */
  sourceShape: Shape3;
  /**
   * Voxels (of `shape`) whose label differs from the job's previous preview. null: first preview or the
   * shape changed, i.e. everything. An empty box (max = min = [0, 0, 0]; see isEmptyVoxelBox): nothing changed.
   */
  changed: VoxelBox | null;
  /** Label boundary quads by brick; points in world units (spacing and origin applied), faces at voxel center ± spacing/2. */
  surface: SurfaceBricks;
}
