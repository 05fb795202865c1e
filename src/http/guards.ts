import type { Session } from '../session/index.js';
import { NotAuthenticatedError } from './errors.js';
import { type StandardSchemaV1, validate } from './standard-schema.js';

/** The session values a guard read, by key; `undefined` for a key the session lacks. */
export type PickedData<T extends object, K extends keyof T & string> = {
  readonly [P in K]: T[P] | undefined;
};

/** What a guard knows about the request's session; `where` and `schema` judge it. */
export interface GuardInput<T extends object, K extends keyof T & string = never> {
  /** The user recorded by `session.logIn`, or `undefined` for an anonymous session. */
  readonly userId: string | undefined;
  /** The values under `keys`, read once, in an object without a prototype. */
  readonly data: PickedData<T, K>;
  /** The session itself, for further reads. */
  readonly session: Session<T>;
}

/** What {@link requireSession} resolves without a schema: a logged-in session. */
export interface Authenticated<
  T extends object,
  K extends keyof T & string = never,
> extends GuardInput<T, K> {
  readonly userId: string;
}

/** Options of {@link requireSession}. */
export interface GuardOptions<T extends object, K extends keyof T & string> {
  /**
   * Session keys to read into `data` for `where` and `schema`.
   * @default []
   */
  readonly keys?: readonly K[];
  /**
   * An extra condition on a logged-in session, such as a role; `false` answers 401 too.
   * @default none: any logged-in session passes
   */
  readonly where?: (input: Authenticated<T, K>) => boolean | Promise<boolean>;
}

/** Options of {@link requireSession} with a schema. */
export interface GuardSchemaOptions<
  T extends object,
  K extends keyof T & string,
  S extends StandardSchemaV1,
> {
  /** @see GuardOptions.keys */
  readonly keys?: readonly K[];
  /**
   * Validates `{ userId, data }` and replaces the logged-in test: the request is authenticated
   * exactly when the schema accepts, and the guard resolves to the schema's output. So a
   * schema may admit anonymous sessions, for example a cart kept before login.
   */
  readonly schema: S;
}

/**
 * The `Depends(get_current_user)` of Tessera: resolves when the session is authenticated,
 * and throws {@link NotAuthenticatedError} (401 `{"detail":"Not authenticated"}`) when not.
 * Authenticated means a user logged in with `session.logIn` and, if given, `where` holds;
 * with `schema`, it means the schema accepts `{ userId, data }`. The guard never writes to
 * the session. Enforce access on the server, per request (OWASP ASVS 5.0 8.3.1).
 *
 * @example
 * const { userId } = await requireSession(session);
 * const admin = await requireSession(session, { keys: ['role'], where: (s) => s.data.role === 'admin' });
 * const user = await requireSession(session, {
 *   keys: ['role'],
 *   schema: z.object({ userId: z.string(), data: z.object({ role: z.enum(['admin', 'staff']) }) }),
 * });
 */
export async function requireSession<T extends object, K extends keyof T & string = never>(
  session: Session<T>,
  options?: GuardOptions<T, K>,
): Promise<Authenticated<T, K>>;
export async function requireSession<
  T extends object,
  S extends StandardSchemaV1,
  K extends keyof T & string = never,
>(
  session: Session<T>,
  options: GuardSchemaOptions<T, K, S>,
): Promise<StandardSchemaV1.InferOutput<S>>;
export async function requireSession<T extends object, K extends keyof T & string>(
  session: Session<T>,
  options: Partial<GuardOptions<T, K> & GuardSchemaOptions<T, K, StandardSchemaV1>> = {},
): Promise<unknown> {
  const { keys = [], where, schema } = options;
  const userId = await session.userId();
  const data = Object.create(null) as Record<string, unknown>;
  for (const key of keys) data[key] = await session.get(key);
  if (schema !== undefined) {
    const result = await validate(schema, { userId, data: { ...data } });
    if (result.issues !== undefined) throw new NotAuthenticatedError();
    return result.value;
  }
  if (userId === undefined) throw new NotAuthenticatedError();
  const input = { userId, data: data as PickedData<T, K>, session };
  if (where !== undefined && !(await where(input))) throw new NotAuthenticatedError();
  return input;
}
