/**
 * A resource's last good value, never throwing. Solid's `resource.latest` (and `resource()`) rethrow
 * the error of a failed fetch, which outside an ErrorBoundary leaves a page on "loading…" at a failed
 * first load and drops what it showed at a failed refresh; a page that refreshes itself keeps what it
 * had instead, and says separately that the cloud could not be reached (`resource.error`).
 */
import type { Resource } from 'solid-js';

export function lastGood<T>(resource: Resource<T>): () => T | undefined {
  let last: T | undefined;
  return () => {
    if (resource.error === undefined) last = resource.latest ?? last;
    return last;
  };
}
