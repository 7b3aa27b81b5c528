/**
 * A queue of one: each task runs after every earlier one has finished, whatever their outcome.
 * For a resource that must see one operation at a time (the journal file, the printer link).
 */
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
}
