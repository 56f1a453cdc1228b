import { test, expect, type Page } from '@playwright/test';
import { watchPage } from './support';
import { LessonPlayer } from '../../src/session/lesson_player';
import { builtinLesson, builtinLessonNames } from '../../src/session/lessons';
import type { Lesson } from '../../src/session/lesson';

/**
 * Lesson mode as a class uses it: every built-in lesson played to its end in English and in
 * 简体中文 with every prediction answered, each moment's caption, highlighted regions and
 * revealed answer checked against the same lesson played headless in Node (same steps, same
 * trace hashes); a `moment=K` link opening at moment K in a fresh browser; a teacher's lesson
 * file, and bad lesson links and files refused with the run kept.
 */
const origin = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;

type Language = 'en' | 'zh-CN';

interface Expected {
  readonly step: number;
  readonly hash: string;
  readonly revealed: number | null;
}

function lessonOf(name: string): Lesson {
  const r = builtinLesson(name);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.lesson;
}

/** Each moment's step, hash and revealed answer, played headless (the oracle for the page). */
const expectedCache = new Map<string, readonly Expected[]>();
function expectedOf(name: string): readonly Expected[] {
  const cached = expectedCache.get(name);
  if (cached !== undefined) return cached;
  const l = lessonOf(name);
  const p = new LessonPlayer(l);
  const out = l.moments.map((_, k) => {
    const r = p.goTo(k);
    if (!r.ok) throw new Error(`${name} moment ${k + 1}: ${r.reason}`);
    return { step: r.step, hash: p.engine.snapshot().traceHash, revealed: r.revealed };
  });
  expectedCache.set(name, out);
  return out;
}

async function fresh(page: Page, hash: string, language: Language = 'en'): Promise<void> {
  await page.goto('./');
  await page.evaluate((lng) => {
    localStorage.clear();
    localStorage.setItem('etcd-stepper/preferences', JSON.stringify({ theme: 'light', language: lng }));
  }, language);
  await page.goto('about:blank');
  await page.goto(`./${hash}`);
  await idle(page);
}

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.etcdSession !== undefined && !window.etcdSession.busy(), null, {
    timeout: 90_000,
  });
}

async function position(page: Page): Promise<{ step: number; hash: string }> {
  return page.evaluate(() => ({
    step: window.etcdSession?.step() ?? -1,
    hash: window.etcdSession?.traceHash() ?? '',
  }));
}

/** Fast enough that watched moments take a moment, not a minute. */
async function fastest(page: Page): Promise<void> {
  await page.getByRole('slider', { name: /Speed|速度/ }).fill('100');
}

const bar = (page: Page) => page.getByRole('region', { name: /^(Lesson|课程)$/ });

async function waitAtMoment(page: Page, n: number): Promise<void> {
  await expect(bar(page)).toHaveAttribute('data-phase', 'at-moment', { timeout: 90_000 });
  await expect(bar(page)).toHaveAttribute('data-moment', String(n));
  await idle(page);
}

const text = {
  en: { start: 'Start', next: 'Next', skip: 'Skip the prediction', right: 'The class predicted it.' },
  'zh-CN': { start: '开始', next: '下一步', skip: '跳过预测', right: '全班预测对了。' },
} as const;

/** Plays a lesson through the page, answering predictions, and checks every moment. */
async function playLesson(page: Page, name: string, language: Language): Promise<void> {
  const l = lessonOf(name);
  const want = expectedOf(name);
  await fresh(page, `#/lesson/${name}`, language);
  await fastest(page);
  await expect(bar(page)).toContainText(l.title[language]);
  await expect(page.getByTestId('lesson-caption')).toHaveText(l.summary[language]);
  for (let k = 0; k < l.moments.length; k++) {
    const m = l.moments[k];
    const w = want[k];
    if (m === undefined || w === undefined) throw new Error('lesson and oracle disagree');
    await bar(page)
      .getByRole('button', { name: k === 0 ? text[language].start : text[language].next, exact: true })
      .click();
    // Alternate answers so that both "predicted it" and a wrong prediction are seen.
    let chosen: number | null = null;
    if (m.prediction !== undefined) {
      const panel = page.getByTestId('lesson-predict');
      await expect(panel).toContainText(m.prediction.question[language]);
      await expect(panel.locator('.lesson-answer')).toHaveCount(m.prediction.answers.length);
      // Asked before the run moves: the cursor has not moved yet.
      const before = await position(page);
      expect(before.step).toBe(k === 0 ? 0 : want[k - 1]?.step);
      chosen = k % m.prediction.answers.length;
      await panel.locator(`.lesson-answer[data-answer="${chosen}"]`).click();
    }
    await waitAtMoment(page, k + 1);
    expect(await position(page), `${name} moment ${k + 1}`).toEqual({ step: w.step, hash: w.hash });
    await expect(page.getByTestId('lesson-caption')).toHaveText(m.caption[language]);
    await expect(page.getByTestId('lesson-progress')).toContainText(String(k + 1));
    const lit = await page.locator('#workspace').getAttribute('data-lesson-highlight');
    expect(lit ?? '').toBe(m.highlight.join(' '));
    if (m.prediction !== undefined) {
      const reveal = page.getByTestId('lesson-reveal');
      expect(w.revealed).not.toBeNull();
      await expect(reveal).toHaveAttribute('data-revealed', String(w.revealed));
      const happened = m.prediction.answers[w.revealed ?? -1];
      await expect(reveal).toContainText(happened?.text[language] ?? '(none)');
      await expect(reveal).toContainText(m.prediction.why[language]);
      if (chosen === w.revealed) await expect(reveal).toContainText(text[language].right);
      else await expect(reveal).not.toContainText(text[language].right);
    }
  }
  await expect(bar(page).getByRole('button', { name: text[language].next, exact: true })).toBeDisabled();
}

