import type * as z from 'zod';
import { joinPath, reportIssues, suggestion } from './issues.js';
import type { ProblemList } from './problems.js';
import {
  FILE_SECTIONS,
  type FileSections,
  SECTION_NAMES,
  type SectionName,
} from './schema/index.js';

export type SectionValues<K extends SectionName = SectionName> = {
  [P in K]: z.output<FileSections[P]>;
};

/**
 * Checks each section on its own, so that a section with a problem does not keep the checks
 * that need the file system (files, secrets) from running on the others: every problem is
 * listed at once. Sections with a problem are left out of the result.
 */
export function parseSections<K extends SectionName>(
  raw: Record<string, unknown>,
  names: readonly K[],
  problems: ProblemList,
): Partial<SectionValues<K>> {
  for (const key of Object.keys(raw)) {
    if (!(SECTION_NAMES as string[]).includes(key)) {
      problems.add(joinPath('', key), `unknown key${suggestion(key, SECTION_NAMES)}`);
    }
  }
  const parsed: Partial<SectionValues<K>> = {};
  for (const name of names) {
    const schema = FILE_SECTIONS[name] as z.ZodType;
    const result = schema.safeParse(raw[name]);
    if (result.success) parsed[name] = result.data as SectionValues<K>[K];
    else reportIssues(result.error.issues, schema, name, problems);
  }
  return parsed;
}
