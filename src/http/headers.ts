/** Request headers as a Web `Headers` or a node:http `IncomingMessage.headers` object. */
export type HeadersLike =
  | { get(name: string): string | null }
  | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * One request header by lower-case name, or `undefined`. A header node received several
 * times comes back joined with `, `, as `Headers.get` does, so it never parses as one origin.
 */
export function headerOf(headers: HeadersLike, name: string): string | undefined {
  if (typeof headers.get === 'function') {
    return (headers as { get(name: string): string | null }).get(name) ?? undefined;
  }
  const value = (headers as Readonly<Record<string, string | readonly string[] | undefined>>)[name];
  return typeof value === 'string' ? value : value?.join(', ');
}
