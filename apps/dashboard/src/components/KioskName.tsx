import { useMemo } from 'react';
import { Link } from 'react-router-dom';
import { useMapPoints } from '../pages/overview/queries';

export interface KioskNaming {
  /** The kiosk's name, or `#id` while the fleet list loads or for a kiosk not in it. */
  name: (id: number) => string;
  serial: (id: number) => string | undefined;
}

/**
 * Names and serials by kiosk id. Alerts and payments carry only `kioskId`; the names come from the
 * fleet's map points the overview keeps (one shared cache, one request), not a request per row.
 */
export function useKioskNaming(): KioskNaming {
  const points = useMapPoints();
  const items = points.data?.items;
  return useMemo(() => {
    const byId = new Map(items?.map((k) => [k.id, k]));
    return {
      name: (id) => byId.get(id)?.name ?? `#${id}`,
      serial: (id) => byId.get(id)?.serial,
    };
  }, [items]);
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
