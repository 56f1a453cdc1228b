import { test, expect, type Page } from '@playwright/test';
import { watchPage } from './support';

/**
 * The page fits the room: at a laptop (1366x768) and a projector (1920x1080) size, with 3, 5 and 7
 * members, presenter mode off and on, the page itself does not scroll, and every region that has
 * one element per member (the cluster drawing, the Ready lanes, the index gauges, the leader
 * timeline) shows every member inside its visible box, without scrolling the region. In presenter
 * mode the text people read from the back of the room is at least 20 px.
 *
 * One documented exception: presenter mode at 1366x768. Seven members' rows at 20 px need more
 * height than a 768 px screen leaves under the controls, so the workspace keeps a floor
 * (src/ui/session/session.css) and the page scrolls by a bounded amount instead of a region
 * hiding a member; every member is still inside its region.
 *
 * In a lesson, its caption bar sits above the regions, and the regions shrink to make room for it.
 */
const origin = () => new URL(test.info().project.use.baseURL ?? 'http://127.0.0.1').origin;

const sizes = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
] as const;

/** A position after the first election (and, for the partition, after the new leader's). */
const runs = [
  { members: 3, url: '#/?seed=1&scenario=normal-startup&size=3&cursor=5000' },
  { members: 5, url: '#/?seed=1&scenario=majority-partition&cursor=20000' },
  { members: 7, url: '#/?seed=1&scenario=normal-startup&size=7&cursor=5000' },
] as const;

/** Presenter-mode text that must reach 20 px: what a class reads, not tick labels or badges. */
const presenterBodyText = [
  '.region h2',
  '.cv-name',
  '.rb-lane-head',
  '.ig-name',
  '.ig-numbers',
  '.lt-name',
  '.session-listing li',
  '.session-log-line',
];
const presenterMinPx = 20;

interface Placement {
  readonly region: string;
  readonly members: number[];
  readonly outside: string[];
  readonly scrolled: boolean;
}

interface Measures {
  readonly bodyPx: number;
  readonly scrollHeight: number;
  readonly innerHeight: number;
  readonly regions: Placement[];
  readonly small: string[];
  readonly rootPx: number;
}

async function settle(page: Page): Promise<void> {
  await page.waitForFunction(() => window.etcdSession !== undefined && !window.etcdSession.busy());
  await expect(page.getByRole('button', { name: 'Step Ready', exact: true })).toBeEnabled();
  // Two frames: ResizeObserver-driven drawings re-render once after the first layout.
  await page.evaluate(
    () => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))),
  );
}

async function open(page: Page, url: string, presenter: boolean, caption: boolean): Promise<void> {
  await page.addInitScript((on) => {
    try {
      localStorage.setItem('etcd-stepper/presenter', on ? 'on' : 'off');
      localStorage.setItem('etcd-stepper/preferences', JSON.stringify({ theme: 'light', language: 'en' }));
    } catch {
      // about:blank has no storage.
    }
  }, presenter);
  await page.goto('./');
  await page.goto('about:blank');
  await page.goto(`./${url}`);
  await settle(page);
  await expect(page.locator('html')).toHaveAttribute('data-presenter', presenter ? 'on' : 'off');
  if (caption) {
    await page.evaluate(() => {
      const bar = document.createElement('div');
      bar.id = 'caption-stand-in';
      bar.style.cssText = 'height:100px;flex:none;background:#fff3c4;border-bottom:1px solid #9a6700';
      bar.textContent = 'lesson caption stand-in (100 px)';
      const ws = document.getElementById('workspace');
      ws?.parentElement?.insertBefore(bar, ws);
    });
    await settle(page);
  }
}

