import { Link } from 'react-router';

export function NotFoundPage() {
  return (
    <>
      <h1>Halaman tidak ditemukan</h1>
      <p>
        Alamat ini tidak ada. <Link to="/kotak/action">Kembali ke kotak masuk</Link>.
      </p>
    </>
  );
}
