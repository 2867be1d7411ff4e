// Browser check of a remediation plan page (plan.html written by `metrics plan`, the same section the
// HTML scorecard carries for a failing county): it must read as a bureau presents a plan — the county
// totals first, then one section per school, the transfer alternative last — and its budget → CV chart
// must be drawn.
//
//   PLAN_HTML=out/plan.html PLAN_JSON=out/plan.json SCREENSHOT_DIR=out/screens node plan.mjs
//
// CHROMIUM names the browser (default /usr/bin/chromium). Exit 0 with "ok - plan …" when every check
// passed, 1 with `plan FAILED: <reason>` otherwise.
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const need = (name) => {
    const v = process.env[name];
    if (!v) { console.error(`plan FAILED: environment variable ${name} is required`); process.exit(1); }
    return v;
};
const PLAN_HTML = resolve(need('PLAN_HTML'));
const plan = JSON.parse(readFileSync(resolve(need('PLAN_JSON')), 'utf8'));
const SCREENSHOT_DIR = resolve(process.env.SCREENSHOT_DIR || 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let code = 0;
try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    await page.goto(pathToFileURL(PLAN_HTML).href);
    const seen = await page.evaluate(() => {
        const plan = document.querySelector('section#plan');
        if (!plan) return { error: 'no section#plan' };
        const blocks = [...plan.querySelectorAll('#plan-totals, section.plan-school, #plan-transfers')]
            .map(e => e.id || 'school:' + e.getAttribute('data-school'));
        const visible = (e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
        const chart = plan.querySelector('#plan-totals figure.plan-curve svg');
        return {
            blocks,
            headings: [...plan.querySelectorAll('section.plan-school h4')].filter(visible).length,
            total: plan.querySelector('#plan-totals [data-key="plan.totalCost"]')?.getAttribute('data-value'),
            chart: chart ? { width: chart.getBoundingClientRect().width, points: chart.querySelectorAll('circle').length } : null,
        };
    });
    if (seen.error) throw new Error(seen.error);
    const schools = [...new Set(plan.actions.map(a => a.school))];
    if (seen.blocks[0] !== 'plan-totals') throw new Error(`the county totals must come first, not ${seen.blocks[0]}`);
    if (seen.blocks[seen.blocks.length - 1] !== 'plan-transfers') throw new Error('the transfer alternative must come last');
    const shown = seen.blocks.filter(b => b.startsWith('school:')).map(b => b.slice(7));
    if (JSON.stringify(shown) !== JSON.stringify(schools)) throw new Error(`one section per school expected (${schools.length}), saw ${shown.length}`);
    if (seen.headings !== schools.length) throw new Error(`${seen.headings} visible school headings for ${schools.length} schools`);
    if (Number(seen.total) !== plan.totalCost) throw new Error(`total cost shown ${seen.total}, plan.json ${plan.totalCost}`);
    if (plan.curve.length > 1 && !(seen.chart && seen.chart.width > 100 && seen.chart.points === plan.curve.length)) {
        throw new Error(`the budget → CV chart is not drawn with its ${plan.curve.length} points: ${JSON.stringify(seen.chart)}`);
    }
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, 'plan.png'), fullPage: true });
    console.log(`ok - plan: totals first, ${schools.length} school sections, chart of ${plan.curve.length} points`);
} catch (e) {
    console.error(`plan FAILED: ${e.message}`);
    code = 1;
} finally {
    await browser.close();
}
process.exit(code);
