import { describe, expect, it } from 'vitest';
import { glossaryEn, glossaryIds } from '../../src/ui/i18n/glossary.en';
import { glossaryZhCN } from '../../src/ui/i18n/glossary.zh-CN';

/** Sentences of an English definition: a stop, then a capital, a quote or the end. */
const englishSentences = (text: string): number => (text.match(/[.!?](?=\s+[A-Z“(]|$)/g) ?? []).length;
const chineseSentences = (text: string): number => (text.match(/[。！？]/g) ?? []).length;

describe('glossary', () => {
  it('has an entry for every term the brief and the UI name', () => {
    const required = [
      'ready',
      'hardState',
      'softState',
      'mustSync',
      'term',
      'vote',
      'commitIndex',
      'appliedIndex',
      'gap',
      'msgApp',
      'msgProp',
      'readIndex',
      'snapshot',
      'learner',
      'wal',
      'fsync',
      'quorum',
      'preVote',
      'msgHeartbeat',
      'advance',
      'leader',
      'follower',
      'candidate',
    ];
    expect(glossaryIds).toEqual(expect.arrayContaining(required));
  });

  it.each(glossaryIds)('%s: one to three sentences in English and in Chinese', (id) => {
    const en = glossaryEn[id].definition;
    const zh = glossaryZhCN[id].definition;
    expect(englishSentences(en), en).toBeGreaterThanOrEqual(1);
    expect(englishSentences(en), en).toBeLessThanOrEqual(3);
    expect(chineseSentences(zh), zh).toBeGreaterThanOrEqual(1);
    expect(chineseSentences(zh), zh).toBeLessThanOrEqual(3);
    // Written in Chinese, not left in English.
    expect((zh.match(/[\u4e00-\u9fff]/g) ?? []).length, zh).toBeGreaterThan(15);
  });

  it('states etcd’s facts the lessons rely on', () => {
    expect(glossaryEn.gap.definition).toContain('maxGapBetweenApplyAndCommitIndex (5000)');
    expect(glossaryEn.gap.definition).toContain('etcdserver: too many requests');
    expect(glossaryZhCN.gap.definition).toContain('etcdserver: too many requests');
    expect(glossaryEn.hardState.definition).toMatch(/Term, Vote and Commit/);
    expect(glossaryEn.softState.definition).toMatch(/not persisted/);
    expect(glossaryEn.mustSync.definition).toMatch(/fsync/);
  });
});
