/**
 * In-memory SSE event store, so a client whose stream closed mid-call can resume it with
 * Last-Event-ID (Streamable HTTP resumability).
 */
import type { EventId, EventStore, StreamId } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

interface StoredEvent {
  readonly id: EventId;
  readonly streamId: StreamId;
  readonly message: JSONRPCMessage;
}

/** Maximum events kept per session. Older events are dropped and can no longer be replayed. */
const MAX_STORED_EVENTS = 1000;

export class MemoryEventStore implements EventStore {
  #events: StoredEvent[] = [];
  #nextSequence = 1;

  async storeEvent(streamId: StreamId, message: JSONRPCMessage): Promise<EventId> {
    const id = `${streamId}_${this.#nextSequence++}`;
    this.#events.push({ id, streamId, message });
    if (this.#events.length > MAX_STORED_EVENTS) this.#events.shift();
    return id;
  }

  async getStreamIdForEventId(eventId: EventId): Promise<StreamId | undefined> {
    return this.#events.find((event) => event.id === eventId)?.streamId;
  }

  async replayEventsAfter(
    lastEventId: EventId,
    { send }: { send: (eventId: EventId, message: JSONRPCMessage) => Promise<void> },
  ): Promise<StreamId> {
    const position = this.#events.findIndex((event) => event.id === lastEventId);
    const last = this.#events[position];
    if (last === undefined) {
      throw new Error(`Event ${lastEventId} is unknown or was dropped. Resend the request instead of resuming it.`);
    }

    for (const event of this.#events.slice(position + 1)) {
      // Priming events are stored with an empty message. They mark a position and carry nothing to replay.
      if (event.streamId !== last.streamId || !('jsonrpc' in event.message)) continue;
      await send(event.id, event.message);
    }
    return last.streamId;
  }
}
