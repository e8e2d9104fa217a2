import { nextFrame } from '@open-wc/testing';
import { patternLabels } from '../../demo/mock-stream/pattern-volume.js';
import { createPreviewDecodeState, decodePreview } from '../../src/labels/decode-preview.ts';
import { LabelScene } from '../../src/scene/label-scene.ts';

const bs = (n: number) => `bs${n}`;
const q = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(p * s.length))]! : 0; };

async function run(name: string, pattern: 'objects' | 'noise' | 'checkerboard' | 'scattered', shape: [number, number, number], labels: number, brickSize: number, maxFaces: number, view: '3d' | 'slice' = '3d') {
  const host = document.createElement('div');
  host.style.cssText = 'width:1000px;height:640px;position:relative';
  document.body.append(host);
  const scene = new LabelScene(host, { background: 'black' });
  scene.setView(view);
  let state = createPreviewDecodeState();
  const wide = labels > 255;
  const drainMs: number[] = [];
  const workerMs: number[] = [];
  for (let step = 0; step < 4; step++) {
    const ids = patternLabels({ pattern, shape, labels, step, steps: 10, seed: 7 });
    const bytes = wide ? new Uint8Array(Uint16Array.from(ids).buffer) : Uint8Array.from(ids);
    const t0 = performance.now();
    const out = await decodePreview({ header: { shape, dtype: wide ? 'uint16' : 'uint8', spacing: [1, 1, 1], compression: 'none' }, bytes }, state, { maxVoxels: 128 ** 3, maxInflatedBytes: 1e9, maxFaces, brickSize });
    workerMs.push(performance.now() - t0);
    state = out.state;
    const start = performance.now();
    scene.setLayer('a', out.volume);
    if (step === 0) scene.setLayerStyle('a', { opacity: 0.8 });
    while (scene.frameStats().queued > 0) await nextFrame();
    drainMs.push(performance.now() - start);
    if (step === 2) console.log(name, bs(brickSize), JSON.stringify(scene.frameStats().frames.filter((f) => f.at >= start).map((f) => [+(f.at - start).toFixed(0), f.items, +f.itemsMs.toFixed(1), +f.drawMs.toFixed(1), f.deferred, +f.largestItemMs.toFixed(1)])));
    if (step === 0) console.log(name, 'factor', out.volume.surface.factor, 'faces', out.volume.surface.faces, 'exact', out.volume.surface.exactFaces, 'bricks', out.volume.surface.bricks.length);
  }
  // idle draws
  for (let i = 0; i < 10; i++) { scene.requestRender(); await nextFrame(); }
  const st = scene.frameStats();
  const fr = st.frames;
  const ms = fr.map((f) => f.ms);
  const items = fr.map((f) => f.itemsMs);
  const draw = fr.map((f) => f.drawMs);
  const over = fr.map((f) => f.workMs - st.budgetMs - f.largestItemMs);
  console.log(`${name} bs=${brickSize} maxFaces=${maxFaces}: frames ${fr.length} ms p50 ${q(ms, 0.5).toFixed(1)} p99 ${q(ms, 0.99).toFixed(1)} max ${Math.max(...ms).toFixed(1)} | items max ${Math.max(...items).toFixed(1)} | draw p50 ${q(draw, .5).toFixed(1)} max ${Math.max(...draw).toFixed(1)} | idleDraw ${st.idleDrawMs.toFixed(2)} msPerKFace ${(st.msPerUnit * 1000).toFixed(3)} | drain ms ${drainMs.map((d) => d.toFixed(0)).join(',')} | worker ms ${workerMs.map((d) => d.toFixed(0)).join(',')} | maxOver ${Math.max(...over).toFixed(1)} largestItem ${Math.max(...fr.map((f) => f.largestItemMs)).toFixed(1)}`);
  scene.dispose();
  host.remove();
}

describe('probe', () => {
  it('measures', async function () {
    this.timeout(600_000);
    const s128: [number, number, number] = [128, 128, 128];
    const which = new URLSearchParams(location.search).get('x');
    await run('objects128', 'objects', s128, 4, 32, 200_000);
    await run('objects128', 'objects', s128, 4, 128, 200_000);
    await run('noise128', 'noise', s128, 1, 32, 200_000);
    await run('scattered', 'scattered', [32, 48, 64], 3000, 32, 200_000);
  });
});
