import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

// Unmount what each test rendered, so queries never see a previous test's DOM.
afterEach(() => cleanup());
