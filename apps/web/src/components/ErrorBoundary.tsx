import { Component, ErrorInfo, ReactNode } from 'react';

/** Whatever breaks while rendering, the user sees words and a way on, never a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    console.error(error, info.componentStack);
  }

  render() {
    if (!this.state.failed) return this.props.children;
    return (
      <main className="page narrow" id="utama">
        <h1>Terjadi kesalahan pada tampilan</h1>
        <p>Halaman ini tidak dapat ditampilkan. Data Anda tidak hilang.</p>
        <p>
          <a href="/">Kembali ke kotak masuk</a> atau{' '}
          <button type="button" onClick={() => location.reload()}>
            muat ulang halaman
          </button>
          .
        </p>
      </main>
    );
  }
}
