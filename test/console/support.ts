import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** A moving test pattern (testsrc2: a scrolling gradient and a clock), 640x360 unless told, 30 fps. */
export function writeMovingPattern(dir: string, seconds = 20, size = '640x360'): string {
  const file = path.join(dir, 'pattern.mp4');
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi'],
    ...['-i', `testsrc2=size=${size}:rate=30:duration=${seconds}`],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', '30', file],
  ]);
  return file;
}

/** A small H.265 test pattern (320x180, 30 fps): a stream MP4 holds but MSE here cannot play. */
export function writeH265Pattern(dir: string, seconds = 10): string {
  const file = path.join(dir, 'pattern-h265.mp4');
  execFileSync('ffmpeg', [
    ...['-v', 'error', '-y', '-f', 'lavfi'],
    ...['-i', `testsrc2=size=320x180:rate=30:duration=${seconds}`],
    ...['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=error', file],
  ]);
  return file;
}

/** Logs the page in through the console's login view, once it shows (after a restart: late). */
export async function logIn(page: Page, token: string): Promise<void> {
  await page.waitForSelector('form.login input[name=token]', { timeout: 120_000 });
  await page.fill('form.login input[name=token]', token);
  await page.click('form.login button[type=submit]');
}

/** An image element's natural width: 0 until a picture has arrived (or after a broken one). */
export function naturalWidth(picture: Locator): Promise<number> {
  return picture.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth);
}

/** Resident memory of a process in bytes, from /proc. */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = /VmRSS:\s+(\d+) kB/.exec(status)?.[1];
  return Number(kib ?? 0) * 1024;
}

export interface MjpegViewer {
  /** Arrival times (ms) of each complete image's boundary. */
  arrivals: number[];
  close(): void;
}

/** Reads a multipart/x-mixed-replace stream and notes when each image arrived. */
export function watchMjpeg(url: string, cookie: string): Promise<MjpegViewer> {
  return new Promise((resolve, reject) => {
    const arrivals: number[] = [];
    const request = http.get(url, { headers: { cookie } }, (response) => {
      if (response.statusCode !== 200) {
        reject(new Error(`${url}: ${response.statusCode}`));
        return;
      }
      const boundary = Buffer.from(
        `--${/boundary=(\S+)/.exec(String(response.headers['content-type']))?.[1]}`,
      );
      let tail = Buffer.alloc(0);
      response.on('data', (chunk: Buffer) => {
        let data = Buffer.concat([tail, chunk]);
        let at = data.indexOf(boundary);
        while (at !== -1) {
          arrivals.push(Date.now());
          data = data.subarray(at + boundary.length);
          at = data.indexOf(boundary);
        }
        tail = data.subarray(Math.max(0, data.length - boundary.length));
      });
      resolve({ arrivals, close: () => request.destroy() });
    });
    request.on('error', (err) => {
      if (arrivals.length === 0) reject(err);
    });
  });
}

/** A viewer that asks for the stream (with `header` for its access) and then never reads. */
export async function stalledViewer(port: number, target: string, header: string) {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n${header}\r\n\r\n`);
  socket.pause();
  return socket;
}

/** Images per second over the viewer's arrivals between `fromMs` and `toMs`. */
export function rateBetween(viewer: MjpegViewer, fromMs: number, toMs: number): number {
  const inside = viewer.arrivals.filter((t) => t >= fromMs && t <= toMs);
  return inside.length / ((toMs - fromMs) / 1000);
}
