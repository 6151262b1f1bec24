import type { Schema } from '@kiosk-fleet/sdk';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from '../../../components/Button';
import { Dialog } from '../../../components/Dialog';
import { SelectField, TextField } from '../../../components/Field';
import { FormAlert } from '../components/FormAlert';
import { adminKeys } from '../data/admin-queries';
import { useAdminMutation } from '../data/use-admin-mutation';
import { sameNameFields } from '../forms/field-errors';
import { useAdminForm } from '../forms/use-admin-form';
import { useMessage } from '../forms/use-message';
import {
  createUserBody,
  CREATE_USER_FIELDS,
  EDIT_USER_FIELDS,
  editUserBody,
  editUserValues,
  emptyCreateUser,
  ROLES,
  validateCreateUser,
  validateEditUser,
  type Role,
} from '../forms/user-form';

function RoleOptions() {
  const { t } = useTranslation();
  return (
    <>
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {t(`common:roles.${r}`)}
        </option>
      ))}
    </>
  );
}

export function CreateUserDialog({ onClose }: { onClose: () => void }) {
  const { t } = useTranslation('admin');
  const render = useMessage();
  const formId = useId();
  const create = useAdminMutation(
    (api, body: Schema<'CreateUserDto'>) => api.POST('/api/v1/users', { body }),
    adminKeys.users,
  );
  const form = useAdminForm({
    initial: emptyCreateUser,
    validate: validateCreateUser,
    fieldOf: sameNameFields(CREATE_USER_FIELDS),
    submit: (v) => create.mutateAsync(createUserBody(v)),
    onDone: onClose,
  });
  return (
    <Dialog
      open
      title={t('users.create')}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" form={formId} busy={form.submitting}>
            {t('users.create')}
          </Button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={(e) => void form.onSubmit(e)} className="space-y-4">
        <FormAlert message={form.formError} />
        <TextField
          label={t('users.username')}
          autoComplete="off"
          value={form.values.username}
          onChange={(e) => form.set('username', e.target.value)}
          error={render(form.errors.username)}
          hint={t('users.usernameHint')}
        />
        <TextField
          label={t('users.password')}
          type="password"
          autoComplete="new-password"
          value={form.values.password}
          onChange={(e) => form.set('password', e.target.value)}
          error={render(form.errors.password)}
          hint={t('users.passwordHint')}
        />
        <SelectField
          label={t('users.role')}
          value={form.values.role}
          onChange={(e) => form.set('role', e.target.value as Role)}
          error={render(form.errors.role)}
        >
          <RoleOptions />
        </SelectField>
      </form>
    </Dialog>
  );
}

/** Change a user's role and/or password (a new password ends their sessions). */
export function EditUserDialog({ user, onClose }: { user: Schema<'UserDto'>; onClose: () => void }) {
  const { t } = useTranslation('admin');
  const render = useMessage();
  const formId = useId();
  const update = useAdminMutation(
    (api, body: Schema<'UpdateUserDto'>) =>
      api.PATCH('/api/v1/users/{id}', { params: { path: { id: user.id } }, body }),
    adminKeys.users,
  );
  const form = useAdminForm({
    initial: () => editUserValues(user),
    validate: validateEditUser,
    fieldOf: sameNameFields(EDIT_USER_FIELDS),
    submit: async (v) => {
      const body = editUserBody(user, v);
      if (Object.keys(body).length > 0) await update.mutateAsync(body);
    },
    onDone: onClose,
  });
  return (
    <Dialog
      open
      title={t('users.editTitle', { username: user.username })}
      onClose={onClose}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            {t('common:actions.cancel')}
          </Button>
          <Button type="submit" form={formId} busy={form.submitting}>
            {t('common:actions.save')}
          </Button>
        </>
      }
    >
      <form id={formId} noValidate onSubmit={(e) => void form.onSubmit(e)} className="space-y-4">
        <FormAlert message={form.formError} />
        <SelectField
          label={t('users.role')}
          value={form.values.role}
          onChange={(e) => form.set('role', e.target.value as Role)}
          error={render(form.errors.role)}
        >
          <RoleOptions />
        </SelectField>
        <TextField
          label={t('users.newPassword')}
          type="password"
          autoComplete="new-password"
          value={form.values.password}
          onChange={(e) => form.set('password', e.target.value)}
          error={render(form.errors.password)}
          hint={t('users.newPasswordHint')}
        />
      </form>
    </Dialog>
  );
}
