import { useTranslation } from 'react-i18next';
import { Badge, type BadgeTone } from '../../components/Badge';
import type { KioskDto } from './kiosk-filters';

const TONE: Record<NonNullable<KioskDto['canSell']>, BadgeTone> = {
  full: 'success',
  card_only: 'warning',
  cash_only: 'warning',
  none: 'danger',
};

/** What the kiosk can take payment with right now (null until it reported its peripherals). */
export function CanSellBadge({ value }: { value: KioskDto['canSell'] }) {
  const { t } = useTranslation();
  if (!value) return <Badge>{t('kiosks:canSell.unknown')}</Badge>;
  return <Badge tone={TONE[value]}>{t(`kiosks:canSell.${value}`)}</Badge>;
}
