import { afterEach, describe, expect, it } from 'vitest';
import { FrameSource, frameBytesFor } from '../../src/ingest/index.js';
import { silentLogger } from '../../src/log/index.js';
import { type RtspServer, startRtspServer } from '../helpers/rtspServer.js';
import { waitFor } from '../helpers/waitFor.js';
import { ArraySink, cameraConfig } from './helpers.js';

const output = { cropSize: 32, resizeShortSide: 32, fps: 7.5, scaleFlags: 'bilinear' };
const running: Array<FrameSource | RtspServer> = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((part) => part.stop()));
});

describe('RTSP transport', () => {
  // A server that offers one transport answers a SETUP for the other with 461.
  it.each(['udp', 'tcp'] as const)(
    'gets frames from a server that offers %s only',
    async (only) => {
      const server = await startRtspServer({ transports: only });
      running.push(server);
      const sink = new ArraySink(frameBytesFor(output.cropSize));
      const source = new FrameSource({
        camera: cameraConfig({ kind: 'rtsp', url: server.url }, 20_000),
        output,
        ffmpegPath: '/usr/bin/ffmpeg',
        sink,
        logger: silentLogger(),
      });
      running.push(source);
      const states: string[] = [];
      source.on('state', (state) => states.push(state));
      source.start();
      await waitFor(() => sink.frames.length >= 3, {
        timeoutMs: 30_000,
        what: `frames over ${only}`,
      });
      expect(states).toEqual(['starting', 'online']);
    },
  );
});
