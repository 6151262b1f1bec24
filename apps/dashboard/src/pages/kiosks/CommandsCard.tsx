import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Can } from '../../auth';
import { Badge, type BadgeTone } from '../../components/Badge';
import { Card } from '../../components/Card';
import { EmptyState, ErrorState } from '../../components/EmptyState';
import { Icon } from '../../components/Icon';
import { CommandForm } from './CommandForm';
import { commandTimeline, type StepState } from './command-timeline';
import { dateTime, relativeTime } from './format';
import type { CommandDto, CommandStatus } from './live-merge';
import { useCommand, useKioskCommands } from './queries';

export const COMMAND_TONE: Record<CommandStatus, BadgeTone> = {
  pending: 'neutral',
  sent: 'info',
  acknowledged: 'info',
  succeeded: 'success',
  failed: 'danger',
  expired: 'warning',
  cancelled: 'neutral',
};

const STEP_STYLE: Record<StepState, string> = {
  done: 'bg-indigo-600 text-white',
  skipped: 'bg-slate-200 text-slate-600',
  current: 'bg-white text-indigo-700 ring-2 ring-indigo-600',
  succeeded: 'bg-green-600 text-white',
  failed: 'bg-red-600 text-white',
  upcoming: 'bg-white text-slate-500 ring-1 ring-slate-300',
};

/** The lifecycle of one command, with the time of each step (history loaded on expand). */
function Timeline({ command }: { command: CommandDto }) {
  const { t, i18n } = useTranslation();
  const detail = useCommand(command.id);
  const steps = commandTimeline(detail.data ?? command);
  return (
    <ol className="mt-3 grid gap-3 sm:grid-cols-4" aria-label={t('kiosks:command.timeline')}>
      {steps.map((s) => (
        <li key={s.status} className="flex items-start gap-2">
          <span
            className={`mt-0.5 grid h-5 w-5 shrink-0 place-items-center rounded-full text-[10px] ${STEP_STYLE[s.state]}`}
            aria-hidden="true"
          >
            {s.state === 'failed' ? (
              <Icon name="close" className="h-3 w-3" />
            ) : s.state === 'done' || s.state === 'succeeded' ? (
              <Icon name="check" className="h-3 w-3" />
            ) : null}
          </span>
          <div className="min-w-0">
            <p className="text-sm font-medium text-slate-900">{t(`kiosks:command.status.${s.status}`)}</p>
            <p className="text-xs text-slate-600">
              {s.at ? dateTime(s.at, i18n.language) : t(`kiosks:command.stepState.${s.state}`)}
            </p>
            {s.detail && <p className="text-xs text-red-700">{s.detail}</p>}
          </div>
        </li>
      ))}
    </ol>
  );
}

function CommandRow({
  command,
  open,
  onToggle,
}: {
  command: CommandDto;
  open: boolean;
  onToggle: () => void;
}) {
  const { t, i18n } = useTranslation();
  return (
    <li
      className="py-3"
      data-testid="command-row"
      data-command={command.command}
      data-status={command.status}
    >
      <button
        type="button"
        className="flex w-full flex-wrap items-center gap-x-3 gap-y-1 text-left focus-visible:outline-2 focus-visible:outline-indigo-600"
        aria-expanded={open}
        onClick={onToggle}
      >
        <Icon name={open ? 'chevronDown' : 'chevronRight'} className="h-4 w-4 text-slate-500" />
        <span className="font-medium text-slate-900">{t(`kiosks:command.names.${command.command}`)}</span>
        <Badge tone={COMMAND_TONE[command.status]}>{t(`kiosks:command.status.${command.status}`)}</Badge>
        <span className="ml-auto text-xs text-slate-600" title={dateTime(command.createdAt, i18n.language)}>
          {relativeTime(command.createdAt, i18n.language)}
        </span>
      </button>
      {open && <Timeline command={command} />}
    </li>
  );
}

/** Recent commands of the kiosk with their lifecycle, and the form to send one (operators and admins). */
export function CommandsCard({ kioskId }: { kioskId: number }) {
  const { t } = useTranslation();
  const commands = useKioskCommands(kioskId);
  const [openId, setOpenId] = useState<string | null>(null);
  const latest = commands.data?.[0]?.id ?? null;
  // The newest command is shown open unless the user chose another, so a command just sent is followed live.
  const shown = openId ?? latest;
  return (
    <Card title={t('kiosks:command.title')} description={t('kiosks:command.description')}>
      <Can action="kiosk.command">
        <div className="mb-4 border-b border-slate-100 pb-4">
          <CommandForm kioskId={kioskId} />
        </div>
      </Can>
      {commands.isError ? (
        <ErrorState error={commands.error} onRetry={() => void commands.refetch()} />
      ) : !commands.data ? (
        <p className="text-sm text-slate-600">{t('common:loading')}</p>
      ) : commands.data.length === 0 ? (
        <EmptyState title={t('kiosks:command.none')} />
      ) : (
        <ul className="divide-y divide-slate-100">
          {commands.data.map((c) => (
            <CommandRow
              key={c.id}
              command={c}
              open={c.id === shown}
              onToggle={() => setOpenId(c.id === shown ? '' : c.id)}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}
