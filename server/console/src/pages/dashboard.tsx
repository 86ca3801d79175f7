import { useSession } from "../session";

export function DashboardPage() {
  const { session } = useSession();
  return (
    <section>
      <h1>Bảng điều khiển</h1>
      <p>
        Xin chào, <strong>{session?.staff.fullName}</strong>. Chọn một chức năng ở cột bên trái.
      </p>
    </section>
  );
}
