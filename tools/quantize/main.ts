#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { nonNegativeInteger, positiveInteger } from '../../bench/args.js';
import { loadModelCard } from '../../src/model/index.js';
import { calibrate, readTensorList, writeCalibration } from './calibrate.js';

const USAGE = `Usage (models/quantize_static.py runs this; see models/README.md):
  node build/tools/quantize/main.js calibrate --model M --card CARD --tensors LIST.json
      --clips A,B --out RANGES.json [--stride N] [--percentile P] [--threads N] [--ffmpeg PATH]
      [--scale-flags FLAGS]
    ranges (min/max and percentile) of the listed tensors over windows of the clips`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      model: { type: 'string' },
      card: { type: 'string' },
      tensors: { type: 'string' },
      clips: { type: 'string' },
      out: { type: 'string' },
      stride: { type: 'string', default: '8' },
      percentile: { type: 'string', default: '0.9999' },
      threads: { type: 'string', default: '0' },
      ffmpeg: { type: 'string', default: 'ffmpeg' },
      'scale-flags': { type: 'string', default: 'bilinear+full_chroma_inp' },
    },
  });
  const { model, card, tensors, clips, out } = values;
  if (positionals[0] !== 'calibrate' || !model || !card || !tensors || !clips || !out) {
    process.stderr.write(`${USAGE}\n`);
    return 64;
  }
  const percentile = Number(values.percentile);
  const started = performance.now();
  const result = await calibrate({
    modelPath: model,
    card: loadModelCard(card),
    tensors: readTensorList(tensors),
    clips: clips.split(',').map((clip) => clip.trim()),
    stride: positiveInteger('stride', values.stride),
    percentile,
    threads: nonNegativeInteger('threads', values.threads),
    ffmpegPath: values.ffmpeg,
    scaleFlags: values['scale-flags'],
    onWindow: (clip, start) => process.stderr.write(`calibrating: ${clip} window at ${start}\n`),
  });
  writeCalibration(out, result);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `calibrated ${Object.keys(result.tensors).length} tensors on ${result.windows} windows in ${seconds} s\n`,
  );
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`quantize: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
