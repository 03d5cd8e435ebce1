import type { Logger } from '../log/index.js';

/**
 * SIGINT/SIGTERM stop the daemon cleanly and exit 0; a second signal while stopping exits
 * at once with 1, for an operator who really means it.
 */
export function installSignalHandlers(opts: {
  stop: () => Promise<void>;
  logger: Logger;
  exit?: (code: number) => void;
  proc?: NodeJS.Process;
}): void {
  const proc = opts.proc ?? process;
  const exit = opts.exit ?? ((code: number) => proc.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      opts.logger.warn({ signal }, 'second signal while stopping: exiting now');
      exit(1);
      return;
    }
    stopping = true;
    opts.logger.info({ signal }, 'stopping');
    opts.stop().then(
      () => exit(0),
      (err: unknown) => {
        opts.logger.error({ err }, 'stop failed');
        exit(1);
      },
    );
  };
  proc.on('SIGINT', onSignal);
  proc.on('SIGTERM', onSignal);
}
