import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UsageError, intOption, parseArgs } from '../../src/cli/args';

describe('CLI argument parsing', () => {
  const values = new Set(['workspace', 'port']);

  it('reads positionals, flags and both option spellings', () => {
    const args = parseArgs(['add', '--json', '--workspace', '/w', '--port=8080', 'data.csv', '--', '--literal'], values);
    assert.deepEqual(args.positionals, ['add', 'data.csv', '--literal']);
    assert.equal(args.options.get('json'), true);
    assert.equal(args.options.get('workspace'), '/w');
    assert.equal(intOption(args, 'port', 0, 65535), 8080);
  });

  it('says which option is missing its value or out of range', () => {
    assert.throws(() => parseArgs(['--port'], values), /--port needs a value/);
    assert.throws(() => intOption(parseArgs(['--port', '70000'], values), 'port', 0, 65535), (e: unknown) => e instanceof UsageError && /0 to 65535/.test(e.message));
  });
});
