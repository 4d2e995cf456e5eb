import { useEffect, type ComponentType } from 'react';
import { AnalyticsPage } from '../features/analytics/AnalyticsPage';
import { AudiencePage } from '../features/audience/AudiencePage';
import { CampaignsPage } from '../features/campaigns/CampaignsPage';
import { FlowsPage } from '../features/flows/FlowsPage';
import { ProvidersPage } from '../features/providers/ProvidersPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { ErrorBoundary } from './ErrorBoundary';
import { SECTIONS, useNavigation, type SectionId } from '../stores/navigation';
import { useWorkspace } from '../stores/workspace';

const PAGES: Record<SectionId, ComponentType> = {
  flows: FlowsPage,
  campaigns: CampaignsPage,
  audience: AudiencePage,
  analytics: AnalyticsPage,
  providers: ProvidersPage,
  settings: SettingsPage,
};

export function App() {
  const section = useNavigation((s) => s.section);
  const go = useNavigation((s) => s.go);
  const { info, error, load } = useWorkspace();

  useEffect(() => {
    void load();
  }, [load]);

  // Alt+1..6 jumps between sections from anywhere.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const index = Number(event.key) - 1;
      const target = SECTIONS[index];
      if (target) {
        event.preventDefault();
        go(target.id);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [go]);

  const Page = PAGES[section];
  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Sections">
        <div className="brand">Campaign Studio</div>
        <ul>
          {SECTIONS.map((s, index) => (
            <li key={s.id}>
              <button
                type="button"
                className={s.id === section ? 'nav-item active' : 'nav-item'}
                aria-current={s.id === section ? 'page' : undefined}
                onClick={() => go(s.id)}
                title={`${s.label} (Alt+${index + 1})`}
              >
                {s.label}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar-footer" title={info?.dataFile}>
          {info ? `Workspace: ${info.dataFile.split(/[\\/]/).slice(-2).join('/')}` : 'Connecting...'}
        </div>
      </nav>
      <main className="content">
        {error ? (
          <div role="alert" className="banner error">
            The engine cannot be reached: {error}
          </div>
        ) : (
          <ErrorBoundary resetKey={section}>
            <Page />
          </ErrorBoundary>
        )}
      </main>
    </div>
  );
}
