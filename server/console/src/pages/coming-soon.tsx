export function ComingSoon({ title }: { title: string }) {
  return (
    <section>
      <h1>{title}</h1>
      <p className="muted">Đang được hoàn thiện.</p>
    </section>
  );
}
