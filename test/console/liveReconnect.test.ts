import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page, WebSocketRoute } from 'playwright-core';
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
import { type Mosquitto, startMosquitto } from '../helpers/mosquitto.js';
import { freePort } from '../helpers/ports.js';
import { waitFor } from '../helpers/waitFor.js';
import { logIn, naturalWidth, writeMovingPattern } from './support.js';

const TOKEN = 'reconnect-test-token-51d7';

/** What the page's scripts below use of the browser (the tests compile without the DOM). */
interface PageGlobals {
  MediaSource: { isTypeSupported(type: string): boolean };
  /** Set by the test: still there after the restart, so the page was never reloaded. */
  sameDocument?: boolean;
}

/**
 * A console left open while its daemon restarts (same port, same state folder): the live view
 * stands in with MJPEG and keeps trying while the daemon is away, the lost session brings the
 * login view, and once logged in again the camera's H.264 plays again, all in the same page.
 */
describe('the console’s live view across a daemon restart', () => {
  let broker: Mosquitto;
  let daemon: DaemonProcess;
  let browser: Browser;
  let page: Page;
  let work: string;
  let base: string;
  let configFile: string;

  const healthy = () =>
    waitFor(
      async () =>
        (await fetch(`${base}/healthz`, { headers: { Authorization: `Bearer ${TOKEN}` } })).ok,
      { timeoutMs: 30_000, what: 'the daemon to answer /healthz' },
    );

  beforeAll(async () => {
    broker = await startMosquitto();
    work = mkdtempSync(path.join(tmpdir(), 'actionwatch-reconnect-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    configFile = writeTempConfig({
      mqtt: { url: broker.url, prefix: 'rc' },
      model: { path: tinyModel, labels: labelsFile },
      recognition: { stride: 8, smoothing: { windows: 1 } },
      live: { fps: 5, width: 640 },
      http: { port, token: TOKEN },
      homeassistant: { enabled: false },
      cameras: [
        {
          name: 'yard',
          labels: ['squat', 'lunge'],
          source: { url: writeMovingPattern(work), realtime: true, loop: true },
        },
      ],
    });
    daemon = startDaemon(configFile);
    await healthy();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  });

  afterAll(async () => {
    await tearDown(browser, daemon, broker);
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const slot = () => page.locator('.stage .live-slot[data-camera=yard]');

  /** The camera page's video moves on by two seconds from where it is now. */
  async function videoPlays(): Promise<void> {
    await waitFor(async () => (await slot().getAttribute('data-mode')) === 'mse', {
      timeoutMs: 60_000,
      what: 'the passthrough player',
    });
    const video = slot().locator('video');
    const timeOf = () =>
      video.evaluate((v) => (v as unknown as { currentTime: number }).currentTime);
    const start = await timeOf();
    await waitFor(async () => (await timeOf()) > start + 2, {
      timeoutMs: 60_000,
      what: 'the video to play on',
    });
  }

  it('an MJPEG picture whose request failed asks for its stream again', async () => {
    const failing = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    const asked: string[] = [];
    await failing.route(/\/api\/live\/yard\.mjpeg/, (route) => {
      asked.push(route.request().url());
      // The first request fails as a dropped connection would; the next ones go through.
      return asked.length === 1 ? route.abort('connectionreset') : route.continue();
    });
    try {
      await failing.goto(`${base}/#/`);
      await logIn(failing, TOKEN);
      const picture = failing.locator('article.tile[data-camera=yard] img.live');
      await waitFor(async () => (await naturalWidth(picture)) > 0, {
        timeoutMs: 60_000,
        what: 'the picture to come back',
      });
      expect(asked.length).toBeGreaterThanOrEqual(2);
      // A new query each time: the browser cannot answer from the failed request.
      expect(asked.at(-1)).toMatch(/\.mjpeg\?t=\d+$/);
    } finally {
      await failing.close();
    }
  }, 300_000);

  it('leaving a page ends its MJPEG streams: the daemon counts no viewer for them', async () => {
    const mjpegViewers = async () => {
      const answer = await fetch(`${base}/api/live`, {
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      const live = (await answer.json()) as { cameras: Record<string, { viewers: number }> };
      return live.cameras.yard?.viewers ?? 0;
    };
    // No page here shows the camera now, but the one the test before closed may still be
    // counted until the daemon sees its socket close: a baseline read too early would be 1, and
    // the visitor's stream would only bring it back to 1.
    await waitFor(async () => (await mjpegViewers()) === 0, {
      timeoutMs: 60_000,
      what: 'streams of closed pages to end',
    });
    const visitor = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    try {
      await visitor.goto(`${base}/#/`);
      await logIn(visitor, TOKEN);
      const picture = visitor.locator('article.tile[data-camera=yard] img.live');
      await waitFor(async () => (await naturalWidth(picture)) > 0, {
        timeoutMs: 60_000,
        what: "the overview tile's picture",
      });
      await waitFor(async () => (await mjpegViewers()) > 0, {
        timeoutMs: 60_000,
        what: "the overview tile's stream",
      });
      // The system page has no live view: the tile's picture leaves the document.
      await visitor.goto(`${base}/#/system`);
      await waitFor(async () => (await mjpegViewers()) === 0, {
        timeoutMs: 60_000,
        what: 'the left page’s stream to end',
      });
    } finally {
      await visitor.close();
    }
  }, 300_000);

  it('a passthrough socket dropped while the push socket stays tries again in the same view', async () => {
    // Every passthrough socket goes through the test, which can drop the page's side.
    const sockets: WebSocketRoute[] = [];
    const dropping = await browser.newPage({ viewport: { width: 1280, height: 860 } });
    await dropping.routeWebSocket(/\/h264$/, (socket) => {
      socket.connectToServer();
      sockets.push(socket);
    });
    const previous = page;
    page = dropping;
    try {
      await page.goto(`${base}/#/camera/yard`);
      await logIn(page, TOKEN);
      await videoPlays();
      const oldVideo = await slot().locator('video').elementHandle();
      // Marks the slot: a redrawn page would have a new one.
      await slot().evaluate((element) => {
        (element as unknown as { marked?: boolean }).marked = true;
      });
      expect(sockets.length).toBe(1);
      await sockets[0]?.close();
      await waitFor(() => sockets.length >= 2, { timeoutMs: 60_000, what: 'a second socket' });
      await videoPlays();
      expect(
        await slot().evaluate((element) => (element as unknown as { marked?: boolean }).marked),
      ).toBe(true);
      expect(await slot().getAttribute('data-retries')).toBeNull();
      // The old player let go of its MediaSource: no src, out of the page.
      const old = await oldVideo?.evaluate((v) => {
        const video = v as unknown as { isConnected: boolean; getAttribute(n: string): unknown };
        return { connected: video.isConnected, src: video.getAttribute('src') };
      });
      expect(old).toEqual({ connected: false, src: null });
      expect(await slot().locator('video').count()).toBe(1);
    } finally {
      page = previous;
      await dropping.close();
    }
  }, 300_000);

  it('plays the H.264 again after the restart, logged in again, without a reload', async () => {
    await page.goto(`${base}/#/camera/yard`);
    await logIn(page, TOKEN);
    const playable = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).MediaSource.isTypeSupported(
        'video/mp4; codecs="avc1.64001e"',
      ),
    );
    // Debian's chromium plays H.264 in MSE: without it there is no passthrough to reconnect.
    expect(playable).toBe(true);
    await videoPlays();
    await page.evaluate(() => {
      (globalThis as unknown as PageGlobals).sameDocument = true;
    });

    await daemon.stop();
    // While it is away the view shows MJPEG and keeps trying the passthrough.
    await waitFor(async () => Number(await slot().getAttribute('data-retries')) >= 1, {
      timeoutMs: 60_000,
      what: 'the player to try again',
    });
    expect(await slot().getAttribute('data-mode')).toBe('mjpeg');
    expect(await slot().getAttribute('data-reason')).toContain('trying again');
    expect(await slot().locator('img[data-live-picture]').count()).toBe(1);

    daemon = startDaemon(configFile);
    await healthy();
    // Sessions live in the daemon's memory: the page asks to log in again.
    await logIn(page, TOKEN);
    await videoPlays();
    expect(await page.evaluate(() => (globalThis as unknown as PageGlobals).sameDocument)).toBe(
      true,
    );
    expect(page.url()).toBe(`${base}/#/camera/yard`);
  }, 300_000);
});
