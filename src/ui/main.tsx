import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { initI18n } from './i18n';
import { usePreferences } from './store/preferences';
import { ErrorBoundary } from './shell/ErrorBoundary';
import { installDebugApi } from './debug_api';
import './styles.css';

const { language, theme } = usePreferences.getState();
document.documentElement.dataset.theme = theme;
initI18n(language);
installDebugApi(window);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <App />
    </ErrorBoundary>
  </StrictMode>,
);
