import { useId, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './Button';
import { Dialog, type DialogProps } from './Dialog';

export interface FormDialogProps extends Pick<DialogProps, 'title' | 'description' | 'size'> {
  onClose: () => void;
  /** What the form does on submit and whether that is still running (the submit button shows busy). */
  form: { onSubmit: (e: FormEvent<HTMLFormElement>) => unknown; submitting: boolean };
  submitLabel: ReactNode;
  /** The secondary button, which only closes; "Cancel" unless said otherwise. */
  cancelLabel?: ReactNode;
  /** The refused submit's message for the whole form (a role="alert" element), above the fields. */
  alert?: ReactNode;
  /** Fields stacked with the usual spacing; off for a form that lays out its own single row. */
  spaced?: boolean;
  /** The fields. */
  children: ReactNode;
  /** Shown under the form inside the dialog, e.g. what the submit answered. */
  after?: ReactNode;
}

/**
 * A modal dialog around one form: the fields in the body, Cancel and the submit button in the footer
 * (tied to the form by its id, so Enter in a field and the button both submit it). Focus trap,
 * Escape and labelling come from `Dialog`; field labels and error descriptions from `Field`.
 */
export function FormDialog({
  title,
  description,
  size,
  onClose,
  form,
  submitLabel,
  cancelLabel,
  alert,
  spaced = true,
  children,
  after,
}: FormDialogProps) {
  const { t } = useTranslation();
  const formId = useId();
  return (
    <Dialog
      open
      size={size}
      title={title}
      description={description}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {cancelLabel ?? t('common:actions.cancel')}
          </Button>
          <Button type="submit" form={formId} busy={form.submitting}>
            {submitLabel}
          </Button>
        </>
      }
    >
      <form
        id={formId}
        noValidate
        onSubmit={(e) => void form.onSubmit(e)}
        className={spaced ? 'space-y-4' : undefined}
      >
        {alert}
        {children}
      </form>
      {after}
    </Dialog>
  );
}