/** Everything measured in one pass, in the page. */
function measure(
  page: Page,
  selectors: readonly string[],
  minPx: number,
  pageScrolls: boolean,
): Promise<Measures> {
  return page.evaluate(
    ({ selectors, minPx, pageScrolls }) => {
      const inside = (a: DOMRect, b: DOMRect): boolean =>
        a.left >= b.left - 0.5 &&
        a.right <= b.right + 0.5 &&
        a.top >= b.top - 0.5 &&
        a.bottom <= b.bottom + 0.5;
      /** The box an element is seen through: the region, and every clipping box between. */
      const visible = (el: Element, region: Element): boolean => {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || r.height === 0) return false;
        for (let p: Element | null = el.parentElement; p !== null; p = p.parentElement) {
          const style = getComputedStyle(p);
          const clips = p === region || style.overflowX !== 'visible' || style.overflowY !== 'visible';
          if (clips && !(p instanceof SVGElement) && !inside(r, p.getBoundingClientRect())) return false;
          if (p === region) break;
        }
        // Where the page may scroll, a member below the fold is still in its region's box.
        return pageScrolls || inside(r, new DOMRect(0, 0, window.innerWidth, window.innerHeight));
      };
      const hooks: Record<string, string> = {
        cluster: '.cv-member',
        ready: '[data-member]',
        gauges: '[data-member]',
        timeline: '[data-member]',
      };
      const regions = Object.entries(hooks).map(([id, selector]) => {
        const region = document.querySelector(`section[data-region="${id}"]`);
        if (region === null) return { region: id, members: [], outside: ['no region'], scrolled: true };
        const els = [...region.querySelectorAll(selector)];
        const members = new Set<number>();
        const outside: string[] = [];
        els.forEach((el, i) => {
          const m = el.getAttribute('data-member');
          const who = m === null ? i : Number(m);
          if (visible(el, region)) members.add(who);
          else {
            const r = el.getBoundingClientRect();
            outside.push(
              `${el.tagName}.${el.getAttribute('class') ?? ''}[${who}] ${Math.round(r.top)}..${Math.round(r.bottom)}`,
            );
          }
        });
        const scrolled = region.scrollTop !== 0 || region.scrollLeft !== 0;
        return { region: id, members: [...members].sort((a, b) => a - b), outside, scrolled };
      });
      const small: string[] = [];
      for (const s of selectors) {
        for (const el of document.querySelectorAll(`#workspace ${s}`)) {
          const px = parseFloat(getComputedStyle(el).fontSize);
          if (px < minPx - 0.01) small.push(`${s}: ${px}px`);
        }
      }
      return {
        bodyPx: parseFloat(getComputedStyle(document.body).fontSize),
        scrollHeight: document.documentElement.scrollHeight,
        innerHeight: window.innerHeight,
        regions,
        small: [...new Set(small)],
        rootPx: parseFloat(getComputedStyle(document.documentElement).fontSize),
      };
    },
    { selectors, minPx, pageScrolls },
  );
}

/** How far the page may scroll in the documented exception (presenter mode at 1366x768). */
const presenterLaptopScrollMaxPx = 300;

function check(m: Measures, members: number, presenter: boolean, pageScrolls: boolean): void {
  const scrollMax = pageScrolls ? presenterLaptopScrollMaxPx : 1;
  expect(m.scrollHeight, 'the page does not scroll vertically').toBeLessThanOrEqual(
    m.innerHeight + scrollMax,
  );
  const all = Array.from({ length: members }, (_, i) => i);
  for (const r of m.regions) {
    expect(r.outside, `${r.region}: members outside the visible box`).toEqual([]);
    expect(r.members, `${r.region}: every member shown`).toEqual(all);
    expect(r.scrolled, `${r.region}: not scrolled`).toBe(false);
  }
  if (presenter) {
    expect(m.rootPx).toBeGreaterThanOrEqual(presenterMinPx);
    expect(m.bodyPx).toBeGreaterThanOrEqual(presenterMinPx);
    expect(m.small, 'presenter text below 20 px').toEqual([]);
  }
}

test.describe('the page fits the room', () => {
  for (const size of sizes) {
    for (const run of runs) {
      for (const presenter of [false, true]) {
        const tag = `${size.width}x${size.height}-${run.members}-${presenter ? 'presenter' : 'normal'}`;
        test(`${tag}: every member in every region, no page scroll`, async ({ page }) => {
          test.setTimeout(90_000);
          await page.setViewportSize(size);
          const watch = watchPage(page, origin());
          await open(page, run.url, presenter, false);
          await page.screenshot({ path: `reports/screenshots/fits-${tag}.png` });
          const pageScrolls = presenter && size.height < 800;
          const m = await measure(page, presenterBodyText, presenterMinPx, pageScrolls);
          test
            .info()
            .annotations.push({ type: 'page height', description: `${m.scrollHeight} of ${m.innerHeight}` });
          check(m, run.members, presenter, pageScrolls);
          watch.expectClean();
        });
      }
    }
  }

  // In a lesson the caption bar sits above the regions (with the revealed answer and its why,
  // its tallest form): the regions shrink and every member stays in view, presenter mode too at
  // the projector's size.
  const lessonRuns = [
    { members: 3, url: '#/lesson/leader-crash?moment=3' },
    { members: 5, url: '#/lesson/partition?moment=2' },
  ] as const;
  for (const size of sizes) {
    for (const run of lessonRuns) {
      for (const presenter of size.height < 800 ? [false] : [false, true]) {
        const tag = `${size.width}x${size.height}-${run.members}-lesson${presenter ? '-presenter' : ''}`;
        test(`${tag}: the lesson bar above the regions leaves every member in view`, async ({ page }) => {
          test.setTimeout(90_000);
          await page.setViewportSize(size);
          const watch = watchPage(page, origin());
          await open(page, run.url, presenter, false);
          await expect(page.getByTestId('lesson-reveal')).toBeVisible();
          await settle(page);
          await page.screenshot({ path: `reports/screenshots/fits-${tag}.png` });
          const m = await measure(page, presenterBodyText, presenterMinPx, false);
          check(m, run.members, presenter, false);
          const bar = await page.getByRole('region', { name: 'Lesson' }).boundingBox();
          const box = await page.locator('#workspace').boundingBox();
          expect(box?.y ?? 0, 'the workspace starts under the lesson bar').toBeGreaterThanOrEqual(
            (bar?.y ?? 0) + (bar?.height ?? 0),
          );
          watch.expectClean();
        });
      }
    }
  }
});
