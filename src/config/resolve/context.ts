import type { ProblemList } from '../problems.js';

/** What resolving a checked section may look at: the file system and the environment. */
export interface ResolveContext {
  /** Where relative paths resolve (systemd's WorkingDirectory). */
  cwd: string;
  env: NodeJS.ProcessEnv;
  problems: ProblemList;
}
