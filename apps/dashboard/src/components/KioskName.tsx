import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { useFleetKiosks } from '../pages/overview/queries';

export interface KioskNaming {
  /** The kiosk's name, or `#id` while the fleet list loads or for a kiosk not in it. */
  name: (id: number) => string;
  serial: (id: number) => string | undefined;
}

/**
 * Names and serials by kiosk id. Alerts and payments carry only `kioskId`; the names come from the
 * fleet list the overview keeps (one shared cache, kept current by the feed), not a request per row.
 */
export function useKioskNaming(): KioskNaming {
  const fleet = useFleetKiosks();
  return useMemo(() => {
    const byId = new Map(fleet.data?.pages.flatMap((p) => p.items).map((k) => [k.id, k]));
    return {
      name: (id) => byId.get(id)?.name ?? `#${id}`,
      serial: (id) => byId.get(id)?.serial,
    };
  }, [fleet.data]);
}

/** A link to the kiosk's page showing its name, its serial on hover. */
export function KioskLink({
  id,
  naming,
  onClick,
}: {
  id: number;
  naming: KioskNaming;
  onClick?: (e: React.MouseEvent) => void;
}) {
  const serial = naming.serial(id);
  return (
    <Link
      to={`/kiosks/${id}`}
      onClick={onClick}
      title={serial}
      className="block truncate font-medium text-indigo-700 hover:underline"
    >
      {naming.name(id)}
    </Link>
  );
}
