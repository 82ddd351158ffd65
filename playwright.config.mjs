import { defineConfig } from "@playwright/test";

const port = 4173;

export default defineConfig({
  testDir: "tests/e2e",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  // The site at the root, and built for a subpath (dist-sub/, base
  // /vizitka/: scripts/test builds both) on the port 100 above.
  webServer: [
    {
      command: `node tests/e2e/serve.mjs dist ${port}`,
      url: `http://127.0.0.1:${port}/`,
      reuseExistingServer: false,
    },
    {
      command: `node tests/e2e/serve.mjs dist-sub ${port + 100} /vizitka/`,
      url: `http://127.0.0.1:${port + 100}/vizitka/`,
      reuseExistingServer: false,
    },
  ],
});
