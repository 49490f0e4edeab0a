/**
 * Module hooks for the Node 24 run of the tests (registered by ./register.mjs through NODE_OPTIONS, so
 * every process the tests start has them too): better-sqlite3, the one dependency compiled against
 * V8's own ABI, resolves to the copy built for Node 24 (see ./node24.ts); everything else is as is.
 */
import { pathToFileURL } from 'node:url';

let from = '';
let to = '';

export function initialize(data) {
  from = pathToFileURL(data.original).href;
  to = pathToFileURL(data.copy).href;
}

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (from && resolved.url.startsWith(`${from}/`)) return { ...resolved, url: to + resolved.url.slice(from.length) };
  return resolved;
}
