import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { actionsColumn, createdColumn, RowButton } from './RowActions';

describe('admin row actions', () => {
  it('names the row for screen readers and marks a destructive button red', () => {
    const onClick = vi.fn();
    render(
      <RowButton name="night-shift" danger onClick={onClick}>
        Delete
      </RowButton>,
    );
    const button = screen.getByRole('button', { name: 'Delete night-shift' });
    expect(button).toHaveClass('text-red-700');
    fireEvent.click(button);
    expect(onClick).toHaveBeenCalledTimes(1);
  });

  it('keeps a button press from reaching the row, and renders nothing for a row without buttons', () => {
    const column = actionsColumn<{ id: number }>({
      width: '8rem',
      cell: (row) => (row.id === 1 ? <RowButton>End</RowButton> : null),
    });
    expect(column).toMatchObject({ key: 'actions', width: '8rem', align: 'right' });
    expect(column.cell({ id: 2 })).toBeNull();
    const onRow = vi.fn();
    render(<div onClick={onRow}>{column.cell({ id: 1 })}</div>);
    fireEvent.click(screen.getByRole('button', { name: 'End' }));
    expect(onRow).not.toHaveBeenCalled();

    render(<>{column.header}</>);
    expect(screen.getByText('Actions')).toHaveClass('sr-only');
  });

  it('shows when a row was created in the reader’s language', () => {
    const column = createdColumn<{ createdAt: string }>('Created', 'en', '11rem');
    expect(column).toMatchObject({ key: 'created', header: 'Created', width: '11rem' });
    expect(column.cell({ createdAt: '2026-12-07T10:00:00.000Z' })).toMatch(/Dec 7, 2026/);
    expect(column.cell({ createdAt: '' })).toBe('—');
    expect(createdColumn('Created', 'en')).not.toHaveProperty('width');
  });
});
