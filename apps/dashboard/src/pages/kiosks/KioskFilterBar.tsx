import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CheckboxField, TextField, SelectField } from '../../components/Field';
import { StatusDot } from '../../components/StatusPill';
import { KIOSK_STATUSES, isSemver, type KioskListFilters, type KioskStatus } from './kiosk-filters';

/** Typing waits this long before the URL (and the server query) follows. */
const DEBOUNCE_MS = 300;

function useDebouncedField(value: string, commit: (v: string) => void) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  useEffect(() => {
    if (draft === value) return;
    const timer = setTimeout(() => commit(draft), DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, value, commit]);
  return [draft, setDraft] as const;
}

export function KioskFilterBar({
  filters,
  onChange,
  counts,
}: {
  filters: KioskListFilters;
  onChange: (patch: Partial<KioskListFilters>) => void;
  counts: Record<KioskStatus, number> | null;
}) {
  const { t } = useTranslation();
  const [q, setQ] = useDebouncedField(filters.q, (v) => onChange({ q: v }));
  const [tag, setTag] = useDebouncedField(filters.tag, (v) => onChange({ tag: v }));
  const firmwareMode = filters.firmwareBelow ? 'below' : 'exact';
  const firmwareValue = filters.firmwareBelow || filters.firmwareVersion;
  const [firmware, setFirmware] = useDebouncedField(firmwareValue, (v) =>
    onChange(
      firmwareMode === 'below'
        ? { firmwareBelow: v, firmwareVersion: '' }
        : { firmwareVersion: v, firmwareBelow: '' },
    ),
  );
  const firmwareError =
    firmwareMode === 'below' && filters.firmwareBelow && !isSemver(filters.firmwareBelow)
      ? t('kiosks:filters.firmwareNotSemver')
      : undefined;

  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-[2fr_1fr_auto_1fr]">
        <TextField
          label={t('kiosks:filters.search')}
          type="search"
          placeholder={t('kiosks:filters.searchPlaceholder')}
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <TextField
          label={t('kiosks:filters.tag')}
          placeholder={t('kiosks:filters.tagPlaceholder')}
          value={tag}
          onChange={(e) => setTag(e.target.value)}
        />
        <SelectField
          label={t('kiosks:filters.firmwareMode')}
          value={firmwareMode}
          onChange={(e) =>
            onChange(
              e.target.value === 'below'
                ? { firmwareBelow: firmwareValue, firmwareVersion: '' }
                : { firmwareVersion: firmwareValue, firmwareBelow: '' },
            )
          }
        >
          <option value="exact">{t('kiosks:filters.firmwareExact')}</option>
          <option value="below">{t('kiosks:filters.firmwareBelow')}</option>
        </SelectField>
        <TextField
          label={t('kiosks:filters.firmware')}
          placeholder="2.3.0"
          value={firmware}
          error={firmwareError}
          onChange={(e) => setFirmware(e.target.value)}
        />
      </div>
      <CheckboxField
        label={t('config:filter.drift')}
        checked={filters.configDrift}
        onChange={(e) => onChange({ configDrift: e.target.checked })}
      />
      <div role="group" aria-label={t('kiosks:filters.status')} className="flex flex-wrap gap-2">
        <StatusChip active={filters.status === null} onClick={() => onChange({ status: null })}>
          {t('kiosks:filters.allStatuses')}
        </StatusChip>
        {KIOSK_STATUSES.map((s) => (
          <StatusChip
            key={s}
            active={filters.status === s}
            onClick={() => onChange({ status: filters.status === s ? null : s })}
          >
            <StatusDot status={s} />
            {t(`common:status.${s}`)}
            {counts && <span className="tabular-nums text-slate-600">{counts[s].toLocaleString()}</span>}
          </StatusChip>
        ))}
      </div>
    </div>
  );
}

function StatusChip({
  active,
  onClick,
  children,
}: {
  active: boolean;
  onClick: () => void;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      aria-pressed={active}
      onClick={onClick}
      className={`inline-flex items-center gap-1.5 rounded-full px-3 py-1 text-xs font-medium ring-1 ring-inset transition-colors focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 ${
        active
          ? 'bg-slate-900 text-white ring-slate-900 [&_span]:text-slate-200'
          : 'bg-white text-slate-700 ring-slate-300 hover:bg-slate-50'
      }`}
    >
      {children}
    </button>
  );
}
