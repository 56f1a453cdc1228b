/**
 * How a raft role looks. Colour alone never carries the role: every role also has its own
 * glyph (d3's symbol shapes, ./svg_path), so the drawing reads in greyscale, on a washed-out projector and for
 * colour-blind students. Colours come from the Okabe–Ito palette, which stays distinct under the
 * common colour-vision deficiencies; the CSS maps each role to a custom property per theme.
 */
import { glyphPath } from './svg_path';
import type { GlyphShape } from './svg_path';

export type Role = 'Follower' | 'PreCandidate' | 'Candidate' | 'Leader';
export const roles: readonly Role[] = ['Follower', 'PreCandidate', 'Candidate', 'Leader'];

/** raft's StateType names (StateFollower …) and the bare role names both map to a Role. */
export function roleOf(raftState: string): Role {
  const bare = raftState.startsWith('State') ? raftState.slice('State'.length) : raftState;
  switch (bare) {
    case 'Leader':
    case 'Candidate':
    case 'PreCandidate':
      return bare;
    default:
      return 'Follower';
  }
}

const glyphs: Record<Role, GlyphShape> = {
  Follower: 'circle',
  PreCandidate: 'triangle',
  Candidate: 'diamond',
  Leader: 'star',
};

/** The SVG path of a role's glyph centred on 0,0 whose bounding circle has radius r. */
export function roleGlyphPath(role: Role, r: number): string {
  // d3 sizes symbols by area; these factors make every glyph about as wide as a circle of radius r.
  const areaFactor: Record<Role, number> = { Follower: 1, PreCandidate: 0.75, Candidate: 0.8, Leader: 0.55 };
  const area = Math.PI * r * r * areaFactor[role];
  return glyphPath(glyphs[role], area);
}

/** The CSS class carrying a role's colour (see cluster.css). */
export function roleClass(role: Role | 'down'): string {
  return `role-${role === 'down' ? 'down' : role.toLowerCase()}`;
}
