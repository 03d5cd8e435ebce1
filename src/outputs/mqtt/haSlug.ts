/**
 * Home Assistant's `homeassistant.util.slugify` (python-slugify with `_` as separator), for
 * the entity ids we suggest: Home Assistant rejects an entity id that is not its own slug.
 * Accents are folded as unidecode does for Latin letters; letters of other scripts, which
 * unidecode would transliterate, are dropped (names are ASCII; only a prefix can hold them).
 */
export function haSlugify(text: string): string {
  const slug = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    // python-slugify deletes apostrophes rather than separating at them.
    .replace(/'+/g, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return slug === '' ? 'unknown' : slug;
}
