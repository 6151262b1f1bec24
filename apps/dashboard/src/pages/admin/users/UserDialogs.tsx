import type { Schema } from '@kiosk-fleet/sdk';
import { useTranslation } from 'react-i18next';
import { SelectField, TextField } from '../../../components/Field';
import { FormDialog } from '../../../components/FormDialog';
import { FormAlert } from '../components/FormAlert';
import { adminKeys } from '../data/admin-queries';
import { useAdminMutation } from '../data/use-admin-mutation';
import { sameNameFields } from '../forms/field-errors';
import { useAdminForm } from '../forms/use-admin-form';
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
    <FormDialog
      title={t('users.create')}
      onClose={onClose}
      form={form}
      submitLabel={t('users.create')}
      alert={<FormAlert message={form.formError} />}
    >
      <TextField
        label={t('users.username')}
        autoComplete="off"
        {...form.field('username')}
        hint={t('users.usernameHint')}
      />
      <TextField
        label={t('users.password')}
        type="password"
        autoComplete="new-password"
        {...form.field('password')}
        hint={t('users.passwordHint')}
      />
      <SelectField label={t('users.role')} {...form.field('role')}>
        <RoleOptions />
      </SelectField>
    </FormDialog>
  );
}

/** Change a user's role and/or password (a new password ends their sessions). */
export function EditUserDialog({ user, onClose }: { user: Schema<'UserDto'>; onClose: () => void }) {
  const { t } = useTranslation('admin');
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
    <FormDialog
      title={t('users.editTitle', { username: user.username })}
      onClose={onClose}
      form={form}
      submitLabel={t('common:actions.save')}
      alert={<FormAlert message={form.formError} />}
    >
      <SelectField label={t('users.role')} {...form.field('role')}>
        <RoleOptions />
      </SelectField>
      <TextField
        label={t('users.newPassword')}
        type="password"
        autoComplete="new-password"
        {...form.field('password')}
        hint={t('users.newPasswordHint')}
      />
    </FormDialog>
  );
}
