import { useEffect, useState, type ComponentType } from 'react';
import { Tooltip } from '../ui/Tooltip';
import { AnalyticsPage } from '../features/analytics/AnalyticsPage';
import { AudiencePage } from '../features/audience/AudiencePage';
import { CampaignsPage } from '../features/campaigns/CampaignsPage';
import { FlowsPage } from '../features/flows/FlowsPage';
import { ProvidersPage } from '../features/providers/ProvidersPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { ErrorBoundary } from './ErrorBoundary';
import { SECTIONS, useNavigation, type SectionId } from '../stores/navigation';
import { useWorkspace } from '../stores/workspace';
import { useWorkspaces } from '../stores/workspaces';
import { engine } from '../engine-client';
import { useT } from '../i18n';
import { ClockBar } from '../features/workspaces/ClockBar';
import { WelcomeBanner } from '../features/workspaces/WelcomeBanner';
import { WorkspaceSwitcher } from '../features/workspaces/WorkspaceSwitcher';

const COLLAPSED_KEY = 'campaign-studio.sidebar-collapsed';

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

  const loadWorkspaces = useWorkspaces((s) => s.load);

  useEffect(() => {
    void load();
    void loadWorkspaces();
    // Another window opened or reset a workspace (or this one renamed one): read the list again; a
    // workspace opened since this page loaded makes it load again.
    return engine.onEvent((event) => {
      if (event.type === 'data/changed' && event.topic === 'workspace') void loadWorkspaces();
    });
  }, [load, loadWorkspaces]);

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

  const t = useT();
  // A collapsed sidebar gives its width to the screen (the canvas at 1024 px); remembered on this computer.
  const [collapsed, setCollapsed] = useState(() => localStorage.getItem(COLLAPSED_KEY) === 'yes');
  const collapse = (value: boolean) => {
    setCollapsed(value);
    localStorage.setItem(COLLAPSED_KEY, value ? 'yes' : 'no');
  };
  const Page = PAGES[section];
  return (
    <div className={collapsed ? 'shell collapsed' : 'shell'}>
      <nav className="sidebar" aria-label={t('nav.sections')}>
        <div className="brand">{collapsed ? 'CS' : 'Campaign Studio'}</div>
        <ul>
          {SECTIONS.map((s, index) => {
            const label = t(`nav.${s.id}`);
            return (
              <li key={s.id}>
                <Tooltip text={t('nav.shortcut', { label, key: index + 1 })}>
                  <button
                    type="button"
                    className={s.id === section ? 'nav-item active' : 'nav-item'}
                    aria-current={s.id === section ? 'page' : undefined}
                    aria-label={collapsed ? label : undefined}
                    onClick={() => go(s.id)}
                  >
                    {collapsed ? label.slice(0, 2) : label}
                  </button>
                </Tooltip>
              </li>
            );
          })}
        </ul>
        {!collapsed && <ClockBar />}
        {!collapsed && <WorkspaceSwitcher fallback={info ? t('app.workspaceFile', { file: info.dataFile.split(/[\\/]/).slice(-2).join('/') }) : t('app.connecting')} />}
        <button type="button" className="nav-item collapse-toggle" aria-expanded={!collapsed} onClick={() => collapse(!collapsed)}>
          {collapsed ? '»' : `« ${t('nav.collapse')}`}
          <span className="visually-hidden">{collapsed ? t('nav.expand') : ''}</span>
        </button>
      </nav>
      <main className="content">
        {error ? (
          <div role="alert" className="banner error">
            {t('app.unreachable', { error })}
          </div>
        ) : (
          <ErrorBoundary resetKey={section}>
            <WelcomeBanner />
            <Page />
          </ErrorBoundary>
        )}
      </main>
    </div>
  );
}
