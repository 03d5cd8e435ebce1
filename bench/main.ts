import { ALLOC_USAGE, allocCommand } from './alloc.js';
import { BATCH_USAGE, batchCommand } from './batch.js';
import { CAPACITY_USAGE, capacityCommand } from './capacity.js';
import { DECODE_USAGE, decodeCommand } from './decode.js';
import { EMBEDDING_USAGE, embeddingCommand } from './embedding.js';
import { INT8_USAGE, int8Command } from './int8Command.js';
import { LIVE_USAGE, liveCommand } from './live.js';
import { MODEL_USAGE, modelCommand } from './modelCommand.js';
import { MOTION_USAGE, motionCommand } from './motion.js';
import { PARITY_USAGE, parityCommand } from './parityCommand.js';
import { PIPELINE_USAGE, pipelineCommand } from './pipelineCommand.js';
import { REGIONS_USAGE, regionsCommand } from './regions.js';
import { SESSIONS_USAGE, sessionsCommand } from './sessions.js';

interface Command {
  usage: string;
  run(argv: string[]): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  model: { usage: MODEL_USAGE, run: modelCommand },
  pipeline: { usage: PIPELINE_USAGE, run: pipelineCommand },
  batch: { usage: BATCH_USAGE, run: batchCommand },
  decode: { usage: DECODE_USAGE, run: decodeCommand },
  parity: { usage: PARITY_USAGE, run: parityCommand },
  int8: { usage: INT8_USAGE, run: int8Command },
  sessions: { usage: SESSIONS_USAGE, run: sessionsCommand },
  alloc: { usage: ALLOC_USAGE, run: allocCommand },
  motion: { usage: MOTION_USAGE, run: motionCommand },
  embedding: { usage: EMBEDDING_USAGE, run: embeddingCommand },
  regions: { usage: REGIONS_USAGE, run: regionsCommand },
  capacity: { usage: CAPACITY_USAGE, run: capacityCommand },
  live: { usage: LIVE_USAGE, run: liveCommand },
};

const USAGE = `Usage: npm run bench -- <command> [options]   (run from the repository root)

Every command prints a table and writes bench-results/<command>-<time>.json. Run them on the
random-weight MViT-B (models/mvit_v1_b.onnx) for real numbers, on test/fixtures/tiny_mvit.onnx
for a quick check. Ratios measured in one run are the figures to trust on a busy machine.

${Object.values(COMMANDS)
  .map((c) => c.usage)
  .join('\n\n')}`;

async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  if (first === '-h' || first === '--help' || first === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  // Without a command name the options are the model bench's, as before commands existed.
  const [name, args] =
    first === undefined || first.startsWith('-') ? ['model', argv] : [first, rest];
  const command = COMMANDS[name];
  if (command === undefined) {
    throw new Error(
      `unknown bench command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')})`,
    );
  }
  await command.run(args);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
