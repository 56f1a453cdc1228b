import { useEffect } from 'react';
import { changeLanguage, useT } from './i18n/useT';
import { Header } from './shell/Header';
import { usePreferences } from './store/preferences';
import { useAppMode } from './lab/route';
import { LabPage } from './lab/views/LabPage';
import { ClusterWorkspace, usePresentationAttributes } from './ClusterWorkspace';
import { useViewLevelAttribute } from './store/view_level';

export function App() {
  const t = useT();
  const theme = usePreferences((s) => s.theme);
  const language = usePreferences((s) => s.language);
  const mode = useAppMode();
  usePresentationAttributes();
  useViewLevelAttribute();

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    document.documentElement.style.colorScheme = theme;
  }, [theme]);

  useEffect(() => {
    changeLanguage(language);
    document.documentElement.lang = language;
    document.title = t('app.name');
  }, [language, t]);

  return (
    <div className="app">
      <a className="skip-link" href="#workspace">
        {t('app.skipToContent')}
      </a>
      <Header />
      {mode === 'lab' ? <LabPage /> : <ClusterWorkspace />}
    </div>
  );
}
