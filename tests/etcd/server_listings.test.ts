import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lineOfLabel, listingLabels, listings } from '../../src/etcd/listings';

/** Label prefixes of the functions the member model owns (node.go's labels have their own listing). */
const ownPrefix = /^(raftNode\.start|EtcdServer\.|etcdmain\.|embed\.)/;

/** Every string literal that looks like an own label, in the yields of src/etcd. */
function labelsInSource(): string[] {
  const dir = join(__dirname, '..', '..', 'src', 'etcd');
  const found = new Set<string>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts') && x !== 'listings.ts')) {
    const src = readFileSync(join(dir, f), 'utf8');
    for (const m of src.matchAll(
      /'((?:raftNode\.start|EtcdServer\.[A-Za-z0-9]+|etcdmain\.[A-Za-z]+|embed\.[A-Za-z]+)(?:\/[A-Za-z-]+)?)'/g,
    )) {
      found.add(m[1]!);
    }
  }
  return [...found].sort();
}

describe('listings and yield labels stay in sync', () => {
  it('every label used in a yield is on a listing line', () => {
    const missing = labelsInSource().filter((l) => lineOfLabel(l) === undefined);
    expect(missing).toEqual([]);
  });

  it('every listing label is used by a yield', () => {
    const used = new Set(labelsInSource());
    expect(listingLabels().filter((l) => !used.has(l))).toEqual([]);
  });

  it('labels are unique and well formed; the four core functions have listings', () => {
    const all = listingLabels();
    expect(new Set(all).size).toBe(all.length);
    for (const l of all) expect(l).toMatch(ownPrefix);
    const names = listings.map((l) => l.name);
    for (const n of [
      'raftNode.start',
      'EtcdServer.run',
      'EtcdServer.applyAll',
      'EtcdServer.processInternalRaftRequestOnce',
    ]) {
      expect(names).toContain(n);
    }
  });
});
