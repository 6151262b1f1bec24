import { useTranslation } from 'react-i18next';
import type { FieldMessage } from './rules';

/** Renders a field or form message: ours translated (namespace `admin`), the API's verbatim. */
export function useMessage(): (m: FieldMessage | null | undefined) => string | undefined {
  const { t } = useTranslation('admin');
  return (m) => {
    if (!m) return undefined;
    return 'text' in m ? m.text : t(m.key, m.values);
  };
}
