import * as RadixTooltip from '@radix-ui/react-tooltip';
import type { ReactElement } from 'react';

/** The app's tooltips share one delay; rendered once around the app (App.tsx). */
export const TooltipProvider = ({ children }: { children: ReactElement }) => <RadixTooltip.Provider delayDuration={400}>{children}</RadixTooltip.Provider>;

/**
 * A hint shown on hover and on keyboard focus (Radix Tooltip), read by screen readers as the
 * element's description; unlike `title`, a keyboard user sees it too.
 */
export function Tooltip({ text, children }: { text: string; children: ReactElement }) {
  return (
    <RadixTooltip.Root>
      <RadixTooltip.Trigger asChild>{children}</RadixTooltip.Trigger>
      <RadixTooltip.Portal>
        <RadixTooltip.Content className="tooltip" sideOffset={4}>
          {text}
        </RadixTooltip.Content>
      </RadixTooltip.Portal>
    </RadixTooltip.Root>
  );
}
