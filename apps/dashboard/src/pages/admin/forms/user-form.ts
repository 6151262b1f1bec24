import type { Schema } from '@kiosk-fleet/sdk';
import { lengthBetween, validationMessage, type FieldErrors } from './rules';

export type Role = Schema<'Role'>;
export const ROLES: readonly Role[] = ['admin', 'operator', 'viewer'];

export interface CreateUserValues {
  username: string;
  password: string;
  role: Role;
}
export type CreateUserField = keyof CreateUserValues;
export const CREATE_USER_FIELDS: readonly CreateUserField[] = ['username', 'password', 'role'];

export const emptyCreateUser = (): CreateUserValues => ({ username: '', password: '', role: 'viewer' });

/** The API trims and lower-cases usernames before checking them (user.dto.ts). */
const normaliseUsername = (raw: string) => raw.trim().toLowerCase();
const USERNAME = /^[a-z0-9._-]+$/;

function passwordProblem(password: string) {
  return lengthBetween(password, 12, 256);
}

export function validateCreateUser(v: CreateUserValues): FieldErrors<CreateUserField> {
  const errors: FieldErrors<CreateUserField> = {};
  const username = normaliseUsername(v.username);
  const length = lengthBetween(username, 3, 64);
  if (length) errors.username = length;
  else if (!USERNAME.test(username)) errors.username = validationMessage('username');
  const password = passwordProblem(v.password);
  if (password) errors.password = password;
  if (!ROLES.includes(v.role)) errors.role = validationMessage('required');
  return errors;
}

export function createUserBody(v: CreateUserValues): Schema<'CreateUserDto'> {
  return { username: normaliseUsername(v.username), password: v.password, role: v.role };
}

/** Editing a user: a new role, and a new password only when one is typed. */
export interface EditUserValues {
  role: Role;
  password: string;
}
export type EditUserField = keyof EditUserValues;
export const EDIT_USER_FIELDS: readonly EditUserField[] = ['role', 'password'];

export const editUserValues = (user: Schema<'UserDto'>): EditUserValues => ({
  role: user.role,
  password: '',
});

export function validateEditUser(v: EditUserValues): FieldErrors<EditUserField> {
  const errors: FieldErrors<EditUserField> = {};
  if (v.password !== '') {
    const password = passwordProblem(v.password);
    if (password) errors.password = password;
  }
  return errors;
}

/** Only what changed: a password change ends the user's sessions, so it is never sent by accident. */
export function editUserBody(user: Schema<'UserDto'>, v: EditUserValues): Schema<'UpdateUserDto'> {
  const body: Schema<'UpdateUserDto'> = {};
  if (v.role !== user.role) body.role = v.role;
  if (v.password !== '') body.password = v.password;
  return body;
}
