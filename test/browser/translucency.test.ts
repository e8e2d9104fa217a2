// How translucent layers are drawn on a software rasterizer, as WebGL is headless here
// (src/scene/gl-context.ts, translucent-pass.ts): blended far to near, so the nearer layer tints over the
// farther whatever order the layers came in and, at the same depth, the later layer over the earlier;
// and without multisampling.
import { expect } from '@open-wc/testing';
import { boxVolume, mountScene, readPixels, type MountedScene } from './scene-fixtures.ts';

const RED: [number, number, number, number] = [1, 0, 0, 1];
const GREEN: [number, number, number, number] = [0, 1, 0, 1];
const SIZE = 200;

// Two slabs over the whole x-y extent; the 3D view looks along +z, so the z 0..3 slab is the nearer.
const NEAR = boxVolume([8, 16, 16], [{ min: [0, 0, 0], max: [16, 16, 3], index: 1 }], [0, 7]);
const FAR = boxVolume([8, 16, 16], [{ min: [0, 0, 5], max: [16, 16, 8], index: 1 }], [0, 7]);

describe('translucent layers', () => {
  let mounted: MountedScene[] = [];
  afterEach(() => {
    for (const m of mounted) m.remove();
    mounted = [];
  });

  for (const order of [['near', 'far'], ['far', 'near']] as const) {
    it(`draws the nearer of two overlapping half-opaque layers over the farther (added ${order.join(' then ')})`, () => {
      const m = mountScene(SIZE, SIZE);
      mounted.push(m);
      for (const id of order) {
        m.scene.setLayer(id, id === 'near' ? NEAR : FAR);
        m.scene.setLayerStyle(id, { colors: new Map([[7, id === 'near' ? RED : GREEN]]), opacity: 0.5 });
      }
      const [r, g] = readPixels(m)(SIZE / 2, SIZE / 2);
      // Far to near: green at ½ over black, then red at ½ over that: ≈ (128, 64). Drawn in the order the
      // layers came, or weighted by order-independent translucency, the two come out near equal or green.
      expect(r! - g!, `centre pixel ${r},${g}: the near (red) layer should tint over the far (green) one`).to.be.at.least(40);
    });
  }

  it('draws the later of two half-opaque layers at the same place on top (blended, not mixed by depth)', () => {
    const m = mountScene(SIZE, SIZE);
    mounted.push(m);
    for (const [id, color] of [['first', RED], ['second', GREEN]] as const) {
      m.scene.setLayer(id, NEAR);
      m.scene.setLayerStyle(id, { colors: new Map([[7, color]]), opacity: 0.5 });
    }
    const [r, g] = readPixels(m)(SIZE / 2, SIZE / 2);
    // Order-independent translucency would mix the two alike (r ≈ g); blending in order puts green on top.
    expect(g! - r!, `centre pixel ${r},${g}: the second (green) layer should be on top`).to.be.at.least(40);
  });

  it('renders without multisampling on a software rasterizer (this machine: SwiftShader)', () => {
    const m = mountScene(SIZE, SIZE);
    mounted.push(m);
    m.scene.setLayer('near', NEAR);
    readPixels(m)(0, 0);
    const gl = m.container.querySelector('canvas')!.getContext('webgl2')!;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    expect(String(gl.getParameter(info!.UNMASKED_RENDERER_WEBGL)), 'this test expects software WebGL').to.match(/swiftshader/i);
    expect(gl.getContextAttributes()?.antialias).to.equal(false);
  });
});
