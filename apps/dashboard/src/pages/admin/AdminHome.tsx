import { Navigate } from 'react-router-dom';

/** `/admin` opens the first admin section. */
export default function AdminHome() {
  return <Navigate to="/admin/users" replace />;
}
