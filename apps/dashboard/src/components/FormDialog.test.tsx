import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { FormEvent } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { TextField } from './Field';
import { FormDialog } from './FormDialog';

function setup(over: { submitting?: boolean; alert?: string } = {}) {
  const onSubmit = vi.fn((e: FormEvent<HTMLFormElement>) => e.preventDefault());
  const onClose = vi.fn();
  render(
    <FormDialog
      title="Create thing"
      description="What a thing is"
      onClose={onClose}
      form={{ onSubmit, submitting: over.submitting ?? false }}
      submitLabel="Create"
      alert={over.alert ? <div role="alert">{over.alert}</div> : undefined}
      after={<p>Result below</p>}
    >
      <TextField label="Name" error="Required" defaultValue="" />
    </FormDialog>,
  );
  return { onSubmit, onClose };
}

describe('FormDialog', () => {
  it('is a labelled, described modal whose footer button submits the form in its body', async () => {
    const { onSubmit } = setup();
    const dialog = screen.getByRole('dialog', { name: 'Create thing' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription('What a thing is');
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription('Required');
    expect(screen.getByText('Result below')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    await userEvent.type(screen.getByRole('textbox', { name: 'Name' }), 'x{Enter}');
    expect(onSubmit).toHaveBeenCalledTimes(2);
  });

  it('moves focus in, keeps Tab inside and closes on Escape and on Cancel', async () => {
    const { onClose } = setup();
    const name = screen.getByRole('textbox', { name: 'Name' });
    // the close button in the header comes first, then the field, Cancel and Create
    expect(screen.getByRole('button', { name: 'Close' })).toHaveFocus();
    await userEvent.tab();
    expect(name).toHaveFocus();
    await userEvent.tab();
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Create' })).toHaveFocus();
    await userEvent.tab();
    expect(screen.getByRole('button', { name: 'Close' })).toHaveFocus();

    await userEvent.keyboard('{Escape}');
    expect(onClose).toHaveBeenCalledTimes(1);
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(onClose).toHaveBeenCalledTimes(2);
  });

  it('shows the form-level alert above the fields and a busy submit button while submitting', () => {
    setup({ submitting: true, alert: 'Refused' });
    const alert = screen.getByRole('alert');
    expect(alert).toHaveTextContent('Refused');
    const form = alert.closest('form');
    expect(form?.firstElementChild).toBe(alert);
    expect(form).toHaveAttribute('novalidate');
    expect(screen.getByRole('button', { name: /Create/ })).toBeDisabled();
  });
});
