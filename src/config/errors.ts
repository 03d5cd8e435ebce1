/** sysexits.h EX_CONFIG: systemd's unit does not restart on it (RestartPreventExitStatus). */
export const EX_CONFIG = 78;

/** Every configuration problem at once, each as `path: message`, secrets redacted. */
export class ConfigError extends Error {
  readonly problems: string[];

  constructor(problems: string[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`invalid configuration (${count}):\n${problems.map((line) => `  ${line}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = [...problems];
  }
}
