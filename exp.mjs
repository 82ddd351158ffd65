import { chromium } from "@playwright/test";
const b = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const ctx = await b.newContext({ serviceWorkers: "block" });
const page = await ctx.newPage();
await page.goto("http://127.0.0.1:4174/settings");
await page.waitForSelector("#import-file");
await page.locator("input[name=import-mode][value=replace]").check();
await page.locator("#import-file").setInputFiles(process.argv[2]);
await page.waitForFunction(() => [...document.querySelectorAll('.notice')].some(n => /Import finished/.test(n.textContent)), null, { timeout: 120000 });
await ctx.addInitScript(() => {
  window.__log = [];
  new MutationObserver(() => {
    const m = document.querySelector("main");
    const s = m ? (m.querySelector(".contact-row") ? "rows" : m.querySelector(".page") ? "page" : m.textContent.slice(0, 30)) : "nomain";
    if (window.__log.at(-1)?.[1] !== s) window.__log.push([Math.round(performance.now()), s]);
  }).observe(document, { subtree: true, childList: true, characterData: true });
});
const p = await ctx.newPage();
await p.goto("http://127.0.0.1:4174/contacts");
await p.waitForFunction(() => !!document.querySelector('.contact-row'), null, { timeout: 60000, polling: 5 });
console.log(JSON.stringify(await p.evaluate(() => window.__log)));
console.log(await p.evaluate(() => performance.getEntriesByType("measure").filter(m => m.name.startsWith("vizitka:")).map(m => `${m.name} ${Math.round(m.startTime)}+${Math.round(m.duration)}`).join(", ")));
await b.close();
