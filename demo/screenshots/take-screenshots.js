// @ts-check
// Takes the README's screenshots of the demo as a person sees it: `npm run build && node demo/screenshots/take-screenshots.js`
// (names after it take only those pictures: `demo`, `slice`, `slice-y`, `smooth`, `change`, `compare`, `dashboard`).
// Starts the demo server (demo/serve.js) on a free port, drives headless Chromium with puppeteer-core,
// and writes demo.png (3D, a job colour each), demo-slice.png (slice view over the tomogram: outlines, a legend, a
// hover readout), demo-slice-y.png (a y slice), demo-smooth.png (3D, smooth surfaces, two jobs), demo-change.png (`change-view` in slice
// view), demo-compare.png (two jobs compared, in 3D) and dashboard.png beside this file.
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';
import { startDemoServer } from '../serve.js';
import { chromiumPath } from '../../test/find-chromium.js';

const here = (name) => fileURLToPath(new URL(name, import.meta.url));

/** Resolves when `probe` (run in the page) returns true. */
async function pageUntil(page, probe, arg, timeout = 30_000) {
  await page.waitForFunction(probe, { timeout, polling: 100 }, arg);
}

/** Every shown job has at least `count` previews. */
const previewsAtLeast = (page, count, timeout = undefined) =>
  pageUntil(page, (n) => {
    const overlay = document.querySelector('preview-overlay');
    return overlay.jobs.length > 0 && overlay.jobs.every((id) => (overlay.layer(id)?.previews ?? 0) >= n);
  }, count, timeout);

const only = process.argv.slice(2);
const want = (/** @type {string} */ name) => only.length === 0 || only.includes(name);
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** The scene has drawn what it was given (nothing waits in its frame queue). */
const drawn = (page) => pageUntil(page, () => document.querySelector('preview-overlay').frameStats?.queued === 0, undefined, 60_000);

const server = await startDemoServer({ port: 0 });
const browser = await puppeteer.launch({
  executablePath: chromiumPath(),
  headless: true,
  args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const page = await browser.newPage();
try {
  await page.setViewport({ width: 1280, height: 760 });
  if (want('smooth')) {
    // Two of the page's jobs (same grid, different seeds) in job colours, their surfaces smooth.
    await page.goto(`http://127.0.0.1:${server.port}/?surface=smooth&color-mode=job`);
    await pageUntil(page, () => document.querySelector('preview-overlay').jobs.length === 3);
    await page.evaluate(() => {
      const overlay = document.querySelector('preview-overlay');
      overlay.removeJob(overlay.jobs[1]);
    });
    await previewsAtLeast(page, 40, 120_000);
    // Turn the camera a little, as a person would drag it, so the surfaces' shading shows their shape.
    const scene = await page.$eval('preview-overlay', (element) => JSON.parse(JSON.stringify(element.getBoundingClientRect())));
    const [x, y] = [scene.x + scene.width * 0.3, scene.y + scene.height * 0.5];
    await page.mouse.move(x, y);
    await page.mouse.down();
    for (let step = 1; step <= 10; step++) await page.mouse.move(x + step * 9, y - step * 6);
    await page.mouse.up();
    await page.mouse.move(0, 0);
    await sleep(500);
    await page.screenshot({ path: here('demo-smooth.png') });
  }
  if (want('slice-y')) {
    // A y slice (x across, z down) of the three jobs over the tomogram, as `slice-axis="y"` shows it.
    await page.goto(`http://127.0.0.1:${server.port}/?view=slice&slice-axis=y&color-mode=job`);
    await previewsAtLeast(page, 45, 120_000);
    await drawn(page);
    await sleep(300);
    await page.screenshot({ path: here('demo-slice-y.png') });
  }
  if (want('change') || want('compare')) {
    // The demo's three jobs in slice view over the tomogram, then the change view: each layer dimmed, what
    // its newest preview added in green and removed in red.
    await page.goto(`http://127.0.0.1:${server.port}/?view=slice`);
    await previewsAtLeast(page, 6);
    if (want('change')) {
      await page.evaluate(() => (document.querySelector('preview-overlay').changeView = true));
      await previewsAtLeast(page, 9);
      await drawn(page);
      await sleep(200);
      await page.screenshot({ path: here('demo-change.png') });
      await page.evaluate(() => (document.querySelector('preview-overlay').changeView = false));
    }
    if (want('compare')) {
      // The first and third jobs (two seeds, as two models would differ) compared in 3D.
      await page.evaluate(() => {
        const overlay = document.querySelector('preview-overlay');
        overlay.view = '3d';
        overlay.compare = [overlay.jobs[0], overlay.jobs[2]];
      });
      await pageUntil(page, () => !!document.querySelector('preview-overlay').shadowRoot.querySelector('[part="compare-summary"]'));
      await drawn(page);
      await sleep(200);
      await page.screenshot({ path: here('demo-compare.png') });
    }
  }
  if (want('demo') || want('slice')) {
  await page.goto(`http://127.0.0.1:${server.port}/`);
  // The page starts three jobs; add a fourth with a fault from the form, as a person would.
  await page.select('select[name="fault"]', 'length');
  await page.$eval('input[name="hz"]', (input) => (input.value = '2'));
  await page.$eval('input[name="labels"]', (input) => (input.value = '3'));
  await page.click('#add-job button[type="submit"]');
  await pageUntil(page, () => document.querySelector('preview-overlay').jobs.length === 4);
  await page.select('#color-mode', 'job');
  await previewsAtLeast(page, 12);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await page.screenshot({ path: here('demo.png') });

  // The element's own toolbar: the slice view.
  await page.evaluate(() => document.querySelector('preview-overlay').shadowRoot.querySelectorAll('.toolbar button')[1].click());
  await page.select('#slice-style', 'outline');
  await page.evaluate(() => (document.querySelector('preview-overlay').shadowRoot.querySelector('details.legend').open = true));
  await previewsAtLeast(page, 16);
  // Sweep the pointer over the slice until it rests on a label: the readout line shows what is under it.
  await page.evaluate(() => {
    window.hovered = null;
    document.querySelector('preview-overlay').addEventListener('label-hover', (event) => (window.hovered = event.detail));
  });
  const box = await page.$eval('preview-overlay', (element) => JSON.parse(JSON.stringify(element.getBoundingClientRect())));
  search: for (let y = 0.2; y < 0.8; y += 0.04) {
    for (let x = 0.05; x < 0.6; x += 0.02) {
      await page.mouse.move(box.x + x * box.width, box.y + y * box.height);
      await new Promise((resolve) => setTimeout(resolve, 40));
      if (await page.evaluate(() => (window.hovered?.label ?? 0) > 0)) break search;
    }
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  await page.screenshot({ path: here('demo-slice.png') });
  await page.mouse.move(0, 0);
  }

  if (want('dashboard')) {
  await page.goto(`http://127.0.0.1:${server.port}/demo/dashboard.html`);
  for (const preset of ['small', 'bad']) {
    await page.select('#preset', preset);
    await page.click('#start');
    await pageUntil(page, (n) => document.querySelectorAll('#jobs input').length === n, preset === 'small' ? 1 : 2);
  }
  await previewsAtLeast(page, 6);
  await new Promise((resolve) => setTimeout(resolve, 300));
  await page.screenshot({ path: here('dashboard.png') });
  }
  console.log(`wrote the pictures in demo/screenshots/: ${only.length ? only.join(', ') : 'all'}`);
} finally {
  await browser.close();
  await server.close();
}
