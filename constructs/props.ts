/** Applying a construct's documented defaults to the props it was given. */

/**
 * `defaults`, overridden by every key of `given` whose value is set: an explicit `undefined` keeps the
 * default, as it does in aws-cdk's props.
 */
export function withDefaults<T extends object>(defaults: Required<T>, given: T | undefined): Required<T> {
  const set = Object.entries(given ?? {}).filter(([, v]) => v !== undefined);
  return { ...defaults, ...(Object.fromEntries(set) as Partial<T>) };
}
