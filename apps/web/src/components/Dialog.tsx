import { ReactNode, RefObject, SyntheticEvent, useEffect, useRef } from 'react';

/**
 * A modal dialog on the native <dialog> (showModal): the page behind it is inert, so focus stays
 * inside. Focus goes to `initialFocus` when it opens and back to the control that opened it when
 * it closes. Escape closes it, except while `busy` (a request under way is not abandoned).
 */
export function Dialog(props: {
  titleId: string;
  title: string;
  describedBy?: string;
  initialFocus: RefObject<HTMLElement | null>;
  busy?: boolean;
  onClose(): void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const { initialFocus } = props;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (!dialog.open) dialog.showModal();
    initialFocus.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
      // The opener may be gone (a signed letter has no "Tandatangani" any more): then the page's main region.
      const back = opener?.isConnected ? opener : document.getElementById('utama');
      back?.focus();
    };
  }, [initialFocus]);

  const cancel = (e: SyntheticEvent) => {
    e.preventDefault();
    if (!props.busy) props.onClose();
  };

  return (
    <dialog
      ref={ref}
      className="modal"
      role="dialog"
      aria-modal="true"
      aria-labelledby={props.titleId}
      aria-describedby={props.describedBy}
      onCancel={cancel}
      // The browser may close it on a repeated Escape without a cancel event: the state follows (a reopened one stays).
      onClose={() => {
        if (!ref.current?.open) props.onClose();
      }}
    >
      <h2 id={props.titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}
