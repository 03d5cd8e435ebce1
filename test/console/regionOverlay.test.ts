import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import {
  type DaemonProcess,
  labelsFile,
  startDaemon,
  tearDown,
  tinyModel,
  writeTempConfig,
} from '../helpers/daemonProcess.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/waitFor.js';
import { writeMovingPattern } from './support.js';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

const REGIONS = [
  { name: 'left', x: 0, y: 0, width: 0.5, height: 1, labels: ['squat'] },
  { name: 'bar', x: 0.55, y: 0.2, width: 0.4, height: 0.25, labels: ['pull ups'] },
];

/**
 * The camera page's region outlines in Debian's chromium against the real daemon: a 4:3
 * camera in the page's 16:9 picture box, so the picture is pillarboxed and an outline placed
 * by the box instead of the picture would be off by the bars. No broker and no token: the
 * console works without either, on loopback.
 */
describe('region outlines over the live view', () => {
  let daemon: DaemonProcess;
  let browser: Browser;
  let page: Page;
  let work: string;
  let base: string;
  const blocked: string[] = [];

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'actionwatch-regions-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    daemon = startDaemon(
      writeTempConfig({
        mqtt: { url: `mqtt://127.0.0.1:${await freePort()}` },
        model: { path: tinyModel, labels: labelsFile },
        recognition: { stride: 4, smoothing: { windows: 1 } },
        snapshots: { enabled: false },
        live: { fps: 5, width: 640 },
        http: { port },
        homeassistant: { enabled: false },
        cameras: [
          {
            name: 'gym',
            labels: ['squat', 'pull ups'],
            motion: { enabled: false },
            source: { url: writeMovingPattern(work, 20, '480x360'), realtime: true, loop: true },
            regions: REGIONS,
          },
        ],
      }),
    );
    // Not ready without a broker, but answering.
    await waitFor(async () => (await fetch(`${base}/healthz`)).status > 0, {
      timeoutMs: 30_000,
      what: 'the daemon to answer /healthz',
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
  });

  afterAll(async () => {
    await tearDown(browser, daemon);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The live picture: an MJPEG <img>, or a <video> where the page plays the stream itself. */
  const picture = () => page.locator('.stage .live-large');

  /** Where the picture itself is drawn: its box, less the bars `object-fit: contain` adds. */
  async function pictureContent(): Promise<Box> {
    const box = (await picture().boundingBox()) as Box;
    const natural = await picture().evaluate((element) => {
      const media = element as Record<string, number>;
      return {
        width: media.naturalWidth ?? media.videoWidth ?? 0,
        height: media.naturalHeight ?? media.videoHeight ?? 0,
      };
    });
    const scale = Math.min(box.width / natural.width, box.height / natural.height);
    const width = natural.width * scale;
    const height = natural.height * scale;
    return {
      x: box.x + (box.width - width) / 2,
      y: box.y + (box.height - height) / 2,
      width,
      height,
    };
  }

  const outline = (name: string) => page.locator(`svg.region-layer g[data-region="${name}"]`);

  it('draws each region where it is on the picture, named', async () => {
    await page.goto(`${base}/#/camera/gym`);
    await waitFor(
      async () => (await page.locator('svg.region-layer g.region-outline').count()) === 2,
      {
        timeoutMs: 40_000,
        what: 'two region outlines',
      },
    );
    const content = await pictureContent();
    // 4:3 in 16:9: bars left and right, none above or below.
    expect(content.x - ((await picture().boundingBox()) as Box).x).toBeGreaterThan(50);
    for (const region of REGIONS) {
      const box = outline(region.name).locator('rect.region-box');
      const rect = (await box.boundingBox()) as Box;
      // chromium's box of an SVG shape takes in its stroke, half of it on either side.
      const stroke = await box.evaluate((element) =>
        Number.parseFloat(
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { strokeWidth: string } }
          ).getComputedStyle(element).strokeWidth,
        ),
      );
      const expected = {
        x: content.x + region.x * content.width - stroke / 2,
        y: content.y + region.y * content.height - stroke / 2,
        width: region.width * content.width + stroke,
        height: region.height * content.height + stroke,
      };
      for (const key of ['x', 'y', 'width', 'height'] as const) {
        expect(Math.abs(rect[key] - expected[key]), `${region.name} ${key}`).toBeLessThan(1.5);
      }
      expect(await outline(region.name).locator('.region-name').textContent()).toBe(region.name);
      // The name sits inside its own rectangle, at the top left.
      const name = (await outline(region.name).locator('.region-name').boundingBox()) as Box;
      expect(name.x).toBeGreaterThanOrEqual(rect.x);
      expect(name.y).toBeGreaterThanOrEqual(rect.y);
      expect(name.x + name.width).toBeLessThanOrEqual(rect.x + rect.width);
      expect(name.y + name.height).toBeLessThanOrEqual(rect.y + rect.height / 2);
    }
    expect(blocked).toEqual([]);
  });

  it("shows what each region's latest window found", async () => {
    for (const region of REGIONS) {
      const found = outline(region.name).locator('.region-found');
      await waitFor(async () => (await found.textContent()) !== ' · no window yet', {
        timeoutMs: 60_000,
        what: `${region.name}: its first window`,
      });
      // The region's own label (its only one), with the window's score.
      expect(await found.textContent()).toMatch(
        new RegExp(`^ · ${region.labels[0]} \\d+(\\.\\d)? %$`),
      );
    }
  });

  it('hides the outlines with its switch, and remembers it', async () => {
    const toggle = page.locator('input.region-toggle');
    expect(await toggle.isChecked()).toBe(true);
    await toggle.uncheck();
    expect(await outline('left').isVisible()).toBe(false);
    await page.reload();
    await picture().waitFor();
    expect(await page.locator('input.region-toggle').isChecked()).toBe(false);
    expect(await outline('left').isVisible()).toBe(false);
    await page.locator('input.region-toggle').check();
    await outline('left').locator('rect.region-box').waitFor({ state: 'visible', timeout: 20_000 });
  });
});
