/**
 * Group commit: work items that arrive while a write runs (or within the same turn of the event
 * loop) are written together by the next one, so one transaction, one fsync and one hold of a
 * lock serve many requests. On SQLite every commit blocks the process for its fsync; on
 * PostgreSQL a sequence lock serialises every process's commits: either way the number of
 * commits, not the number of requests, is what bounds a busy server.
 *
 * `write` gets the group's items in arrival order and answers one result per item. If it throws
 * for a group of several, each item is written alone, so one bad item fails only its caller.
 */
export class GroupCommit<In, Out> {
  private queue: Array<{ item: In; resolve: (out: Out) => void; reject: (err: unknown) => void }> = [];
  private running = false;

  constructor(
    private readonly write: (items: readonly In[]) => Promise<Out[]>,
    /** A group stops growing at this total weight (its first item always goes in). */
    private readonly limit: { maxWeight: number; weight: (item: In) => number } = {
      maxWeight: Infinity,
      weight: () => 1,
    },
  ) {}

  submit(item: In): Promise<Out> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      // The first waiter schedules the flush after this turn's I/O, so requests read in the same
      // turn join it; while a flush runs, new ones wait for the next.
      if (!this.running && this.queue.length === 1) setImmediate(() => void this.flush());
    });
  }

  private async flush(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      while (this.queue.length > 0) {
        const group = this.takeGroup();
        try {
          const outs = await this.write(group.map((g) => g.item));
          group.forEach((g, i) => g.resolve(outs[i]!));
        } catch (err) {
          if (group.length === 1) group[0]!.reject(err);
          else for (const g of group) await this.write([g.item]).then(([out]) => g.resolve(out!), g.reject);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private takeGroup(): typeof this.queue {
    const group: typeof this.queue = [];
    let weight = 0;
    while (this.queue.length > 0) {
      const next = this.queue[0]!;
      const w = this.limit.weight(next.item);
      if (group.length > 0 && weight + w > this.limit.maxWeight) break;
      group.push(next);
      weight += w;
      this.queue.shift();
    }
    return group;
  }
}
