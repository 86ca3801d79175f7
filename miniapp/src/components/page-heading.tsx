import { useEffect, useRef, type ReactNode } from "react";
import { useLocation } from "react-router-dom";

const PORTAL_NAME = "Cổng hành chính công Lào Cai";

/**
 * The page's <h1>. After an in-app navigation it takes focus, so a screen reader announces the
 * new page instead of staying on the button that was pressed.
 */
export function PageHeading({
  children,
  documentTitle,
  id,
}: {
  children: ReactNode;
  documentTitle: string;
  id?: string;
}) {
  const ref = useRef<HTMLHeadingElement>(null);
  const location = useLocation();

  useEffect(() => {
    if (location.key !== "default") ref.current?.focus({ preventScroll: true });
  }, [location.key]);

  useEffect(() => {
    document.title = documentTitle === PORTAL_NAME ? PORTAL_NAME : `${documentTitle} – ${PORTAL_NAME}`;
  }, [documentTitle]);

  return (
    <h1 ref={ref} id={id} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}
