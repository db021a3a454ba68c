import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SseParser, parseRuntimeEvent } from '../../src/shared/events';

describe('SseParser', () => {
  it('assembles messages split across chunks at any byte', () => {
    const text = 'retry: 1000\n\n: keep-alive\n\nid: 7\nevent: config.changed\ndata: {"seq":7,\ndata: "type":"config.changed"}\n\n';
    for (let cut = 0; cut <= text.length; cut++) {
      const parser = new SseParser();
      const messages = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      assert.deepEqual(messages, [{ id: '7', event: 'config.changed', data: '{"seq":7,\n"type":"config.changed"}' }]);
    }
  });

  it('accepts CRLF and CR line endings and fields without a space', () => {
    const parser = new SseParser();
    assert.deepEqual(parser.push('data:a\r\ndata:b\r\n\r\ndata: c\r\r'), [{ data: 'a\nb' }, { data: 'c' }]);
  });

  it('ignores comments and blank dispatches', () => {
    assert.deepEqual(new SseParser().push(': ping\n\n\n\n'), []);
  });

  it('turns only well-formed JSON events into runtime events', () => {
    assert.equal(parseRuntimeEvent({ data: 'not json' }), undefined);
    assert.equal(parseRuntimeEvent({ data: '{"type":"x"}' }), undefined);
    assert.deepEqual(parseRuntimeEvent({ data: '{"seq":1,"type":"config.changed","time":5,"data":{"errors":[]}}' }), {
      seq: 1,
      type: 'config.changed',
      time: 5,
      data: { errors: [] },
    });
  });
});
