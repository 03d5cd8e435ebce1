import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Integration tests run the real CLI (`node dist/cli/main.js`) as users do, and the bench's
 * (`node build/bench/main.js`), so build both once before any test starts.
 */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  for (const project of ['tsconfig.build.json', 'tsconfig.tools.json']) {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', project],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
  }
}
