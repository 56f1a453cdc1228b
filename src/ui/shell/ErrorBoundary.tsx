import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useT } from '../i18n/useT';

interface State {
  error: Error | undefined;
}

function Fallback({ error, onRetry }: { error: Error; onRetry: () => void }) {
  const t = useT();
  return (
    <div role="alert" className="view-error">
      <strong>{t('errors.crashedTitle')}</strong>
      <p>{t('errors.crashedBody')}</p>
      <pre>{error.message}</pre>
      <button type="button" onClick={onRetry}>
        {t('errors.retry')}
      </button>
    </div>
  );
}

/** Keeps a rendering error inside the view that raised it: the page never goes blank. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('view error', error, info.componentStack);
  }

  override render() {
    if (this.state.error) {
      return <Fallback error={this.state.error} onRetry={() => this.setState({ error: undefined })} />;
    }
    return this.props.children;
  }
}
