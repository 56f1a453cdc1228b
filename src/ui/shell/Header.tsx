import { useT } from '../i18n/useT';
import { languages, isLanguageCode } from '../i18n';
import { usePreferences } from '../store/preferences';
import { ModeSwitch } from '../lab/views/ModeSwitch';
import { useViewLevel } from '../store/view_level';

export function Header() {
  const t = useT();
  const language = usePreferences((s) => s.language);
  const setLanguage = usePreferences((s) => s.setLanguage);
  const theme = usePreferences((s) => s.theme);
  const setTheme = usePreferences((s) => s.setTheme);
  const nextTheme = theme === 'dark' ? 'light' : 'dark';
  const viewLevel = useViewLevel();
  const setViewLevel = usePreferences((s) => s.setViewLevel);

  return (
    <header className="app-header">
      <div className="brand">
        <img src="./favicon.svg" alt="" width={28} height={28} />
        <div>
          <h1>{t('app.name')}</h1>
          <p className="tagline">{t('app.tagline')}</p>
        </div>
      </div>
      <ModeSwitch />
      <div className="header-controls">
        <label className="control view-level-toggle" title={t('header.beginnerViewHint')}>
          <input
            type="checkbox"
            checked={viewLevel === 'beginner'}
            aria-keyshortcuts="B"
            onChange={(e) => setViewLevel(e.target.checked ? 'beginner' : 'expert')}
          />
          <span>{t('header.beginnerView')}</span>
        </label>
        <label className="control">
          <span>{t('header.language')}</span>
          <select
            value={language}
            onChange={(event) => {
              if (isLanguageCode(event.target.value)) setLanguage(event.target.value);
            }}
          >
            {languages.map((l) => (
              <option key={l.code} value={l.code} lang={l.code}>
                {l.label}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="control theme-toggle"
          aria-pressed={theme === 'dark'}
          aria-label={nextTheme === 'dark' ? t('header.switchToDark') : t('header.switchToLight')}
          title={nextTheme === 'dark' ? t('header.switchToDark') : t('header.switchToLight')}
          onClick={() => setTheme(nextTheme)}
        >
          <span aria-hidden="true">{theme === 'dark' ? '☾' : '☀'}</span>
          <span>{theme === 'dark' ? t('header.themeDark') : t('header.themeLight')}</span>
        </button>
      </div>
    </header>
  );
}
