#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { configSecrets, Daemon, installSignalHandlers, ModelLoadError } from '../app/index.js';
import { runClassifyCommand } from '../classify/index.js';
import { ConfigError, describeConfig, EX_CONFIG, loadConfig } from '../config/index.js';
import { createDaemonLogger } from '../log/index.js';
import { OutboxOpenError } from '../outputs/mqtt/index.js';
import { runTeachCommand } from '../teach/index.js';

const USAGE = `Usage: actionwatch <command> [--config FILE]

Commands:
  run            watch the configured cameras and publish actions over MQTT
  check-config   validate the configuration, print it with secrets hidden, exit 0 or 78
  classify       classify a video file: timeline and annotated copy (classify --help)
  teach          teach new classes from labelled example videos: a head file (teach --help)

Options:
  -c, --config FILE   YAML or JSON configuration (default: $ACTIONWATCH_CONFIG, else built-in defaults)
  -h, --help          show this help

Exit codes: 0 ok, 1 runtime failure, 64 usage error, 78 invalid configuration or model.`;

const EX_USAGE = 64;

function printConfigProblems(err: ConfigError): void {
  process.stderr.write(
    `actionwatch: invalid configuration (${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}):\n`,
  );
  for (const problem of err.problems) process.stderr.write(`  ${problem}\n`);
}

type CommandLine =
  | { command: 'run' | 'check-config'; configFile: string | undefined }
  | { exitCode: number };

function parseCommandLine(argv: string[]): CommandLine {
  let parsed: { values: { config?: string; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { config: { type: 'string', short: 'c' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
    });
  } catch (err) {
    process.stderr.write(`actionwatch: ${(err as Error).message}\n${USAGE}\n`);
    return { exitCode: EX_USAGE };
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return { exitCode: 0 };
  }
  if (command !== 'run' && command !== 'check-config') {
    process.stderr.write(
      `actionwatch: unknown command ${JSON.stringify(command ?? '')}\n${USAGE}\n`,
    );
    return { exitCode: EX_USAGE };
  }
  if (rest.length > 0) {
    process.stderr.write(`actionwatch: unexpected argument ${JSON.stringify(rest[0])}\n`);
    return { exitCode: EX_USAGE };
  }
  return { command, configFile: parsed.values.config };
}

async function main(argv: string[]): Promise<number> {
  // classify has options of its own (see its --help).
  if (argv[0] === 'classify') {
    const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
    return runClassifyCommand(argv.slice(1), io);
  }
  if (argv[0] === 'teach') {
    const io = { stdout: process.stdout, stderr: process.stderr, env: process.env };
    return runTeachCommand(argv.slice(1), io);
  }
  const commandLine = parseCommandLine(argv);
  if ('exitCode' in commandLine) return commandLine.exitCode;
  const { command } = commandLine;
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ file: commandLine.configFile, env: process.env });
  } catch (err) {
    if (err instanceof ConfigError) {
      printConfigProblems(err);
      return EX_CONFIG;
    }
    throw err;
  }
  if (command === 'check-config') {
    process.stdout.write(`${JSON.stringify(describeConfig(config), null, 2)}\n`);
    return 0;
  }
  return run(config);
}

async function run(config: ReturnType<typeof loadConfig>): Promise<number> {
  const logger = createDaemonLogger({ level: config.log.level, secrets: configSecrets(config) });
  const daemon = new Daemon({ config, logger, env: process.env });
  try {
    await daemon.start();
  } catch (err) {
    await daemon.stop();
    if (err instanceof ModelLoadError || err instanceof OutboxOpenError) {
      const what = err instanceof ModelLoadError ? 'the model' : 'the state folder';
      logger.fatal({ err }, `cannot use ${what}`);
      process.stderr.write(`actionwatch: ${err.message}\n`);
      return EX_CONFIG;
    }
    throw err;
  }
  installSignalHandlers({ stop: () => daemon.stop(), logger });
  return new Promise<number>(() => {
    // Runs until a signal handler exits the process.
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`actionwatch: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
