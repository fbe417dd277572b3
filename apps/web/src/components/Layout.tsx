import { Suspense } from 'react';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { api } from '../api';
import { CAPACITY_LABELS, capacityText, formatDate } from '../format';
import { NotificationProvider, useNotifications } from '../notifications';
import { useMe, useSession } from '../session';
import { Loading } from './Status';

/** Header with who is signed in and in which capacity they act today, navigation, the page. */
export function Layout() {
  const me = useMe();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const held = me.positions[me.positions.length - 1];
  const administers = me.roles.includes('admin') || me.roles.includes('city-admin');
  return (
    <NotificationProvider>
      <a className="skip" href="#utama">
        Langsung ke isi
      </a>
      <header className="top">
        <div className="who">
          <p className="office">{me.organization.name}</p>
          <p className="name" data-testid="official-name">
            {me.titledName}
          </p>
          <p className="position">
            {me.positions.map((p) => (
              <span key={p.positionId}>
                {p.assignmentKind !== 'definitif' ? <span className="badge capacity">{CAPACITY_LABELS[p.assignmentKind]}</span> : null} {p.title}
              </span>
            ))}
            {!held ? 'Tidak memegang jabatan' : null}
          </p>
          {me.actingFor.map((a) => (
            <p className="acting" key={a.delegationId} data-testid="acting-for">
              Hari ini bertindak <strong>{capacityText(a.capacity, a.principalTitle)}</strong> ({a.principalName}) sampai {formatDate(a.validTo)}
            </p>
          ))}
        </div>
        <nav aria-label="Menu utama">
          <NavLink to="/kotak/action">Kotak masuk</NavLink>
          <NavLink to="/naskah/baru">Buat naskah</NavLink>
          <NavLink to="/perwakilan">Perwakilan</NavLink>
          <NavLink to="/tte">Aktivasi TTE</NavLink>
          <NavLink to="/kata-sandi">Kata sandi</NavLink>
          {administers ? <NavLink to="/admin">Administrasi</NavLink> : null}
          <Bell />
          <button
            type="button"
            className="link"
            onClick={() => {
              // The server ends every token of this official (all devices); the page signs out whatever it answers.
              void api
                .logout()
                .catch(() => undefined)
                .finally(() => {
                  signOut();
                  void navigate('/masuk');
                });
            }}
          >
            Keluar
          </button>
        </nav>
      </header>
      <main id="utama" className="page" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <Announcer />
    </NotificationProvider>
  );
}

/** The bell: the unread count, live; opens the list. */
function Bell() {
  const { unreadCount } = useNotifications();
  return (
    <NavLink to="/notifikasi" className="bell" aria-label={`Notifikasi, ${unreadCount} belum dibaca`} data-testid="bell">
      <svg aria-hidden="true" focusable="false" width="20" height="20" viewBox="0 0 24 24" fill="currentColor">
        <path d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5-6.71V3.5a2 2 0 0 0-4 0v.79A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
      </svg>
      {unreadCount ? (
        <span className="count" aria-hidden="true" data-testid="bell-count">
          {unreadCount > 99 ? '99+' : unreadCount}
        </span>
      ) : null}
    </NavLink>
  );
}

/** New notices, read out by screen readers as they arrive. */
function Announcer() {
  const { announcement } = useNotifications();
  return (
    <p className="visually-hidden" role="status" aria-live="polite">
      {announcement}
    </p>
  );
}
