import { describe, expect, it } from 'vitest';
import { createLabStore } from '../../../src/ui/lab/store';
import { modeFromHash } from '../../../src/ui/lab/route';
import { samples } from '../../../src/ui/lab/samples';

describe('lab store', () => {
  it('loads a sample, steps it and keeps plain copies of the session', () => {
    const store = createLabStore();
    const sample = samples[0];
    if (sample === undefined) throw new Error('no sample');
    store.getState().loadSample(sample.id);
    expect(store.getState().notice).toEqual({ kind: 'loaded-sample', id: sample.id, steps: 8 });
    expect(store.getState().cursor).toBe(0);
    store.getState().forward();
    store.getState().forward();
    const steps = store.getState().steps;
    expect(store.getState().cursor).toBe(2);
    expect(store.getState().view.nodes.map((n) => n.state)).toEqual(['StateCandidate']);
    store.getState().forward();
    // Unchanged steps keep their identity, so the transcript re-renders only what changed.
    expect(store.getState().steps[0]).toBe(steps[0]);
    store.getState().runToEnd();
    expect(store.getState().differences).toEqual([]);
    expect(store.getState().exportText()).toBe(sample.text);
  });

  it('keeps the session when an import fails or a command is wrong', () => {
    const store = createLabStore();
    expect(store.getState().issue([{ line: 'add-nodes 1 voters=(1) index=2', input: '' }])).toEqual({
      ok: true,
    });
    expect(store.getState().importText('x.txt', 'a\n----\n----\n----\n----\nb\n')).toBe(false);
    expect(store.getState().notice).toMatchObject({
      kind: 'script-error',
      error: { kind: 'parse-error', line: 1 },
    });
    expect(store.getState().steps).toHaveLength(1);
    expect(store.getState().issue([{ line: 'campaign 2', input: '' }])).toEqual({
      ok: false,
      error: { kind: 'bad-node', value: '2', max: 1 },
    });
    // Several lines run in order; the first failure stops the rest.
    expect(
      store.getState().issue([
        { line: 'campaign 1', input: '' },
        { line: 'nope', input: '' },
        { line: 'stabilize', input: '' },
      ]),
    ).toMatchObject({ ok: false, error: { kind: 'unknown-command' } });
    expect(store.getState().steps.map((s) => s.text)).toEqual([
      'add-nodes 1 voters=(1) index=2',
      'campaign 1',
    ]);
  });

  it('imports a file, runs it and counts the differences', () => {
    const store = createLabStore();
    const ok = store
      .getState()
      .importText(
        'mine.txt',
        'add-nodes 1\n----\nwrong\n\nraft-state\n----\n1: StateFollower (Non-Voter) Term:0 Lead:0\n',
      );
    expect(ok).toBe(true);
    expect(store.getState().notice).toMatchObject({
      kind: 'imported',
      file: 'mine.txt',
      steps: 2,
      differences: 1,
      firstLine: 3,
    });
  });
});

describe('mode routing', () => {
  it.each([
    ['', 'lab', 'cluster'],
    ['#/lab', 'cluster', 'lab'],
    ['#/lab/x', 'cluster', 'lab'],
    ['#/', 'lab', 'cluster'],
    ['#/other', 'lab', 'cluster'],
    ['#workspace', 'lab', 'lab'],
    ['#workspace', 'cluster', 'cluster'],
  ] as const)('%j after %s is %s', (hash, previous, mode) => {
    expect(modeFromHash(hash, previous)).toBe(mode);
  });
});
