import * as assert from 'node:assert/strict';
import { ndjsonLine, ndjsonRecord, payloadDetail, previewPayload, toNdjson } from '../../../src/core/pubsub/format';
import { PubSubMessage } from '../../../src/core/pubsub/message';

describe('pub/sub message formatting', () => {
  const time = Date.UTC(2025, 0, 2, 3, 4, 5, 678);

  it('previews text as text and binary as spaced hex, saying when it is only the start', () => {
    assert.deepEqual(previewPayload(Buffer.from('hello')), { text: 'hello', binary: false, truncated: false });
    assert.deepEqual(previewPayload(Buffer.from([0xde, 0xad, 0xbe, 0xef])), { text: 'de ad be ef', binary: true, truncated: false });
    assert.deepEqual(previewPayload(Buffer.alloc(100, 0xff)), { text: Array(64).fill('ff').join(' '), binary: true, truncated: true });
    const long = previewPayload(Buffer.from('é'.repeat(2000)), 2049);
    assert.equal(long.truncated, true);
    assert.equal(long.text, 'é'.repeat(1024), 'cut on a character boundary');
  });

  it('formats the whole payload on expand: pretty JSON (big numbers kept), text, or a hex dump', () => {
    const json = payloadDetail(Buffer.from('{"id":12345678901234567890,"tags":["a"]}'));
    assert.equal(json.kind, 'json');
    assert.equal(json.text, '{\n  "id": 12345678901234567890,\n  "tags": [\n    "a"\n  ]\n}');
    assert.equal(payloadDetail(Buffer.from('plain')).kind, 'text');
    const bin = payloadDetail(Buffer.from([0, 1, 2, 0x41]));
    assert.equal(bin.kind, 'binary');
    assert.match(bin.text, /^00000000 {2}00 01 02 41/);
  });

  it('NDJSON: ISO time, kind, names and payload as text, or as hex when not UTF-8', () => {
    const text: PubSubMessage = { time, kind: 'pmessage', channel: Buffer.from('orders:1'), pattern: Buffer.from('orders:*'), payload: Buffer.from('{"a":1}') };
    assert.equal(ndjsonLine(text), '{"time":"2025-01-02T03:04:05.678Z","kind":"pmessage","channel":"orders:1","pattern":"orders:*","payload":"{\\"a\\":1}"}');
    const bin: PubSubMessage = { time, kind: 'message', channel: Buffer.from([0x63, 0xff]), payload: Buffer.from([0x00, 0xff]) };
    assert.deepEqual(ndjsonRecord(bin), { time: '2025-01-02T03:04:05.678Z', kind: 'message', channelHex: '63ff', payloadHex: '00ff' });
    const ndjson = toNdjson([text, bin]);
    assert.equal(ndjson.split('\n').length, 3, 'one line each, newline-terminated');
    assert.deepEqual(ndjson.trim().split('\n').map((l) => (JSON.parse(l) as { kind: string }).kind), ['pmessage', 'message']);
    assert.equal(toNdjson([]), '');
  });
});
