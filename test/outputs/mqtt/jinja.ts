import { spawnSync } from 'node:child_process';

/**
 * Renders Home Assistant MQTT templates with Jinja2's immutable sandbox, the environment Home
 * Assistant renders them in, with `value_json` the payload parsed as JSON. StrictUndefined
 * turns a key the payload lacks into an error, where Home Assistant would log a warning and
 * render something useless. Needs a python3 with jinja2; `jinjaPython` is null without one.
 */
const SCRIPT = `
import json, sys
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
env = ImmutableSandboxedEnvironment(undefined=StrictUndefined)
out = []
for job in json.load(sys.stdin):
    try:
        value_json = json.loads(job["payload"])
        out.append({"text": env.from_string(job["template"]).render(value_json=value_json)})
    except Exception as e:
        out.append({"error": type(e).__name__ + ": " + str(e)})
json.dump(out, sys.stdout)
`;

export interface TemplateJob {
  template: string;
  payload: string;
}

export type Rendered = { text: string } | { error: string };

export const jinjaPython: string | null =
  ['python3', '/usr/bin/python3'].find(
    (python) => spawnSync(python, ['-c', 'import jinja2']).status === 0,
  ) ?? null;

export function renderTemplates(jobs: readonly TemplateJob[]): Rendered[] {
  if (jinjaPython === null) throw new Error('no python3 with jinja2');
  const result = spawnSync(jinjaPython, ['-c', SCRIPT], {
    input: JSON.stringify(jobs),
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`jinja2 render failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as Rendered[];
}
