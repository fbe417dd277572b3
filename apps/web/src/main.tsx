import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { ErrorBoundary } from './components/ErrorBoundary';
import { Layout } from './components/Layout';
import { InboxPage } from './pages/InboxPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { PASSWORD_PATH, RequireSession, SessionProvider } from './session';
import { Loading } from './components/Status';
import './styles.css';

// The inbox and login load first; the pages with the editor and the letter come when opened.
const ComposePage = lazy(() => import('./pages/ComposePage').then((m) => ({ default: m.ComposePage })));
const DocumentPage = lazy(() => import('./pages/DocumentPage').then((m) => ({ default: m.DocumentPage })));
const TtePage = lazy(() => import('./pages/TtePage').then((m) => ({ default: m.TtePage })));
const NotificationsPage = lazy(() => import('./pages/NotificationsPage').then((m) => ({ default: m.NotificationsPage })));
const DelegationsPage = lazy(() => import('./pages/DelegationsPage').then((m) => ({ default: m.DelegationsPage })));
const PasswordPage = lazy(() => import('./pages/PasswordPage').then((m) => ({ default: m.PasswordPage })));
const AdminRoutes = lazy(() => import('./pages/admin/AdminRoutes').then((m) => ({ default: m.AdminRoutes })));

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ErrorBoundary>
      <SessionProvider>
        <BrowserRouter>
          <Routes>
            <Route path="/masuk" element={<LoginPage />} />
            {/* Outside the layout: with a temporary password the API answers nothing the layout asks (inbox counts, notices). */}
            <Route
              path={PASSWORD_PATH}
              element={
                <RequireSession>
                  <Suspense fallback={<Loading />}>
                    <PasswordPage />
                  </Suspense>
                </RequireSession>
              }
            />
            <Route
              element={
                <RequireSession>
                  <Layout />
                </RequireSession>
              }
            >
              <Route index element={<Navigate to="/kotak/action" replace />} />
              <Route path="/kotak/:box" element={<InboxPage />} />
              <Route path="/naskah/baru" element={<ComposePage />} />
              <Route path="/naskah/:id/ubah" element={<ComposePage />} />
              <Route path="/naskah/:id/koreksi" element={<ComposePage mode="correct" />} />
              <Route path="/naskah/:id" element={<DocumentPage />} />
              <Route path="/perwakilan" element={<DelegationsPage />} />
              <Route path="/tte" element={<TtePage />} />
              <Route path="/notifikasi" element={<NotificationsPage />} />
              <Route path="/admin/*" element={<AdminRoutes />} />
              <Route path="*" element={<NotFoundPage />} />
            </Route>
          </Routes>
        </BrowserRouter>
      </SessionProvider>
    </ErrorBoundary>
  </StrictMode>,
);
