import type { ReactNode } from 'react';
import { useNavigation, type SectionId } from '../stores/navigation';
import { EmptyState } from '../ui/EmptyState';

/** A section whose screens are not built yet: it says what it will hold and where to start instead. */
export function UpcomingSection(props: { title: string; emptyTitle: string; next: { label: string; section: SectionId }; children: ReactNode }) {
  const go = useNavigation((s) => s.go);
  return (
    <>
      <h1>{props.title}</h1>
      <EmptyState
        title={props.emptyTitle}
        actions={
          <button type="button" onClick={() => go(props.next.section)}>
            {props.next.label}
          </button>
        }
      >
        <p>{props.children}</p>
      </EmptyState>
    </>
  );
}
