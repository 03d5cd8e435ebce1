import path from 'node:path';
import { parseArgs } from 'node:util';
import type { InferenceSession } from 'onnxruntime-node';
import { nonNegativeInteger, oneOf, positiveInteger } from './args.js';
import { benchPipeline, type PipelineBenchResult } from './pipeline.js';
import { contextStart, describeLoad, writeResult } from './results.js';
import { OPTION_SETS } from './sessions.js';
import { fixed, formatTable, percent } from './stats.js';

export const PIPELINE_USAGE = `npm run bench -- pipeline [--model FILE] [--labels FILE] [--cameras N] [--clips A,B]
    [--pace realtime|fast] [--stride N] [--max-batch N] [--threads N] [--rounds N]
    [--windows N] [--warmup-windows N] [--bare-runs N] [--session NAME] [--out DIR]

  N file cameras (clips from ../shared/clips, looped) through the real pipeline to a Mosquitto the
  bench starts on 127.0.0.1, against bare onnxruntime on the same model: each round runs the
  pipeline for --windows windows, stops the cameras and times --bare-runs bare runs, alone and
  beside the cameras' own ffmpeg command lines decoding to /dev/null, in alternating order.
  --pace realtime reads files at their own speed, like cameras; fast reads them as fast as ffmpeg
  can. Defaults: 1 camera, realtime, stride 4 (a window every 0.53 s, more than a 2-core CPU
  runs float32 MViT-B, so the engine never waits for the camera; lower it for faster models),
  6 rounds of 5 windows after 1 warm-up window, against 5 bare runs after 1 warm-up run.
  --session runs the pipeline's engine with one of the sessions bench's option sets.`;

const DEFAULT_CLIPS = ['arm_wrestling.mp4', 'abseiling.mp4', 'flipping_pancake.mkv'];

export async function pipelineCommand(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string', default: 'models/mvit_v1_b.onnx' },
      labels: { type: 'string', default: 'labels.txt' },
      cameras: { type: 'string', default: '1' },
      clips: { type: 'string', default: DEFAULT_CLIPS.join(',') },
      pace: { type: 'string', default: 'realtime' },
      stride: { type: 'string', default: '4' },
      'max-batch': { type: 'string', default: '1' },
      threads: { type: 'string', default: '0' },
      rounds: { type: 'string', default: '6' },
      windows: { type: 'string', default: '5' },
      'warmup-windows': { type: 'string', default: '1' },
      'bare-runs': { type: 'string', default: '5' },
      session: { type: 'string', default: OPTION_SETS[0]?.name },
      out: { type: 'string', default: 'bench-results' },
    },
  });
  const clipsDir = path.resolve('../shared/clips');
  const context = contextStart();
  const result = await benchPipeline({
    modelPath: path.resolve(values.model),
    labelsPath: path.resolve(values.labels),
    clips: values.clips.split(',').map((clip) => path.resolve(clipsDir, clip.trim())),
    cameras: positiveInteger('cameras', values.cameras),
    pace: oneOf('pace', values.pace, ['realtime', 'fast'] as const),
    stride: positiveInteger('stride', values.stride),
    maxBatch: positiveInteger('max-batch', values['max-batch']),
    threads: nonNegativeInteger('threads', values.threads),
    rounds: positiveInteger('rounds', values.rounds),
    windows: positiveInteger('windows', values.windows),
    warmupWindows: positiveInteger('warmup-windows', values['warmup-windows']),
    bareRuns: positiveInteger('bare-runs', values['bare-runs']),
    sessionOptions: sessionOptionsNamed(values.session ?? ''),
  });
  const finished = context.finish();
  process.stdout.write(`${reportPipeline(result)}\n${describeLoad(finished)}\n`);
  const file = writeResult(values.out, 'pipeline', { context: finished, ...result });
  process.stdout.write(`wrote ${file}\n`);
}

function sessionOptionsNamed(name: string): InferenceSession.SessionOptions {
  const set = OPTION_SETS.find((s) => s.name === name);
  if (set === undefined) {
    const names = OPTION_SETS.map((s) => `'${s.name}'`).join(', ');
    throw new RangeError(`--session must be one of ${names}, got '${name}'`);
  }
  return set.options;
}

