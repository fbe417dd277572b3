/** What was just done, announced to screen readers too. */
export function Notice({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p className="notice" role="status">
      {message}
    </p>
  );
}

export function Loading() {
  return (
    <p className="loading" role="status">
      Memuat…
    </p>
  );
}
