// Copies the console's page and styles next to its compiled scripts (dist/console): tsc
// emits only the .js files. Nothing is fetched: the console ships whole in the package.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const from = 'src/console';
const to = 'dist/console';
mkdirSync(to, { recursive: true });
for (const name of readdirSync(from)) {
  if (/\.(html|css|svg)$/.test(name)) copyFileSync(join(from, name), join(to, name));
}