export function reportPipeline(result: PipelineBenchResult): string {
  const o = result.options;
  const rounds = formatTable(
    [
      'round',
      'bare ms/clip',
      'bare ms min',
      'bare clips/s',
      'bare+decode ms',
      'pipeline windows/s',
      'ratio',
      'vs bare+decode',
      'engine busy',
      'infer ms p50',
      'cycle ms min',
      'latency p50',
      'latency p95',
      'skipped',
    ],
    result.rounds.map((r, i) => [
      String(i + 1),
      fixed(r.bare.medianMs),
      fixed(r.bare.minMs),
      fixed(1000 / r.bare.medianMs, 3),
      fixed(r.bareBesideDecode.medianMs),
      fixed(r.pipeline.windowsPerS, 3),
      fixed(r.ratio, 3),
      fixed(r.ratioBesideDecode, 3),
      percent(r.pipeline.engineBusy),
      fixed(r.pipeline.inferMsPerBatch.medianMs),
      r.pipeline.cycleMsPerWindow === null ? '-' : fixed(r.pipeline.cycleMsPerWindow.minMs),
      fixed(r.pipeline.latencyMs.medianMs, 0),
      fixed(r.pipeline.latencyMs.p95Ms, 0),
      String(r.pipeline.skipped),
    ]),
  );
  const last = result.rounds[result.rounds.length - 1]?.pipeline;
  const js = last ? reportJs(last.js) : '';
  const cameras = last
    ? formatTable(
        ['camera (last round)', 'ffmpeg CPU', 'frames/s in'],
        last.cameras.map((c) => [
          c.camera,
          c.ffmpegCpu === null ? 'n/a' : percent(c.ffmpegCpu),
          fixed(c.framesPerS, 2),
        ]),
      )
    : '';
  const mainThread = last
    ? `pipeline main thread (event loop) CPU, last round: ${percent(last.mainThreadCpu)} of a core`
    : '';
  const memory = last
    ? `pipeline process (the daemon's parts, before the bare session opened): RSS ${fixed(last.memory.rssMiB, 0)} MiB, peak ${fixed(last.memory.peakRssMiB, 0)} MiB`
    : '';
  const delivery = `action messages received by a subscriber on the broker: ${result.delivered} of ${result.published} published`;
  return [
    `model: ${o.modelPath}  cameras: ${o.cameras} (${o.pace})  stride: ${o.stride}  max batch: ${o.maxBatch}  threads: ${o.threads || 'default'}  engine session options: ${JSON.stringify(o.sessionOptions)}`,
    rounds,
    [
      `pipeline / model-only: median of rounds ${fixed(result.ratio, 3)}, all rounds pooled ${fixed(result.pooledRatio, 3)},`,
      `  fastest window cycle against fastest bare run ${result.bestRatio === null ? 'n/a' : fixed(result.bestRatio, 3)}`,
      `pipeline / model-only beside the cameras' decoding (their ffmpeg writing to /dev/null): median of rounds ${fixed(result.ratioBesideDecode, 3)}`,
      "  (what the pipeline's own code costs; the rest of the first ratio is ffmpeg sharing onnxruntime's cores)",
    ].join('\n'),
    js,
    cameras,
    [mainThread, memory, delivery].join('\n'),
  ].join('\n\n');
}

function reportJs(js: PipelineBenchResult['rounds'][number]['pipeline']['js']): string {
  const row = (name: string, s: typeof js.totalMs) => [
    name,
    fixed(s.medianMs, 3),
    fixed(s.p95Ms, 3),
    fixed(s.maxMs, 3),
  ];
  return formatTable(
    ['JS per window (last round), ms', 'p50', 'p95', 'max'],
    [
      row('copy window into slot', js.packMs),
      row('recognition (smoothing, top-k, events, alerts)', js.recognizeMs),
      row('payload', js.payloadMs),
      row('publish', js.publishMs),
      row('total', js.totalMs),
    ],
  );
}
