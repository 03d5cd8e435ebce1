import { Tensor } from 'onnxruntime-node';
import type { ModelCard } from './modelCard.js';

const CHANNELS = 3;

/**
 * Turns the staged uint8 RGB clips (N, T, H, W, 3) into the tensor the model's card asks for.
 * Buffers and tensors are made once per batch size, so a steady stream of runs allocates
 * nothing here. For the card the exporter writes by default (uint8 NTHWC, normalized in the
 * graph) the staging bytes are the tensor: no copy, no per-pixel JavaScript.
 */
export class ClipInput {
  private readonly tensors: (Tensor | undefined)[] = [];
  private readonly converted: Float32Array | Uint8Array | null;
  private readonly scale: Float32Array;
  private readonly shift: Float32Array;

  constructor(
    private readonly card: ModelCard,
    private readonly staging: Uint8Array,
    private readonly clipBytes: number,
  ) {
    const { dtype, layout, normalizedInGraph } = card.input;
    const passThrough = dtype === 'uint8' && layout === 'NTHWC';
    this.converted = passThrough
      ? null
      : dtype === 'uint8'
        ? new Uint8Array(staging.length)
        : new Float32Array(staging.length);
    // value = byte * scale - shift is torchvision's (byte / 255 - mean) / std, folded.
    this.scale = Float32Array.from(card.std, (s) => (normalizedInGraph ? 1 : 1 / (255 * s)));
    this.shift = Float32Array.from(card.mean, (m, c) =>
      normalizedInGraph ? 0 : m / (card.std[c] ?? 1),
    );
  }

  /** The feed for the first `clips` staged clips, converted from the staging bytes if needed. */
  tensorFor(clips: number): Tensor {
    if (this.converted !== null) this.convert(this.converted, clips);
    let tensor = this.tensors[clips];
    if (tensor === undefined) {
      tensor = this.makeTensor(clips);
      this.tensors[clips] = tensor;
    }
    return tensor;
  }

  private makeTensor(clips: number): Tensor {
    const { clipLength: t, cropSize: s, input } = this.card;
    const dims = input.layout === 'NTHWC' ? [clips, t, s, s, CHANNELS] : [clips, CHANNELS, t, s, s];
    const source = this.converted ?? this.staging;
    const data = source.subarray(0, clips * this.clipBytes);
    return data instanceof Float32Array
      ? new Tensor('float32', data, dims)
      : new Tensor('uint8', data, dims);
  }

  private convert(target: Float32Array | Uint8Array, clips: number): void {
    const channelFirst = this.card.input.layout === 'NCTHW';
    const pixelsPerClip = this.clipBytes / CHANNELS;
    const { staging, scale, shift } = this;
    for (let c = 0; c < CHANNELS; c++) {
      const k = scale[c] ?? 1;
      const b = shift[c] ?? 0;
      for (let n = 0; n < clips; n++) {
        const clipStart = n * this.clipBytes;
        // NCTHW keeps each channel's pixels together; NTHWC interleaves them.
        const dstStart = channelFirst ? clipStart + c * pixelsPerClip : clipStart + c;
        const dstStep = channelFirst ? 1 : CHANNELS;
        for (let p = 0, src = clipStart + c, dst = dstStart; p < pixelsPerClip; p++) {
          target[dst] = (staging[src] ?? 0) * k - b;
          src += CHANNELS;
          dst += dstStep;
        }
      }
    }
  }
}
