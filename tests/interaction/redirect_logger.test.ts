import { describe, expect, it } from 'vitest';
import { RaftPanic } from '../../src/raft/logger';
import { logLevelError, parseLogLevel, RedirectLogger } from '../../src/interaction/redirect_logger';

describe('RedirectLogger', () => {
  it('prefixes the level name and ends each line', () => {
    const l = new RedirectLogger();
    l.debug('d');
    l.info('i');
    l.warning('w');
    l.error('e');
    expect(l.toString()).toBe('DEBUG d\nINFO i\nWARN w\nERROR e\n');
  });

  it('writes a line iff the current level is at or below it', () => {
    const l = new RedirectLogger();
    l.lvl = 2;
    l.debug('d');
    l.info('i');
    l.warning('w');
    l.error('e');
    expect(l.toString()).toBe('WARN w\nERROR e\n');
  });

  it('does not double a newline the message already has, nor add one to an empty message', () => {
    const l = new RedirectLogger();
    l.info('x\n');
    l.info('');
    expect(l.toString()).toBe('INFO x\nINFO ');
  });

  it('logs fatal and panic at FATAL and throws RaftPanic', () => {
    const l = new RedirectLogger();
    expect(() => l.panic('boom')).toThrow(RaftPanic);
    expect(() => l.fatal('bang')).toThrow('bang');
    expect(l.toString()).toBe('FATAL boom\nFATAL bang\n');
  });

  it('discards everything, harness text included, when quiet', () => {
    const l = new RedirectLogger();
    l.lvl = 5;
    expect(l.quiet()).toBe(true);
    l.write('text');
    l.error('e');
    expect(() => l.panic('p')).toThrow(RaftPanic);
    expect(l.length).toBe(0);
  });

  it('captures into a fresh buffer and restores the old one, even on a throw', () => {
    const l = new RedirectLogger();
    l.write('before\n');
    expect(l.capture(() => l.info('inner'))).toBe('INFO inner\n');
    expect(() => l.capture(() => l.panic('x'))).toThrow(RaftPanic);
    expect(l.toString()).toBe('before\n');
  });

  it('parses level names case-insensitively', () => {
    expect(parseLogLevel('debug')).toBe(0);
    expect(parseLogLevel('Info')).toBe(1);
    expect(parseLogLevel('WARN')).toBe(2);
    expect(parseLogLevel('none')).toBe(5);
    expect(parseLogLevel('warning')).toBeUndefined();
    expect(logLevelError).toBe('log levels must be either of [DEBUG INFO WARN ERROR FATAL NONE]');
  });
});
