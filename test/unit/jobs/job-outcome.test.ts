import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outcomeOf, seconds } from '../../../src/core/jobs/job-outcome';
import { LineSplitter } from '../../../src/core/jobs/output-lines';

describe('job outcomes and output lines', () => {
  it('maps how a process ended to a final state and reason', () => {
    const exit = { code: null, signal: null, timedOut: false };
    assert.deepEqual(outcomeOf({ ...exit, code: 0 }, undefined, undefined), { state: 'SUCCEEDED', exitCode: 0 });
    assert.deepEqual(outcomeOf({ ...exit, code: 2 }, undefined, undefined), { state: 'FAILED', exitCode: 2, reason: 'exit code 2' });
    assert.deepEqual(outcomeOf({ ...exit, signal: 'SIGSEGV' }, undefined, undefined), { state: 'FAILED', signal: 'SIGSEGV', reason: 'killed by SIGSEGV' });
    assert.deepEqual(outcomeOf({ ...exit, signal: 'SIGTERM', timedOut: true }, undefined, 90_000), { state: 'FAILED', signal: 'SIGTERM', reason: 'timed out after 90 s' });
    assert.deepEqual(outcomeOf({ ...exit, code: -2, startError: 'spawn x ENOENT' }, undefined, undefined), { state: 'FAILED', exitCode: 127, reason: 'cannot start: spawn x ENOENT' });
    assert.deepEqual(outcomeOf({ ...exit, signal: 'SIGTERM', timedOut: true }, 'cancelled by the user', 1000), { state: 'CANCELLED', signal: 'SIGTERM', reason: 'cancelled by the user' }, 'a cancel wins');
    assert.deepEqual([seconds(10), seconds(1500), seconds(60_000)], ['10 ms', '1.5 s', '60 s']);
  });

  it('cuts output into lines across chunks, CRLF included, and flushes the last one', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    for (const chunk of ['mlops:metric lo', 'ss=1\r\nnext\n', '', 'tail']) splitter.push(chunk);
    assert.deepEqual(lines, ['mlops:metric loss=1', 'next']);
    splitter.end();
    assert.deepEqual(lines, ['mlops:metric loss=1', 'next', 'tail']);
  });
});
