import { NavLink } from "react-router";

/** "Upload a file" or "Record": the two ways to start a new talk. */
export function NewTalkTabs() {
  return (
    <nav className="talk-tabs" aria-label="How to add your talk">
      <NavLink to="/upload" className={({ isActive }) => `talk-tab${isActive ? " is-active" : ""}`} end>
        Upload a file
      </NavLink>
      <NavLink to="/record" className={({ isActive }) => `talk-tab${isActive ? " is-active" : ""}`} end>
        Record
      </NavLink>
    </nav>
  );
}
