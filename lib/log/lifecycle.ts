/**
 * Whether this instance is shutting down (SIGTERM received by scripts/server.ts). On globalThis
 * under a registered symbol: the server script and the app bundle load separate copies of this
 * module. /api/ready answers 503 from then on, so a load balancer stops sending traffic here.
 */
const KEY = Symbol.for('cll-registry.shutting-down');
const holder = globalThis as unknown as Record<symbol, boolean | undefined>;

export function markShuttingDown(): void {
  holder[KEY] = true;
}

export function isShuttingDown(): boolean {
  return holder[KEY] === true;
}
