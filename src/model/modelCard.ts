import { readFileSync } from 'node:fs';
import { FieldReader, isPlainObject } from './cardFields.js';

/** The only card format this code reads; models/export_mvit.py writes it. */
export const MODEL_CARD_FORMAT = 'actionwatch-model-card/1';

export type InputLayout = 'NTHWC' | 'NCTHW';
export type InputDtype = 'uint8' | 'float32';
export type ChannelTriple = readonly [number, number, number];
/** The onnxruntime provider a graph was exported for (models/webgpu_graph.py says why). */
export type GraphTarget = 'cpu' | 'webgpu';
export type GraphPrecision = 'float32' | 'float16';

/**
 * What a model needs from the pipeline (clip, sampling, sizes, normalization, tensor layout)
 * and what it gives back. Read from the sidecar `<model>.card.json`, never hard-coded.
 */
export interface ModelCard {
  name: string;
  architecture: string;
  /** 'random' or the name of real weights such as 'KINETICS400_V1'. */
  weights: string;
  seed: number | null;
  weightsSha256: string | null;
  /** Frames per clip (T). */
  clipLength: number;
  /** Rate the clip's frames are sampled at. */
  fps: number;
  resizeShortSide: number;
  /** Frames are square crops of this many pixels. */
  cropSize: number;
  mean: ChannelTriple;
  std: ChannelTriple;
  input: {
    name: string;
    layout: InputLayout;
    dtype: InputDtype;
    /** true: the graph scales and normalizes itself; the pipeline feeds raw values. */
    normalizedInGraph: boolean;
  };
  output: { name: string; classes: number };
  /**
   * The clip embedding output (the input of the classification head), which taught heads
   * read; null for models exported before it, which give logits only.
   */
  embedding: { name: string; size: number } | null;
  labelsFile: string;
  /** sha256 of the labels file the model was exported with; null when unknown. */
  labelsSha256: string | null;
  /** 'webgpu': depthwise Conv3d rewritten as grouped Conv2d; cards without the field are 'cpu'. */
  target: GraphTarget;
  /** Arithmetic inside the graph; inputs and logits keep the dtypes `input` and `output` give. */
  precision: GraphPrecision;
  /**
   * Export-time rewrites of torchvision's model that the graph was made with (same logits,
   * another layout: models/cpu_graph.py, webgpu_graph.py); empty for cards without the field.
   */
  graphRewrites: readonly string[];
  /**
   * How the model was quantized (models/quantize_static.py, quantize_int8.py): `method` in
   * words and the rest of the card's entry as written (ops, calibration clips and windows...),
   * which the engine logs at load; null for a model that is not quantized.
   */
  quantization: { method: string; details: Readonly<Record<string, unknown>> } | null;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** `models/x.onnx` → `models/x.card.json`. */
export function defaultCardPath(modelPath: string): string {
  return modelPath.endsWith('.onnx')
    ? `${modelPath.slice(0, -'.onnx'.length)}.card.json`
    : `${modelPath}.card.json`;
}

export function loadModelCard(path: string): ModelCard {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`${path}: cannot read model card: ${(err as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${path}: model card is not valid JSON: ${(err as Error).message}`);
  }
  return parseModelCard(json, path);
}

/** Validates every field; all problems are listed in one error naming the file. */
export function parseModelCard(json: unknown, path: string): ModelCard {
  if (!isPlainObject(json)) {
    throw new Error(
      `${path}: invalid model card: must be a JSON object, got ${JSON.stringify(json)}`,
    );
  }
  const fields = new FieldReader(json);
  if (json.format !== MODEL_CARD_FORMAT) {
    fields.problem('format', `must be '${MODEL_CARD_FORMAT}'`, json.format);
  }
  const card = readCard(fields);
  checkConsistency(card, fields);
  if (fields.problems.length > 0) {
    throw new Error(`${path}: invalid model card: ${fields.problems.join('; ')}`);
  }
  return card;
}

function readCard(fields: FieldReader): ModelCard {
  const input = fields.child('input');
  const output = fields.child('output');
  return {
    name: fields.string('name'),
    architecture: fields.string('architecture'),
    weights: fields.string('weights'),
    seed: fields.integerOrNull('seed'),
    weightsSha256: fields.stringOrNull('weights_sha256'),
    clipLength: fields.positiveInteger('clip_length'),
    fps: fields.positiveNumber('fps'),
    resizeShortSide: fields.positiveInteger('resize_short_side'),
    cropSize: fields.positiveInteger('crop_size'),
    mean: fields.channelTriple('mean', false),
    std: fields.channelTriple('std', true),
    input: {
      name: input.string('name'),
      layout: input.oneOf('layout', ['NTHWC', 'NCTHW'] as const),
      dtype: input.oneOf('dtype', ['uint8', 'float32'] as const),
      normalizedInGraph: input.boolean('normalized_in_graph'),
    },
    output: { name: output.string('name'), classes: output.positiveInteger('classes') },
    embedding: fields.has('embedding') ? readEmbedding(fields.child('embedding')) : null,
    labelsFile: fields.string('labels_file'),
    labelsSha256: fields.stringOrNull('labels_sha256'),
    target: fields.oneOfOr('target', ['cpu', 'webgpu'] as const, 'cpu'),
    precision: fields.oneOfOr('precision', ['float32', 'float16'] as const, 'float32'),
    graphRewrites: fields.stringListOrEmpty('graph_rewrites'),
    quantization: fields.has('quantization') ? readQuantization(fields) : null,
  };
}

function readQuantization(fields: FieldReader): ModelCard['quantization'] {
  const entry = fields.child('quantization');
  return { method: entry.string('method'), details: entry.raw() };
}

function readEmbedding(embedding: FieldReader): ModelCard['embedding'] {
  return { name: embedding.string('name'), size: embedding.positiveInteger('size') };
}

function checkConsistency(card: ModelCard, fields: FieldReader): void {
  if (card.input.dtype === 'uint8' && !card.input.normalizedInGraph) {
    // Normalized values are fractions; they cannot be fed through a uint8 tensor.
    fields.problem('input.normalized_in_graph', 'must be true when input.dtype is uint8', false);
  }
  if (card.embedding !== null && card.embedding.name === card.output.name) {
    fields.problem('embedding.name', `must differ from output.name`, card.embedding.name);
  }
  if (card.resizeShortSide < card.cropSize) {
    fields.problem(
      'resize_short_side',
      `must be at least crop_size (${card.cropSize})`,
      card.resizeShortSide,
    );
  }
  for (const [key, value] of [
    ['weights_sha256', card.weightsSha256],
    ['labels_sha256', card.labelsSha256],
  ] as const) {
    if (value !== null && value !== '' && !SHA256_HEX.test(value)) {
      fields.problem(key, 'must be 64 lowercase hex digits or null', value);
    }
  }
}

/** A model with random weights produces numbers, not recognitions; never present them as such. */
export function isRandomWeights(card: ModelCard): boolean {
  return card.weights === 'random';
}
