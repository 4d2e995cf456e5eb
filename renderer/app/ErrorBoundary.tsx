import { i18n } from '../i18n';
import { Component, type ErrorInfo, type ReactNode } from 'react';

/** A screen that fails to render says so, and the rest of the app (the navigation) keeps working. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    console.error('Screen failed to render', error, info.componentStack);
  }

  override componentDidUpdate(previous: { resetKey: string }): void {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render() {
    if (this.state.error) {
      return (
        <div role="alert" className="banner error">
          {i18n.t('app.screenFailed', { error: this.state.error.message })}
        </div>
      );
    }
    return this.props.children;
  }
}
