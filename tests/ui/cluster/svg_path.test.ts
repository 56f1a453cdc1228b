import { describe, expect, it } from 'vitest';
import { glyphPath, stepAfterPath } from '../../../src/ui/cluster/model/svg_path';

// Reference strings printed by d3-shape 3.2 (symbol(type, 100)() and line().curve(curveStepAfter)).
describe('svg paths', () => {
  it('draws the role glyphs like d3 symbols', () => {
    expect(glyphPath('circle', 100)).toBe('M5.642,0A5.642,5.642,0,1,1,-5.642,0A5.642,5.642,0,1,1,5.642,0');
    expect(glyphPath('triangle', 100)).toBe('M0,-8.774L7.598,4.387L-7.598,4.387Z');
    expect(glyphPath('diamond', 100)).toBe('M0,-9.306L5.373,0L0,9.306L-5.373,0Z');
    expect(glyphPath('star', 100)).toBe(
      'M0,-9.438L2.119,-2.917L8.976,-2.917L3.429,1.114L5.548,7.636L0,3.605L-5.548,7.636L-3.429,1.114L-8.976,-2.917L-2.119,-2.917Z',
    );
  });

  it('draws a step-after line like curveStepAfter', () => {
    expect(
      stepAfterPath([
        [0, 0],
        [10, 5],
        [20, 3],
      ]),
    ).toBe('M0,0L10,0L10,5L20,5L20,3');
    expect(stepAfterPath([[0, 0]])).toBe('M0,0Z');
    expect(stepAfterPath([])).toBe('');
  });
});
