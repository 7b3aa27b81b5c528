/** Makes a `switch` exhaustive: adding a case to a union without handling it is a type error. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
