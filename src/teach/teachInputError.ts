/** Examples that cannot be taught from: one clear line for the person who gathered them. */
export class TeachInputError extends Error {
  override readonly name = 'TeachInputError';
}
