import { parseArgs } from 'node:util';
import { resolveFfmpegPath } from '../src/ingest/index.js';
import { positiveInteger } from './args.js';
import { CAMERA_CLIP, cameraClip } from './decodeClip.js';
import { ffmpegCpuMs, LIVE_CASES } from './liveCpu.js';
import { type ViewerRound, viewerRound } from './liveViewers.js';
import { contextStart, describeLoad, writeResult } from './results.js';
import { alternatingOrder, fixed, formatTable, percent, spreadOf } from './stats.js';

export const LIVE_USAGE = `npm run bench -- live [--rounds N] [--cpu-rounds N] [--hold S] [--out DIR]

  The console's live view of a 1080p30 H.264 camera (the decode bench's generated clip):
  1. ffmpeg CPU with the daemon's argv and no live output, the MJPEG output (5 fps, 640 px),
     the H.264 passthrough output, and both: ffmpeg's own CPU time (-benchmark) per second
     of video, every pipe read; cases interleaved, median and range of --cpu-rounds (default
     10), and each case's difference to 'live off' in the same round.
  2. The daemon (build/src/cli, tiny test model, the clip looped in real time, a fresh
     daemon per case) with 0, 1 and 10 passthrough viewers reading for S seconds (default
     15): fragment arrival → bytes written to the viewer's socket p50/p95 (GET /api/live)
     and the daemon's RSS (median of a reading a second); median and range of N rounds
     (default 3).`;

const VIEWER_COUNTS = [0, 1, 10];

export async function liveCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      rounds: { type: 'string', default: '3' },
      'cpu-rounds': { type: 'string', default: '10' },
      hold: { type: 'string', default: '15' },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const rounds = positiveInteger('rounds', values.rounds);
  const cpuRounds = positiveInteger('cpu-rounds', values['cpu-rounds']);
  const holdMs = positiveInteger('hold', values.hold) * 1000;
  const ffmpeg = resolveFfmpegPath({ configured: '', env: process.env }).path;
  const clip = await cameraClip(ffmpeg);
  const context = contextStart();
  const cpuMs = new Map<string, number[]>(LIVE_CASES.map((c) => [c.name, []]));
  for (let round = 0; round < cpuRounds; round++) {
    // Interleaved, so a change in the machine's load hits every case alike.
    for (const liveCase of alternatingOrder(LIVE_CASES, round)) {
      cpuMs.get(liveCase.name)?.push(await ffmpegCpuMs(ffmpeg, clip, liveCase));
    }
  }
  const viewerRounds: ViewerRound[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const viewers of alternatingOrder(VIEWER_COUNTS, round))
      viewerRounds.push(await viewerRound(clip, viewers, holdMs));
  }
  const finished = context.finish();
  const videoMs = CAMERA_CLIP.seconds * 1000;
  const baseline = cpuMs.get(LIVE_CASES[0]?.name ?? '') ?? [];
  const cpuRows = LIVE_CASES.map(({ name }) => {
    const shares = (cpuMs.get(name) ?? []).map((ms) => ms / videoMs);
    return {
      case: name,
      ...spreadOf(shares),
      // Paired by round: the machine's load moves both alike.
      overOff: spreadOf(shares.map((share, i) => share - (baseline[i] ?? 0) / videoMs)),
    };
  });
  const viewerRows = VIEWER_COUNTS.map((viewers) => {
    const mine = viewerRounds.filter((r) => r.viewers === viewers);
    const of = (pick: (r: ViewerRound) => number | null) =>
      mine.map(pick).filter((v): v is number => v !== null);
    return {
      viewers,
      rssMiB: spreadOf(of((r) => r.rssMiB)),
      p50Ms: of((r) => r.p50Ms).length > 0 ? spreadOf(of((r) => r.p50Ms)) : null,
      p95Ms: of((r) => r.p95Ms).length > 0 ? spreadOf(of((r) => r.p95Ms)) : null,
      dropped: mine.map((r) => r.fragmentsDropped),
      awaitingKeyframe: mine.map((r) => r.fragmentsAwaitingKeyframe),
      bytesPerViewer: spreadOf(of((r) => r.bytesPerViewer)),
    };
  });
  const range = (s: { median: number; min: number; max: number }, f: (n: number) => string) =>
    `${f(s.median)} (${f(s.min)} – ${f(s.max)})`;
  const ms = (n: number) => `${fixed(n, 2)} ms`;
  const cpuTable = formatTable(
    ['outputs beside the rgb24 one', 'CPU', 'minus live off, same round'],
    cpuRows.map((r) => [r.case, range(r, percent), range(r.overOff, percent)]),
  );
  const viewerTable = formatTable(
    ['viewers', 'daemon RSS', 'write latency p50', 'p95', 'dropped (backlog)', 'awaiting keyframe'],
    viewerRows.map((r) => [
      String(r.viewers),
      range(r.rssMiB, (n) => `${fixed(n)} MiB`),
      r.p50Ms ? range(r.p50Ms, ms) : '—',
      r.p95Ms ? range(r.p95Ms, ms) : '—',
      r.dropped.join(', '),
      r.awaitingKeyframe.join(', '),
    ]),
  );
  process.stdout.write(
    `clip: ${clip} (1080p30 H.264 ${CAMERA_CLIP.bitrate}, ${CAMERA_CLIP.seconds} s)\n\n` +
      `ffmpeg CPU per second of video (1 core = 100 %), ${cpuRounds} rounds, median (range):\n` +
      `${cpuTable}\n\n` +
      `the daemon with 0, 1 and 10 passthrough viewers, ${rounds} rounds (fragments per round),\n` +
      `median (range):\n${viewerTable}\n${describeLoad(finished)}\n`,
  );
  process.stdout.write(
    `wrote ${writeResult(values.out, 'live', { context: finished, cpu: cpuRows, viewers: viewerRows, viewerRounds })}\n`,
  );
}
