import type { Logger } from '../log/index.js';

/**
 * Exit status after SIGHUP: stopped cleanly in order to be started again with the current
 * configuration (EX_TEMPFAIL). The systemd unit restarts on it (RestartForceExitStatus=) and
 * counts it as success; reloading in place would mean rebuilding every part anyway.
 */
export const EX_RESTART = 75;

/**
 * SIGINT/SIGTERM stop the daemon cleanly and exit 0; SIGHUP stops it just as cleanly and
 * exits EX_RESTART (never Node's default: dying at once, lock and retained states left). A
 * second signal while stopping exits at once with 1, for an operator who really means it.
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
    const code = signal === 'SIGHUP' ? EX_RESTART : 0;
    opts.logger.info({ signal, exitCode: code }, code === 0 ? 'stopping' : 'stopping to restart');
    opts.stop().then(
      () => exit(code),
      (err: unknown) => {
        opts.logger.error({ err }, 'stop failed');
        exit(1);
      },
    );
  };
  proc.on('SIGINT', onSignal);
  proc.on('SIGTERM', onSignal);
  proc.on('SIGHUP', onSignal);
}
