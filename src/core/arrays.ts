/**
 * `into.push(...items)` passes every item as a call argument, and V8 overflows its stack somewhere past
 * ~100k arguments ("Maximum call stack size exceeded"): a directory holding two 120k-entry lockfiles
 * crashed the inventory merge that way. Use this wherever the appended array's size comes from input.
 */
export function pushAll<T>(into: T[], items: Iterable<T>): T[] {
  for (const item of items) into.push(item);
  return into;
}
