// Requests the proxy sends to the client: the upstream server's (sampling, elicitation, roots/list), forwarded
// under ids the proxy issues on the client side, and the guard's own elicitations. The client's responses and
// the server's cancellations are matched here.
import { idKey, isErrorResponse, type JSONRPCMessage, type RequestId } from './jsonrpc.js';
import type { JsonObject } from './guard.js';

type Pending =
  | { kind: 'upstream'; upstreamId: RequestId }
  | { kind: 'guard'; resolve: (result: JsonObject) => void; reject: (error: Error) => void };

/** Where a client response goes: back upstream under the server's id, or nowhere (a guard request, or unknown). */
export type ResponseRoute = { kind: 'upstream'; message: JSONRPCMessage } | { kind: 'handled' } | { kind: 'unknown' };

export class ClientBoundRequests {
  readonly #pending = new Map<number, Pending>();
  /** Client-side ids of forwarded server requests, by the server's id, for the server's cancellations. */
  readonly #byUpstreamId = new Map<string, number>();
  #nextId = 1;

  /** Registers a server request and returns the id it travels under on the client side. */
  registerUpstream(upstreamId: RequestId): number {
    const id = this.#nextId++;
    this.#pending.set(id, { kind: 'upstream', upstreamId });
    this.#byUpstreamId.set(idKey(upstreamId), id);
    return id;
  }

  /** Registers a request of the guard's; the promise settles with the client's response. */
  registerGuard(): { id: number; result: Promise<JsonObject> } {
    const id = this.#nextId++;
    const result = new Promise<JsonObject>((resolve, reject) => {
      this.#pending.set(id, { kind: 'guard', resolve, reject });
    });
    return { id, result };
  }

  /** Matches a client response to its request. */
  route(response: JSONRPCMessage): ResponseRoute {
    const id = (response as { id?: RequestId }).id;
    const pending = typeof id === 'number' ? this.#pending.get(id) : undefined;
    if (pending === undefined) return { kind: 'unknown' };
    this.#pending.delete(id as number);

    if (pending.kind === 'upstream') {
      this.#byUpstreamId.delete(idKey(pending.upstreamId));
      return { kind: 'upstream', message: { ...response, id: pending.upstreamId } as JSONRPCMessage };
    }
    if (isErrorResponse(response)) pending.reject(new Error(`the client returned error ${response.error.code}: ${response.error.message}`));
    else pending.resolve(asResult((response as { result: unknown }).result));
    return { kind: 'handled' };
  }

  /** Forgets a server request the server cancelled and returns its client-side id, if it is still pending. */
  takeCancelled(upstreamId: RequestId): number | undefined {
    const id = this.#byUpstreamId.get(idKey(upstreamId));
    if (id === undefined) return undefined;
    this.#byUpstreamId.delete(idKey(upstreamId));
    this.#pending.delete(id);
    return id;
  }

  /** Forgets the server's requests after the server is gone; their answers would have nowhere to go. */
  forgetUpstream(): void {
    for (const [id, pending] of this.#pending) if (pending.kind === 'upstream') this.#pending.delete(id);
    this.#byUpstreamId.clear();
  }

  /** Rejects the guard's requests and forgets everything, at session end. */
  clear(reason: string): void {
    for (const pending of this.#pending.values()) if (pending.kind === 'guard') pending.reject(new Error(reason));
    this.#pending.clear();
    this.#byUpstreamId.clear();
  }
}

function asResult(value: unknown): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonObject) : {};
}
