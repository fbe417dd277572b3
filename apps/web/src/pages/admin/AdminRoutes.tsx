import { useCallback, useEffect, useState } from 'react';
import { Navigate, NavLink, Outlet, Route, Routes, useLocation, useNavigate, useParams } from 'react-router';
import { AdminOrganizationSummary, adminApi } from '../../admin-api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { SelectField } from '../../components/SelectField';
import { Loading } from '../../components/Status';
import { useMe } from '../../session';
import { NotFoundPage } from '../NotFoundPage';
import { AssignmentsPage } from './AssignmentsPage';
import { AuditPage } from './AuditPage';
import { ChartPage } from './ChartPage';
import { AdminContext } from './common';
import { FilesPage } from './FilesPage';
import { OfficialsPage } from './OfficialsPage';
import { OrganizationPage } from './OrganizationPage';
import { SigningAuthorityPage } from './SigningAuthorityPage';

/** The sections of administration, in the order of the menu: path under /admin/:orgId, and the page's heading. */
const SECTIONS = [
  ['', 'Organisasi'],
  ['struktur', 'Struktur organisasi'],
  ['pegawai', 'Pegawai'],
  ['penugasan', 'Penugasan'],
  ['kewenangan', 'Kewenangan tanda tangan'],
  ['berkas', 'Berkas organisasi'],
  ['jejak', 'Jejak audit'],
] as const;

const isAdministrator = (roles: string[]) => roles.includes('admin') || roles.includes('city-admin');

function NotAllowed() {
  useEffect(() => {
    document.title = 'Administrasi · Naskah Dinas';
  }, []);
  return (
    <>
      <h1>Administrasi</h1>
      <div className="error" role="alert" data-testid="admin-forbidden">
        <p>
          <strong>Anda tidak berhak membuka halaman administrasi.</strong>
        </p>
        <p>
          Halaman ini hanya untuk administrator organisasi dan administrator kota. Hubungi administrator Dinas Anda bila ada data yang perlu diubah.
        </p>
      </div>
    </>
  );
}

/** The chosen organisation's frame: which office (a city administrator picks among the city's), the menu, the section. */
function AdminFrame() {
  const me = useMe();
  const { orgId = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const [organizations, setOrganizations] = useState<AdminOrganizationSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const isCityAdmin = me.roles.includes('city-admin');

  const reloadOrganizations = useCallback(async () => {
    try {
      setOrganizations(await adminApi.organizations());
    } catch (e) {
      setError(e);
    }
  }, []);
  useEffect(() => void reloadOrganizations(), [reloadOrganizations]);

  const base = `/admin/${orgId}`;
  const rest = location.pathname.startsWith(`${base}/`) ? location.pathname.slice(base.length + 1).split('/')[0] : '';
  const section = SECTIONS.find(([path]) => path === rest);
  const organization = organizations?.find((o) => o.id === orgId);
  const context: AdminContext = { orgId, organization, organizations: organizations ?? [], isCityAdmin, reloadOrganizations };

  if (!section) return <NotFoundPage />;
  return (
    <>
      <p className="crumbs">
        Administrasi{organization ? ` · ${organization.name}` : ''}
        {organization ? <span className="code"> ({organization.code})</span> : null}
      </p>
      <h1>{section[1]}</h1>
      {isCityAdmin && organizations && organizations.length > 1 ? (
        <div className="org-choice">
          <SelectField
            id="admin-organization"
            label="Organisasi yang dikelola"
            value={orgId}
            onChange={(id) => void navigate(`/admin/${id}${rest ? `/${rest}` : ''}`)}
            options={organizations.map((o) => [o.id, `${o.name} (${o.code})`])}
          />
        </div>
      ) : null}
      <nav className="admin-nav" aria-label="Menu administrasi">
        {SECTIONS.map(([path, title]) => (
          <NavLink key={path} to={path ? `${base}/${path}` : base} end>
            {path === '' ? 'Organisasi' : path === 'struktur' ? 'Struktur' : title}
          </NavLink>
        ))}
      </nav>
      <ErrorMessage error={error} />
      {organizations ? <Outlet key={orgId} context={context} /> : error ? null : <Loading />}
    </>
  );
}

/** /admin and below: administrators only; /admin opens the administrator's own organisation. */
export function AdminRoutes() {
  const me = useMe();
  if (!isAdministrator(me.roles)) return <NotAllowed />;
  return (
    <Routes>
      <Route index element={<Navigate to={`/admin/${me.organization.id}`} replace />} />
      <Route path=":orgId" element={<AdminFrame />}>
        <Route index element={<OrganizationPage />} />
        <Route path="struktur" element={<ChartPage />} />
        <Route path="pegawai" element={<OfficialsPage />} />
        <Route path="penugasan" element={<AssignmentsPage />} />
        <Route path="kewenangan" element={<SigningAuthorityPage />} />
        <Route path="berkas" element={<FilesPage />} />
        <Route path="jejak" element={<AuditPage />} />
      </Route>
      <Route path="*" element={<NotFoundPage />} />
    </Routes>
  );
}
