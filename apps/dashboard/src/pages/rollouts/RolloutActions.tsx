import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Can } from '../../auth/Can';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../admin/components/ConfirmDialog';
import { ActionError } from '../admin/components/FormAlert';
import { actionsFor, useRolloutAction, type Rollout, type RolloutAction } from './queries';

/**
 * What an admin may do with a rollout in its current status; cancelling asks first (it cannot be
 * undone). A refused action (another admin changed the status meanwhile: 422) says why below.
 */
export function RolloutActions({ rollout }: { rollout: Rollout }) {
  const { t } = useTranslation('rollouts');
  const action = useRolloutAction();
  const [confirming, setConfirming] = useState(false);
  const actions = actionsFor(rollout.status);
  if (actions.length === 0) return null;

  const run = (a: RolloutAction) => action.mutateAsync({ id: rollout.id, action: a });
  const click = (a: RolloutAction) =>
    a === 'cancel' ? setConfirming(true) : void run(a).catch(() => undefined);
  const busy = (a: RolloutAction) => action.isPending && action.variables?.action === a;

  return (
    <Can action="rollout.manage">
      <div className="flex flex-wrap items-center gap-2">
        {actions.map((a) => (
          <Button
            key={a}
            variant={a === 'cancel' ? 'danger' : a === 'start' || a === 'resume' ? 'primary' : 'secondary'}
            busy={busy(a)}
            disabled={action.isPending && !busy(a)}
            onClick={() => click(a)}
          >
            {t(`actions.${a}`)}
          </Button>
        ))}
      </div>
      {action.isError && (
        <div className="w-full">
          <ActionError error={action.error} />
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={t('cancel.title', { name: rollout.name })}
        body={t('cancel.body')}
        confirmLabel={t('actions.cancel')}
        onConfirm={() => run('cancel')}
        onClose={() => setConfirming(false)}
      />
    </Can>
  );
}
