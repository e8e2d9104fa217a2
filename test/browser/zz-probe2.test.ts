import { patternLabels } from '../../demo/mock-stream/pattern-volume.js';
import { createPreviewDecodeState, decodePreview } from '../../src/labels/decode-preview.ts';
import { LabelScene } from '../../src/scene/label-scene.ts';

const med = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]!; };

async function probe(brickSize: number, layers: number) {
  const host = document.createElement('div');
  host.style.cssText = 'width:1000px;height:640px;position:relative';
  document.body.append(host);
  const scene = new LabelScene(host, { background: 'black' });
  const shape: [number, number, number] = [128, 128, 128];
  const volumes = [];
  for (let l = 0; l < layers; l++) {
    const ids = patternLabels({ pattern: 'objects', shape, labels: 4, step: 9, steps: 10, seed: 7 + l });
    const out = await decodePreview({ header: { shape, dtype: 'uint8', spacing: [1, 1, 1], compression: 'none' }, bytes: Uint8Array.from(ids) }, createPreviewDecodeState(), { maxVoxels: 128 ** 3, maxInflatedBytes: 1e9, maxFaces: 1e6, brickSize });
    volumes.push(out.volume);
    scene.setLayer(`j${l}`, out.volume);
    scene.setLayerStyle(`j${l}`, { opacity: 0.8 });
  }
  scene.renderNow();
  scene.renderNow();
  const times = new Map<string, [number, number]>();
  const proto = WebGL2RenderingContext.prototype as unknown as Record<string, unknown>;
  const originals = new Map<string, unknown>();
  for (const name of Object.getOwnPropertyNames(WebGL2RenderingContext.prototype)) {
    const d = Object.getOwnPropertyDescriptor(WebGL2RenderingContext.prototype, name);
    if (!d || typeof d.value !== 'function') continue;
    const f = d.value as (...a: unknown[]) => unknown;
    originals.set(name, f);
    proto[name] = function (this: unknown, ...a: unknown[]) { const t = performance.now(); const r = f.apply(this, a); const e = times.get(name) ?? [0, 0]; e[0] += performance.now() - t; e[1] += 1; times.set(name, e); return r; };
  }
  const tAll = performance.now();
  for (let i = 0; i < 3; i++) scene.renderNow();
  const all = performance.now() - tAll;
  for (const [name, f] of originals) proto[name] = f;
  const glTotal = [...times.values()].reduce((n, [ms]) => n + ms, 0);
  console.log(`bs${brickSize} 3 idle renders ${all.toFixed(1)} ms, in gl calls ${glTotal.toFixed(1)} ms; top:`, [...times].sort((a, b) => b[1][0] - a[1][0]).slice(0, 6).map(([n, [ms, c]]) => `${n} ${ms.toFixed(1)}ms x${c}`).join(' | '));
  const idle: number[] = [];
  for (let i = 0; i < 8; i++) { const t = performance.now(); scene.renderNow(); idle.push(performance.now() - t); }
  // Re-upload each brick of layer 0 alone: draw time minus idle, per face.
  const perFace: number[] = [];
  const v = volumes[0]!;
  let faces = 0;
  for (const brick of v.surface.bricks) {
    faces += brick.cellLabels.length;
    const copy = { ...brick, points: brick.points.slice(), polys: brick.polys.slice(), cellLabels: brick.cellLabels.slice() };
    scene.setLayer('j0', { ...v, changed: { min: [0, 0, 0], max: [1, 1, 1] }, surface: { ...v.surface, complete: false, bricks: [copy] } });
    const t = performance.now();
    scene.renderNow();
    const ms = performance.now() - t;
    if (brick.cellLabels.length > 500) perFace.push((ms - med(idle)) / brick.cellLabels.length);
  }
  const actors = scene.stats().propsCreated;
  console.log(`bs${brickSize} layers ${layers}: actors ${actors} faces/layer ${faces} idle draw median ${med(idle).toFixed(2)} ms; upload µs/face median ${(med(perFace) * 1000).toFixed(2)} (${perFace.length} bricks)`);
  scene.dispose();
  host.remove();
}

describe('probe2', () => {
  it('measures', async function () {
    this.timeout(600_000);
    for (const bs of [64, 128]) await probe(bs, 2);
  });
});
