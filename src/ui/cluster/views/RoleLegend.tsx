import { useT } from '../../i18n/useT';
import { roleClass, roleGlyphPath, roles } from '../model/roles';
import type { Role } from '../model/roles';
import { Term } from '../../shell/Term';
import type { GlossaryId } from '../../i18n/glossary.en';

const roleTerms: Record<Role, GlossaryId> = {
  Follower: 'follower',
  PreCandidate: 'preCandidate',
  Candidate: 'candidate',
  Leader: 'leader',
};

/** What each glyph and colour means: roles, a crashed member, a cut link. */
export function RoleLegend() {
  const t = useT();
  return (
    <ul className="cv-legend" aria-label={t('cluster.members.legend')}>
      {roles.map((role) => (
        <li key={role} className={roleClass(role)}>
          <svg width={18} height={18} viewBox="-9 -9 18 18" aria-hidden="true">
            <path className="cv-glyph" d={roleGlyphPath(role, 7)} />
          </svg>
          <Term id={roleTerms[role]}>{t(`cluster.role.${role}`)}</Term>
        </li>
      ))}
      <li className="role-down">
        <svg width={18} height={18} viewBox="-9 -9 18 18" aria-hidden="true">
          <path className="cv-glyph" d={roleGlyphPath('Follower', 7)} />
          <path className="cv-crossed" d="M-7,-7L7,7M-7,7L7,-7" />
        </svg>
        {t('cluster.role.down')}
      </li>
      <li>
        <svg width={26} height={18} viewBox="0 -9 26 18" aria-hidden="true" className="cv-link cv-link-cut">
          <line x1={1} y1={0} x2={25} y2={0} />
        </svg>
        {t('cluster.members.cutLink')}
      </li>
    </ul>
  );
}
