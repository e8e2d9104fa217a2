import puppeteer from 'puppeteer-core';
import { startDemoServer } from '../serve.js';
import { chromiumPath } from '../../test/find-chromium.js';
const server = await startDemoServer({ port: 0 });
const browser = await puppeteer.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist'] });
const page = await browser.newPage();
try {
  await page.setViewport({ width: 1280, height: 760 });
  await page.goto(`http://127.0.0.1:${server.port}/`, { waitUntil: 'domcontentloaded', timeout: 90000 });
  await page.select('select[name="preset"]', 'cryomamba');
  await page.$eval('input[name="hz"]', (input) => (input.value = '1'));
  await page.$eval('input[name="previews"]', (input) => (input.value = '6'));
  for (let i = 0; i < 3; i++) await page.click('#add-job button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('preview-overlay').jobs.length === 5, { polling: 100, timeout: 30000 });
  await page.waitForFunction(() => { const o = document.querySelector('preview-overlay'); return o.jobs.slice(2).every((id) => o.layer(id)?.final); }, { polling: 200, timeout: 90000 });
  await new Promise((r) => setTimeout(r, 1500));
  await page.screenshot({ path: '/tmp/uuid-jobs.png' });
  const info = await page.evaluate(() => { const o = document.querySelector('preview-overlay'); return o.jobs.map((id) => ({ id, ...o.layer(id), labelCounts: undefined })); });
  console.log(JSON.stringify(info.map(({ id, state, previewId, final, shape, spacing }) => ({ id, state, previewId, final, shape, spacing }))));
} finally {
  await browser.close();
  await server.close();
}
