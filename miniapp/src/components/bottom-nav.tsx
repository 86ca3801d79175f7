import { useTranslation } from "react-i18next";
import { useLocation, useNavigate } from "react-router-dom";
import { AlertsIcon, DossiersIcon, HomeIcon, SettingsIcon, type IconComponent } from "./icons";

type NavKey = "home" | "dossiers" | "alerts" | "settings";

const ITEMS: readonly { key: NavKey; path: string; icon: IconComponent }[] = [
  { key: "home", path: "/", icon: HomeIcon },
  { key: "dossiers", path: "/dossiers", icon: DossiersIcon },
  { key: "alerts", path: "/alerts", icon: AlertsIcon },
  { key: "settings", path: "/settings", icon: SettingsIcon },
];

/** Pages without their own tab (procedures, reports, payments) are reached from Home. */
function activeKeyFor(pathname: string): NavKey {
  const item = ITEMS.find((i) => i.path !== "/" && pathname.startsWith(i.path));
  return item?.key ?? "home";
}

/**
 * Bottom navigation. Buttons with visible labels (names differ from the home tiles' titles,
 * so "Hồ sơ" here never clashes with the "Hồ sơ của tôi" tile); the current tab has
 * aria-current="page".
 */
export function BottomNav() {
  const { t } = useTranslation();
  const location = useLocation();
  const navigate = useNavigate();
  const active = activeKeyFor(location.pathname);

  return (
    <nav className="bottom-nav" aria-label={t("nav.label")}>
      <ul>
        {ITEMS.map(({ key, path, icon: Icon }) => (
          <li key={key}>
            <button
              type="button"
              aria-current={active === key ? "page" : undefined}
              onClick={() => {
                if (location.pathname !== path) navigate(path);
              }}
            >
              <Icon size={26} />
              <span>{t(`nav.${key}`)}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
