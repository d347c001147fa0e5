import { AIMessage, HumanMessage, SystemMessage, ToolMessage } from '@langchain/core/messages';
import { describe, expect, it } from 'vitest';

import { ConversationTracker } from '../src/conversation.js';

const user = new HumanMessage({ id: 'h1', content: 'Tidy the repo. Never touch vendor/.' });
const reply = new AIMessage({
  id: 'a1',
  content: 'Listing first.',
  tool_calls: [{ id: 'c1', name: 'list_directory', args: { path: '/repo' }, type: 'tool_call' }],
});
const result = new ToolMessage({ id: 't1', content: 'src\nvendor', tool_call_id: 'c1' });

describe('ConversationTracker', () => {
  it('feeds new messages in order', () => {
    const tracker = new ConversationTracker();

    const events = tracker.sync('You are careful.', [user, reply, result]).map((tracked) => tracked.event);

    expect(events).toEqual([
      { type: 'message', role: 'system', text: 'You are careful.' },
      { type: 'message', role: 'user', text: 'Tidy the repo. Never touch vendor/.' },
      { type: 'message', role: 'assistant', text: 'Listing first.' },
      { type: 'tool_call', id: 'c1', tool: 'list_directory', arguments: { path: '/repo' } },
      { type: 'tool_result', id: 'c1', text: 'src\nvendor', isError: false },
    ]);
  });

  it('marks history it never saw run as replayed', () => {
    const tracker = new ConversationTracker();

    const replayed = tracker.sync('', [user, reply, result]).map((tracked) => [tracked.event.type, tracked.replay]);

    expect(replayed).toEqual([
      ['message', false],
      ['message', false],
      ['tool_call', true],
      ['tool_result', true],
    ]);
  });

  it('feeds nothing for an unchanged history', () => {
    const tracker = new ConversationTracker();
    tracker.sync('You are careful.', [user, reply, result]);

    expect(tracker.sync('You are careful.', [user, reply, result])).toEqual([]);
  });

  it('leaves calls without a result to the tool node', () => {
    const tracker = new ConversationTracker();

    const events = tracker.sync('', [user, reply]).map((tracked) => tracked.event.type);

    expect(events).toEqual(['message', 'message']);
  });

  it('turns a summary under a reused id into a compaction', () => {
    const tracker = new ConversationTracker();
    tracker.sync('', [user, reply, result]);
    const summary = new HumanMessage({
      id: 'h1',
      content: 'Here is a summary of the conversation to date:\n\nThe user wants a tidy repo.',
      additional_kwargs: { lc_source: 'summarization' },
    });
    const next = new AIMessage({ id: 'a2', content: 'Continuing.' });

    const events = tracker.sync('', [summary, result, next]).map((tracked) => tracked.event);

    expect(events).toEqual([
      { type: 'compaction', summary: 'Here is a summary of the conversation to date:\n\nThe user wants a tidy repo.' },
      { type: 'message', role: 'assistant', text: 'Continuing.' },
    ]);
  });

  it('turns a trimmed history into a compaction', () => {
    const tracker = new ConversationTracker();
    tracker.sync('', [user, reply, result]);

    const events = tracker.sync('', [result]).map((tracked) => tracked.event);

    expect(events).toEqual([{ type: 'compaction' }]);
  });

  it('counts live responses and results as in context', () => {
    const tracker = new ConversationTracker();
    tracker.sync('', [user]);
    tracker.markResponse(reply);
    tracker.markCall('c1');
    tracker.markResult('c1', 'src\nvendor');

    expect(tracker.sync('', [user, reply, result])).toEqual([]);
    expect(tracker.sync('', [result]).map((tracked) => tracked.event)).toEqual([{ type: 'compaction' }]);
  });

  it('feeds a changed system prompt again', () => {
    const tracker = new ConversationTracker();
    tracker.sync('Version one.', [user]);

    const events = tracker.sync('Version two.', [user]).map((tracked) => tracked.event);

    expect(events).toEqual([{ type: 'message', role: 'system', text: 'Version two.' }]);
  });
});
