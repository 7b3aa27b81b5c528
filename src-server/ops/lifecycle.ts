/**
 * Whether this server still wants new work. A load balancer reads it through `/readyz`: the
 * process says "not ready" before it stops listening, so traffic moves to another instance while
 * the requests already here finish. One per app instance (tests build many in one process).
 */
export class ServerLifecycle {
  #draining = false;

  /** True once shutdown has begun; never goes back. */
  get draining(): boolean {
    return this.#draining;
  }

  /** Called first on SIGTERM (and by Fastify's `preClose`), before the listener closes. */
  beginDrain(): void {
    this.#draining = true;
  }
}
