import { useQueryClient } from "@tanstack/react-query";
import { useId } from "react";
import { NavLink, Outlet, useNavigate } from "react-router";
import { logout, type TUser } from "../features/auth/api";
import { Icon, type IconName } from "./Icon";

const NAV: { to: string; label: string; icon: IconName; end: boolean }[] = [
  { to: "/", label: "Dashboard", icon: "home", end: true },
  { to: "/upload", label: "New talk", icon: "plus", end: false },
  { to: "/progress", label: "Progress", icon: "chart", end: false },
  { to: "/settings", label: "Settings", icon: "gear", end: false },
];

/** The signed-in shell: top bar with navigation (a bottom tab bar on phones) and the page. */
export function AppLayout({ user }: { user: TUser }) {
  const navigate = useNavigate();
  const qc = useQueryClient();
  const signOut = async () => {
    await logout().catch(() => undefined);
    qc.clear();
    navigate("/signin");
  };
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <NavLink to="/" className="brand" aria-label="Coherence home">
          <Logo />
          <span>Coherence</span>
        </NavLink>
        <nav aria-label="Main" className="mainnav">
          {NAV.map((n) => (
            <NavLink key={n.to} to={n.to} end={n.end} className="navlink">
              <Icon name={n.icon} />
              <span>{n.label}</span>
            </NavLink>
          ))}
        </nav>
        <div className="userbox">
          <span className="avatar" aria-hidden="true">
            {(user.name || user.email).slice(0, 1).toUpperCase()}
          </span>
          <span className="user-name">{user.name || user.email}</span>
          <button type="button" className="btn btn-ghost btn-sm" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <Outlet />
      </main>
    </div>
  );
}

export function Logo({ size = 28 }: { size?: number }) {
  // One gradient id per logo: with a shared id, a second logo paints with the first one's
  // gradient, which is not painted at all when the first sits in a hidden element (the
  // sign-in page's side panel on a phone), leaving a blank square.
  const gradient = `logo${useId().replace(/:/g, "")}`;
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <defs>
        <linearGradient id={gradient} x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="#6d5efc" />
          <stop offset="1" stopColor="#18b6a4" />
        </linearGradient>
      </defs>
      <rect width="32" height="32" rx="9" fill={`url(#${gradient})`} />
      <path d="M7 19c3-7 6-7 9 0s6 7 9 0" stroke="#fff" strokeWidth="2.6" fill="none" strokeLinecap="round" />
      <path
        d="M7 13c3-7 6-7 9 0s6 7 9 0"
        stroke="#fff"
        strokeOpacity=".55"
        strokeWidth="2.6"
        fill="none"
        strokeLinecap="round"
      />
    </svg>
  );
}