test.describe('lessons', () => {
  for (const language of ['en', 'zh-CN'] as const) {
    for (const name of builtinLessonNames) {
      test(`${name} plays to its end in ${language}, every prediction answered`, async ({ page }) => {
        test.setTimeout(180_000);
        const watch = watchPage(page, origin());
        await page.setViewportSize({ width: 1366, height: 768 });
        await playLesson(page, name, language);
        watch.expectClean();
      });
    }
  }

  test('a moment=K link opens at moment K in a fresh browser, same step and hash', async ({ browser }) => {
    const want = expectedOf('leader-crash');
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto('./#/lesson/leader-crash?moment=3');
    await waitAtMoment(page, 3);
    expect(await position(page)).toEqual({ step: want[2]?.step, hash: want[2]?.hash });
    await expect(page.getByTestId('lesson-reveal')).toHaveAttribute(
      'data-revealed',
      String(want[2]?.revealed),
    );
    // Previous is a seek back to moment 2's step.
    await bar(page).getByRole('button', { name: 'Previous' }).click();
    await waitAtMoment(page, 2);
    expect(await position(page)).toEqual({ step: want[1]?.step, hash: want[1]?.hash });
    await context.close();
  });

  test('a watched moment plays at the page’s speed; Skip ahead lands on the same step', async ({ page }) => {
    const want = expectedOf('first-election');
    await fresh(page, '#/lesson/first-election');
    await page.getByRole('slider', { name: 'Speed' }).fill('20');
    await bar(page).getByRole('button', { name: 'Start' }).click();
    await page.getByTestId('lesson-predict').getByRole('button', { name: 'Skip the prediction' }).click();
    await expect(page.getByTestId('lesson-moving')).toContainText('Watch the run reach moment 1');
    // Still on its way a moment later: it is played, not jumped.
    await page.waitForTimeout(300);
    expect((await position(page)).step).toBeLessThan(want[0]?.step ?? 0);
    await page.getByTestId('lesson-moving').getByRole('button', { name: 'Skip ahead' }).click();
    await waitAtMoment(page, 1);
    expect(await position(page)).toEqual({ step: want[0]?.step, hash: want[0]?.hash });
    await expect(page.getByTestId('lesson-reveal')).toContainText('The prediction was skipped.');
  });

  test('Previous while the run is on its way goes back; a Step leaves the lesson at its moment', async ({
    page,
  }) => {
    const want = expectedOf('leader-crash');
    await fresh(page, '#/lesson/leader-crash?moment=2');
    await waitAtMoment(page, 2);
    await page.getByRole('slider', { name: 'Speed' }).fill('15');
    await bar(page).getByRole('button', { name: 'Next', exact: true }).click();
    const predict = page.getByTestId('lesson-predict');
    if ((await predict.count()) > 0)
      await predict.getByRole('button', { name: 'Skip the prediction' }).click();
    await expect(page.getByTestId('lesson-moving')).toBeVisible();
    await bar(page).getByRole('button', { name: 'Previous' }).click();
    await waitAtMoment(page, 1);
    expect(await position(page)).toEqual({ step: want[0]?.step, hash: want[0]?.hash });
    await expect(bar(page)).not.toContainText('The run has moved away');
    // Back to moment 1, then a Step of the user's: the lesson stays at its moment and says so.
    await fresh(page, '#/lesson/leader-crash?moment=1');
    await waitAtMoment(page, 1);
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await idle(page);
    expect((await position(page)).step).toBe((want[0]?.step ?? 0) + 1);
    await bar(page).getByRole('button', { name: 'Next', exact: true }).click();
    if ((await predict.count()) > 0)
      await predict.getByRole('button', { name: 'Skip the prediction' }).click();
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await expect(bar(page)).toHaveAttribute('data-phase', 'at-moment');
    await expect(bar(page)).toContainText('The run has moved away from this moment');
  });

  test('the outline jumps to any moment; Copy link carries it; Leave keeps the run', async ({
    page,
    context,
  }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    const want = expectedOf('partition');
    await fresh(page, '#/lesson/partition');
    await bar(page).getByRole('button', { name: 'Outline' }).click();
    const outline = page.getByRole('navigation', { name: 'Moments of this lesson' });
    await outline.getByRole('button').nth(3).click();
    await waitAtMoment(page, 3);
    expect(await position(page)).toEqual({ step: want[2]?.step, hash: want[2]?.hash });
    await expect(page).toHaveURL(/#\/lesson\/partition\?moment=3$/);
    await bar(page).getByRole('button', { name: 'Copy link' }).click();
    await expect(bar(page).getByRole('status')).toHaveText('Link copied');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toMatch(/#\/lesson\/partition\?moment=3$/);
    // A lesson opens in the beginner view (no trace hash); leaving it brings the expert view back.
    await expect(page.getByTestId('trace-hash')).toHaveCount(0);
    await bar(page).getByRole('button', { name: 'Leave lesson' }).click();
    await expect(bar(page)).toHaveCount(0);
    await expect(page.getByTestId('trace-hash')).toBeVisible();
    expect(await position(page)).toEqual({ step: want[2]?.step, hash: want[2]?.hash });
    await expect(page).toHaveURL(
      new RegExp(
        `#/\\?seed=${lessonOf('partition').seed}&scenario=majority-partition.*cursor=${want[2]?.step}`,
      ),
    );
  });

  test('a teacher’s lesson file opens; a malformed one is refused and the run stays', async ({ page }) => {
    await fresh(page, '#/?seed=3&scenario=normal-startup&cursor=500');
    const before = await position(page);
    await page.getByRole('button', { name: 'Lessons' }).click();
    const picker = page.getByRole('dialog', { name: 'Lessons' });
    await expect(picker.locator('li[data-lesson]')).toHaveCount(builtinLessonNames.length);
    const doc = JSON.parse(JSON.stringify(lessonOf('first-election'))) as Record<string, unknown>;
    const bad = { ...doc, moments: [{ until: { goal: 'leader-electd' }, caption: { en: 'x' } }] };
    await picker.locator('input[type=file]').setInputFiles({
      name: 'broken.lesson.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(bad)),
    });
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('broken.lesson.json');
    await expect(alert).toContainText('moments[0].until');
    await expect(alert).toContainText('moments[0].caption');
    expect(await position(page)).toEqual(before);
    await expect(bar(page)).toHaveCount(0);

    const own = {
      ...doc,
      name: 'my-first-election',
      title: { en: 'Our election', 'zh-CN': '我们的选举' },
      moments: [(doc.moments as unknown[])[0]],
    };
    await page.getByRole('button', { name: 'Lessons' }).click();
    await picker.locator('input[type=file]').setInputFiles({
      name: 'mine.lesson.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(own)),
    });
    await expect(bar(page)).toContainText('Your lesson');
    await expect(bar(page)).toContainText('Our election');
    await bar(page).getByRole('button', { name: 'Start' }).click();
    await page.getByTestId('lesson-predict').locator('.lesson-answer').first().click();
    await waitAtMoment(page, 1);
    // Short enough to travel whole in its link.
    await expect(page).toHaveURL(/#\/lesson\?doc=[A-Za-z0-9_-]+&moment=1$/);
    const link = page.url();
    await page.goto('about:blank');
    await page.goto(link);
    await waitAtMoment(page, 1);
    expect(await position(page)).toEqual({
      step: expectedOf('first-election')[0]?.step,
      hash: expectedOf('first-election')[0]?.hash,
    });
  });

  test('a bad lesson link says what and where, and the run stays', async ({ page }) => {
    await fresh(page, '#/?seed=2&scenario=normal-startup&cursor=300');
    const before = await position(page);
    await page.evaluate(() => {
      window.location.hash = '#/lesson/no-such-lesson?moment=2';
    });
    const alert = page.getByRole('alert');
    await expect(alert).toContainText('unknown lesson "no-such-lesson"');
    expect(await position(page)).toEqual(before);
    await page.evaluate(() => {
      window.location.hash = '#/lesson/first-election?moment=abc';
    });
    await expect(alert).toContainText('moment: must be a whole number from 0 to 40 (got "abc")');
    expect(await position(page)).toEqual(before);
    // A moment past the lesson's end opens the lesson at its start, and says so.
    await page.evaluate(() => {
      window.location.hash = '#/lesson/first-election?moment=9';
    });
    await expect(bar(page)).toBeVisible();
    await expect(page.getByRole('alert')).toContainText('there is no moment 9 (the lesson has 3)');
    await expect(bar(page)).toHaveAttribute('data-phase', 'start');
  });

  test('screenshots: a revealed prediction at 1366x768 and 1920x1080, in both languages', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    for (const language of ['en', 'zh-CN'] as const) {
      for (const [w, h] of [
        [1366, 768],
        [1920, 1080],
      ] as const) {
        await page.setViewportSize({ width: w, height: h });
        await fresh(page, '#/lesson/leader-crash?moment=3', language);
        await waitAtMoment(page, 3);
        await page.screenshot({ path: `reports/screenshots/lesson-leader-crash-${w}x${h}-${language}.png` });
      }
    }
  });
});
