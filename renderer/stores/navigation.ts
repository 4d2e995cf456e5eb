import { create } from 'zustand';

export const SECTIONS = [
  { id: 'flows', label: 'Flows' },
  { id: 'campaigns', label: 'Campaigns' },
  { id: 'audience', label: 'Audience' },
  { id: 'analytics', label: 'Analytics' },
  { id: 'providers', label: 'Providers' },
  { id: 'settings', label: 'Settings' },
] as const;
export type SectionId = (typeof SECTIONS)[number]['id'];

function sectionFromHash(): SectionId {
  const id = window.location.hash.replace(/^#\/?/, '');
  return SECTIONS.find((s) => s.id === id)?.id ?? 'audience';
}

interface NavigationState {
  section: SectionId;
  go(section: SectionId): void;
}

/** The current section lives in the URL hash, so a reload or a bookmark opens the same screen. */
export const useNavigation = create<NavigationState>((set) => ({
  section: sectionFromHash(),
  go(section) {
    window.location.hash = `/${section}`;
    set({ section });
  },
}));

window.addEventListener('hashchange', () => useNavigation.setState({ section: sectionFromHash() }));
