// Prints the GPU check's JSON lines (ortBench.mjs, torchBench.py) as one table: an engine per
// row, per batch size the median ms per clip (and per run), clips/s at the largest batch.
//   node table.mjs RESULTS.jsonl
import { readFileSync } from 'node:fs';

const rows = readFileSync(process.argv[2], 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('{'))
  .map((line) => JSON.parse(line));
const engines = [...new Set(rows.map((r) => r.engine))];
const batches = [...new Set(rows.map((r) => r.batch))].sort((a, b) => a - b);
const cell = (engine, batch) => {
  const r = rows.find((x) => x.engine === engine && x.batch === batch);
  return r ? `${r.msPerClip.toFixed(1)} (${r.runMsMedian.toFixed(0)})` : 'n/a';
};
const header = ['engine', ...batches.map((b) => `batch ${b}: ms/clip (ms/run)`), 'clips/s best'];
const lines = engines.map((engine) => {
  const best = Math.min(...rows.filter((r) => r.engine === engine).map((r) => r.msPerClip));
  return [engine, ...batches.map((b) => cell(engine, b)), (1000 / best).toFixed(1)];
});
const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
const format = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(
  [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n'),
);
