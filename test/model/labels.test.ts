import { describe, expect, it } from 'vitest';
import {
  defaultCardPath,
  labelsFileSha256,
  loadLabels,
  loadModelCard,
} from '../../src/model/index.js';
import { labelsPath, scratchDir, tinyModelPath } from './support.js';

describe('loadLabels', () => {
  it("reads the 400 Kinetics-400 classes in torchvision's order", () => {
    const labels = loadLabels(labelsPath);
    expect(labels).toHaveLength(400);
    expect(labels.slice(0, 3)).toEqual(['abseiling', 'air drumming', 'answering questions']);
    expect(labels.at(-1)).toBe('zumba');
  });

  it('trims, accepts CRLF and ignores one trailing empty line', () => {
    const scratch = scratchDir();
    try {
      const file = scratch.write('labels.txt', ' abseiling \r\narm wrestling\r\n');
      expect(loadLabels(file)).toEqual(['abseiling', 'arm wrestling']);
    } finally {
      scratch.cleanup();
    }
  });

  it('rejects an empty line, naming the file and line', () => {
    const scratch = scratchDir();
    try {
      const file = scratch.write('labels.txt', 'a\n\nb\n');
      expect(() => loadLabels(file)).toThrow(`${file}:2: empty label`);
    } finally {
      scratch.cleanup();
    }
  });

  it('rejects a duplicate, naming both lines', () => {
    const scratch = scratchDir();
    try {
      const file = scratch.write('labels.txt', 'a\nb\na\n');
      expect(() => loadLabels(file)).toThrow(`${file}:3: duplicate label 'a' (first on line 1)`);
    } finally {
      scratch.cleanup();
    }
  });

  it('rejects a missing or empty file, naming it', () => {
    const scratch = scratchDir();
    try {
      const missing = `${scratch.dir}/nope.txt`;
      expect(() => loadLabels(missing)).toThrow(`${missing}: cannot read labels file`);
      const empty = scratch.write('empty.txt', '');
      expect(() => loadLabels(empty)).toThrow(`${empty}: labels file is empty`);
    } finally {
      scratch.cleanup();
    }
  });

  it('hashes the file bytes as the exporter does', () => {
    // The exporter (Python hashlib) recorded the hash of the labels.txt it wrote in the card.
    const card = loadModelCard(defaultCardPath(tinyModelPath));
    expect(labelsFileSha256(labelsPath)).toBe(card.labelsSha256);
  });
});
