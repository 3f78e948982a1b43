/**
 * Collection tokens: a store collection's name tied to its record type, with a zod schema that checks the shape
 * of what is read. The Store port takes these instead of a name and a type argument, so a record's type is written
 * once, beside its collection, and what comes back from the store is what its type says.
 */
import type { z } from 'zod';

export interface Collection<T> {
  readonly name: string;
  /** The stored data as a T; throws, saying which fields are wrong, when it does not match the schema. */
  parse(data: unknown): T;
}

/** Issues named in a mismatch message; a record that is wrong everywhere says so in one line, not forty. */
const MAX_ISSUES = 3;

/**
 * A collection of records the schema describes. `parse` returns the stored value itself, not zod's copy: a field
 * the schema does not list (written by a newer version of the bot, beside this one during a rollout) is kept, so a
 * read-modify-write does not drop it. Schemas therefore check only; they never transform or default.
 */
export function collection<T>(name: string, schema: z.ZodType<T>): Collection<T> {
  return {
    name,
    parse(data) {
      const result = schema.safeParse(data);
      if (!result.success) throw new Error(describeIssues(result.error));
      return data as T;
    },
  };
}

function describeIssues(error: z.ZodError): string {
  const issues = error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`);
  const more = issues.length > MAX_ISSUES ? ` (and ${issues.length - MAX_ISSUES} more)` : '';
  return issues.slice(0, MAX_ISSUES).join('; ') + more;
}

type Equals<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
/** Flattens intersections (`Partial<Record<…>> & {…}`) into plain objects, so equal shapes compare equal. */
type Flat<T> = T extends readonly (infer E)[] ? Flat<E>[] : T extends object ? { [K in keyof T]: Flat<T[K]> } : T;
type Describes<S extends z.ZodType, T> =
  Equals<Flat<z.output<S>>, Flat<T>> extends true
    ? unknown
    : { readonly 'the schema must describe the type exactly: the same fields, optionality and types': T };

/**
 * A schema for the TypeScript type T, which stays the source of truth: the compiler refuses a schema that misses a
 * field of T, adds one, or differs in a field's optionality or type. Usage: `schemaOf<Deployment>()(z.object(…))`.
 */
export const schemaOf =
  <T>() =>
  <S extends z.ZodType>(schema: S & Describes<S, T>): z.ZodType<T> =>
    schema as unknown as z.ZodType<T>;
