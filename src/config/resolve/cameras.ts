import { SOURCE_KINDS } from '../../ingest/sources/index.js';
import { loadHead } from '../../model/heads/index.js';
import { camelKeys } from '../camelKeys.js';
import { fileProblem, resolveFrom } from '../files.js';
import type { SectionValues } from '../sections.js';
import type { CameraConfig, SourceConfig } from '../types.js';
import type { ResolveContext } from './context.js';
import { resolveSecret } from './secret.js';

type Camera = SectionValues['cameras'][number];

/** Every camera with its password file read and its file found. Undefined after reporting. */
export function resolveCameras(
  cameras: SectionValues['cameras'],
  context: ResolveContext,
): CameraConfig[] | undefined {
  const resolved = cameras.map((camera, index) => resolveCamera(camera, index, context));
  return resolved.every((camera) => camera !== undefined) ? resolved : undefined;
}

function resolveCamera(
  camera: Camera,
  index: number,
  context: ResolveContext,
): CameraConfig | undefined {
  const url = resolveUrl(camera, `cameras[${index}].source`, context);
  const head = resolveHead(camera, `cameras[${index}].head`, context);
  if (url === undefined || head === undefined) return undefined;
  const { source, ...rest } = camelKeys(camera);
  const { credentials: _, ...kept } = source;
  const resolvedSource: SourceConfig = { ...kept, url };
  return { ...rest, head, source: resolvedSource };
}

/**
 * The head file found and read now, so that a missing or broken head is reported with the
 * rest; whether it fits the model is known once the daemon loads the model.
 */
function resolveHead(camera: Camera, path: string, context: ResolveContext): string | undefined {
  if (camera.head === '') return '';
  const resolved = resolveFrom(context.cwd, camera.head);
  if (!camera.enabled) return resolved;
  const problem = fileProblem(context.cwd, camera.head);
  if (problem !== undefined) {
    context.problems.add(path, problem);
    return undefined;
  }
  try {
    loadHead(resolved);
  } catch (err) {
    context.problems.add(path, (err as Error).message);
    return undefined;
  }
  return resolved;
}

/**
 * Credentials go into the url, so the file itself can keep the secret out; a file source is
 * found now. Disabled cameras are not watched: their files need not exist yet.
 */
function resolveUrl(camera: Camera, path: string, context: ResolveContext): string | undefined {
  const { kind, url, credentials } = camera.source;
  const rules = SOURCE_KINDS[kind];
  if (rules.isLocalFile) {
    const problem = camera.enabled ? fileProblem(context.cwd, url) : undefined;
    if (problem === undefined) return resolveFrom(context.cwd, url);
    context.problems.add(`${path}.url`, problem);
    return undefined;
  }
  // The schema let credentials through only for kinds that take them.
  if (credentials.username === '' || rules.withCredentials === undefined) return url;
  const password = camera.enabled
    ? resolveSecret(
        {
          filePath: `${path}.password_file`,
          value: credentials.password,
          file: credentials.password_file,
        },
        context,
      )
    : '';
  if (password === undefined) return undefined;
  return rules.withCredentials(url, credentials.username, password);
}
