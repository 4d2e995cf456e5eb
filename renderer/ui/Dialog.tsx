import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useT } from '../i18n';

/**
 * A modal dialog on the browser's own `<dialog>` (showModal): the page behind is inert, focus stays
 * inside and goes back where it was on close, Escape asks to close (`onClose`; not while
 * `closable` is false, e.g. while a simulation runs). Titled by the element `labelledBy` names.
 */
export function Dialog({ labelledBy, onClose, closable = true, className, children }: { labelledBy: string; onClose(): void; closable?: boolean; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return undefined;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.showModal();
    return () => {
      dialog.close();
      opener?.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      className={className ? `dialog ${className}` : 'dialog'}
      onCancel={(event) => {
        event.preventDefault();
        if (closable) onClose();
      }}
    >
      {children}
    </dialog>
  );
}

/**
 * In place of `window.confirm`: a question in the app's own dialog, in the UI's language, with the
 * safe answer focused. `confirm(question)` resolves true for yes; render `dialog` somewhere.
 */
export function useConfirm(): { confirm(question: string, yes?: string): Promise<boolean>; dialog: ReactNode } {
  const t = useT();
  const [open, setOpen] = useState<{ question: string; yes: string; answer(value: boolean): void } | null>(null);
  const confirm = (question: string, yes = t('confirm.yes')) =>
    new Promise<boolean>((resolve) => {
      setOpen({ question, yes, answer: resolve });
    });
  const answer = (value: boolean) => {
    open?.answer(value);
    setOpen(null);
  };
  const dialog = open && (
    <Dialog labelledBy="confirm-question" onClose={() => answer(false)} className="confirm-dialog">
      <p id="confirm-question">{open.question}</p>
      <div className="row">
        <button type="button" className="danger" onClick={() => answer(true)}>
          {open.yes}
        </button>
        {/* autoFocus: Enter right after opening keeps things as they were. */}
        <button type="button" autoFocus onClick={() => answer(false)}>
          {t('confirm.no')}
        </button>
      </div>
    </Dialog>
  );
  return { confirm, dialog };
}
