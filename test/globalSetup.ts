import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Integration tests run the real CLI (`node dist/cli/main.js`) as users do, so build it once
 * before any test starts.
 */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
}
