import type { ModelCard } from './modelCard.js';

/** What an onnxruntime session says about one of its inputs or outputs. */
export interface ValueInfo {
  name: string;
  isTensor: boolean;
  /** onnxruntime's tensor type name ('uint8', 'float32', ...); absent for non-tensors. */
  type?: string;
  /** Numbers for fixed sizes, strings for symbolic (dynamic) ones. */
  shape?: readonly (number | string)[];
}

export interface SessionDescription {
  inputNames: readonly string[];
  outputNames: readonly string[];
  /** Absent where the onnxruntime build does not expose metadata. */
  inputMetadata?: readonly ValueInfo[];
  outputMetadata?: readonly ValueInfo[];
}

/**
 * Every way the loaded graph disagrees with its card, labels and batch size, each phrased
 * for the person who has to fix it. Empty when the model fits.
 */
export function sessionMismatches(
  session: SessionDescription,
  card: ModelCard,
  labelCount: number,
  maxBatch: number,
): string[] {
  const problems: string[] = [];
  const inputName = card.input.name;
  const outputName = card.output.name;
  if (!session.inputNames.includes(inputName)) {
    problems.push(`has no input '${inputName}' (its inputs: ${list(session.inputNames)})`);
  } else if (session.inputNames.length !== 1) {
    problems.push(
      `has ${session.inputNames.length} inputs (${list(session.inputNames)}), expected 1`,
    );
  }
  if (!session.outputNames.includes(outputName)) {
    problems.push(`has no output '${outputName}' (its outputs: ${list(session.outputNames)})`);
  }
  const input = session.inputMetadata?.find((value) => value.name === inputName);
  if (input !== undefined) problems.push(...inputMismatches(input, card, maxBatch));
  const output = session.outputMetadata?.find((value) => value.name === outputName);
  if (output !== undefined) problems.push(...outputMismatches(output, labelCount));
  if (card.embedding !== null) problems.push(...embeddingMismatches(session, card.embedding));
  return problems;
}

function inputMismatches(input: ValueInfo, card: ModelCard, maxBatch: number): string[] {
  const what = `input '${input.name}'`;
  if (!input.isTensor) return [`${what} is not a tensor`];
  const problems: string[] = [];
  if (input.type !== card.input.dtype) {
    problems.push(`${what} is ${input.type} but its card says ${card.input.dtype}`);
  }
  const shape = input.shape ?? [];
  if (shape.length !== 5) {
    problems.push(
      `${what} has rank ${shape.length} [${shape.join(', ')}] but a ${card.input.layout} clip needs rank 5`,
    );
    return problems;
  }
  const nthwc = card.input.layout === 'NTHWC';
  const [batch, t, h, w, c] = nthwc ? shape : [shape[0], shape[2], shape[3], shape[4], shape[1]];
  if (typeof batch === 'number' && batch < maxBatch) {
    problems.push(`${what} has a fixed batch size of ${batch} but model.maxBatch is ${maxBatch}`);
  }
  if (typeof t === 'number' && t !== card.clipLength) {
    problems.push(`${what} has clips of ${t} frames but its card says ${card.clipLength}`);
  }
  const fixedH = typeof h === 'number' && h !== card.cropSize;
  const fixedW = typeof w === 'number' && w !== card.cropSize;
  if (fixedH || fixedW) {
    problems.push(
      `${what} has ${h}x${w} frames but its card says ${card.cropSize}x${card.cropSize}`,
    );
  }
  if (typeof c === 'number' && c !== 3) {
    problems.push(`${what} has ${c} channels where its ${card.input.layout} card needs 3 (RGB)`);
  }
  return problems;
}

function outputMismatches(output: ValueInfo, labelCount: number): string[] {
  const what = `output '${output.name}'`;
  if (!output.isTensor) return [`${what} is not a tensor`];
  const problems: string[] = [];
  if (output.type !== 'float32') problems.push(`${what} is ${output.type}, expected float32`);
  const shape = output.shape ?? [];
  if (shape.length !== 2) {
    problems.push(
      `${what} has rank ${shape.length} [${shape.join(', ')}], expected [batch, classes]`,
    );
  } else if (typeof shape[1] === 'number' && shape[1] !== labelCount) {
    problems.push(`${what} has ${shape[1]} classes but there are ${labelCount} labels`);
  }
  return problems;
}

function embeddingMismatches(
  session: SessionDescription,
  embedding: { name: string; size: number },
): string[] {
  if (!session.outputNames.includes(embedding.name)) {
    return [
      `has no output '${embedding.name}' that its card names as the embedding (its outputs: ${list(session.outputNames)})`,
    ];
  }
  const info = session.outputMetadata?.find((value) => value.name === embedding.name);
  if (info === undefined) return [];
  const what = `output '${info.name}'`;
  if (!info.isTensor || info.type !== 'float32') return [`${what} is not a float32 tensor`];
  const shape = info.shape ?? [];
  if (shape.length !== 2 || (typeof shape[1] === 'number' && shape[1] !== embedding.size)) {
    return [`${what} has shape [${shape.join(', ')}] but its card says [batch, ${embedding.size}]`];
  }
  return [];
}

function list(names: readonly string[]): string {
  return names.length === 0 ? 'none' : names.map((name) => `'${name}'`).join(', ');
}
