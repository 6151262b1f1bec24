import { useTranslation } from 'react-i18next';
import { Dialog } from '../components/Dialog';
import { useAuth } from './AuthProvider';
import { SignInForm } from './SignInForm';

/**
 * Shown over the current page when the session ran out (the refresh token was refused): the page and
 * its pending requests stay where they are and continue once the user signs in again.
 */
export function ReauthDialog() {
  const { t } = useTranslation();
  const { reauthRequired, user, signOut } = useAuth();
  return (
    <Dialog
      open={reauthRequired}
      title={t('common:auth.expiredTitle')}
      description={t('common:auth.expiredBody')}
      size="sm"
    >
      <SignInForm fixedUsername={user?.username} />
      <p className="mt-4 text-center text-sm text-slate-600">
        <button
          type="button"
          className="font-medium text-indigo-700 hover:underline"
          onClick={() => void signOut()}
        >
          {t('common:auth.notYou')}
        </button>
      </p>
    </Dialog>
  );
}
