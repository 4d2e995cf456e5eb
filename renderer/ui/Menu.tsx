import * as DropdownMenu from '@radix-ui/react-dropdown-menu';
import type { ReactNode } from 'react';

export interface MenuAction {
  label: string;
  onSelect(): void;
  danger?: boolean;
}

/**
 * A button that opens a list of actions (Radix DropdownMenu): arrow keys move, Enter picks, Escape
 * closes and focus returns to the button. Not modal: a modal menu would lock the page's scrolling
 * with an injected style sheet, which the app's Content-Security-Policy refuses.
 */
export function Menu({ label, trigger, actions }: { label: string; trigger: ReactNode; actions: MenuAction[] }) {
  return (
    <DropdownMenu.Root modal={false}>
      <DropdownMenu.Trigger asChild>
        <button type="button" aria-label={label} className="menu-trigger">
          {trigger}
        </button>
      </DropdownMenu.Trigger>
      <DropdownMenu.Portal>
        <DropdownMenu.Content className="menu" align="end" sideOffset={4} aria-label={label}>
          {actions.map((action) => (
            <DropdownMenu.Item key={action.label} className={action.danger ? 'menu-item danger' : 'menu-item'} onSelect={action.onSelect}>
              {action.label}
            </DropdownMenu.Item>
          ))}
        </DropdownMenu.Content>
      </DropdownMenu.Portal>
    </DropdownMenu.Root>
  );
}
