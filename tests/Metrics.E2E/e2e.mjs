// End-to-end browser test of the Metrics web page (portal.html) against a running server.
//
//   BASE_URL=http://127.0.0.1:8787 API_KEY=dev-key YEAR=2024 COUNTY=130102 \
//   GOOD_XLSX=good.xlsx BAD_XLSX=bad.xlsx SCREENSHOT_DIR=out/screens node e2e.mjs
//
// BASE_URL, COUNTY, GOOD_XLSX and BAD_XLSX are required. API_KEY is typed into the page when set
// (`metrics serve`); YEAR defaults to the current school year; SCREENSHOT_DIR to ./screenshots.
// DEFAULT_YEAR, when set, is the year the page must select by itself once signed in (the latest
// year with data for the caller, whatever the clock says).
// CHROMIUM names the browser (default /usr/bin/chromium); E2E_TIMEOUT_MS the whole run's budget
// (default 60000). Exit 0 when every check passed, 1 with a message naming the failed step.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const TOTAL_MS = Number(process.env.E2E_TIMEOUT_MS || 60000);
const started = Date.now();

function need(name) {
    const v = process.env[name];
    if (!v) fail('configuration', `environment variable ${name} is required`);
    return v;
}

let browser;
async function finish(code) {
    if (browser) await browser.close().catch(() => {});
    process.exit(code);
}
let failing = false;
function fail(step, message) {
    if (failing) return new Promise(() => {});   // the first failure is the one reported
    failing = true;
    console.error(`e2e FAILED at "${step}": ${message}`);
    return finish(1);
}

const schoolYear = () => { const d = new Date(); return d.getMonth() + 1 >= 9 ? d.getFullYear() : d.getFullYear() - 1; };
const BASE_URL = need('BASE_URL').replace(/\/+$/, '');
const COUNTY = need('COUNTY');
const GOOD_XLSX = resolve(need('GOOD_XLSX'));
const BAD_XLSX = resolve(need('BAD_XLSX'));
const API_KEY = process.env.API_KEY || '';
const YEAR = process.env.YEAR || String(schoolYear());
const SCREENSHOT_DIR = resolve(process.env.SCREENSHOT_DIR || 'screenshots');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

const sha256 = (file) => createHash('sha256').update(readFileSync(file)).digest('hex');
const remaining = () => Math.max(1000, TOTAL_MS - (Date.now() - started));

const overall = setTimeout(() => {
    fail(current, `the whole run took longer than ${TOTAL_MS} ms`);
}, TOTAL_MS);

let current = 'start';
let page;
async function step(name, fn) {
    current = name;
    try {
        const result = await fn();
        console.log(`ok - ${name}`);
        return result;
    } catch (e) {
        let extra = '';
        if (page) {
            const msg = await page.locator('#message').textContent({ timeout: 1000 }).catch(() => null);
            if (msg) extra += `\n  page message: ${msg.trim()}`;
            mkdirSync(SCREENSHOT_DIR, { recursive: true });
            const shot = join(SCREENSHOT_DIR, 'failure.png');
            if (await page.screenshot({ path: shot, fullPage: true, timeout: 5000 }).then(() => true, () => false)) {
                extra += `\n  screenshot: ${shot}`;
            }
        }
        // Playwright appends a long call log to its errors; the first part says what went wrong.
        const text = e && e.message ? e.message.split(/\n\s*Call log:/)[0].trim() : String(e);
        await fail(name, `${text}${extra}`);
    }
}
function check(condition, message) { if (!condition) throw new Error(message); }

/**
 * Uploads a workbook and waits until #state settles on accepted or rejected for those bytes, or
 * the page reports an error (#message[data-kind=error]) with nothing under way.
 */
async function uploadAndWait(file) {
    await page.setInputFiles('#file', file);
    await page.click('#upload');
    const sha = sha256(file);
    const handle = await page.waitForFunction(() => {
        const s = document.querySelector('#state');
        const m = document.querySelector('#message');
        const state = s ? s.dataset.state : '';
        if (state === 'accepted' || state === 'rejected') return { state, sha: s.dataset.sha256 || '' };
        if (state !== 'uploading' && state !== 'processing' && m && m.dataset.kind === 'error') return { error: m.textContent.trim() };
        return null;
    }, null, { timeout: remaining(), polling: 100 });
    const got = await handle.jsonValue();
    check(!got.error, `the page reported: ${got.error}`);
    if (got.sha) check(got.sha === sha, `#state shows bytes with SHA-256 ${got.sha}, the uploaded file has ${sha}`);
    return got.state;
}

async function issuesText() {
    const rows = await page.locator('#issues tbody tr').evaluateAll((trs) =>
        trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim()).join(' | ')));
    return rows.join('\n  ');
}

async function shot(name) {
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_DIR, name), fullPage: true });
}

const pageErrors = [];
const dialogs = [];

await step('launch chromium', async () => {
    browser = await chromium.launch({
        executablePath: CHROMIUM,
        headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
            '--disable-component-update', '--disable-sync', '--no-first-run'],
        timeout: remaining(),
    });
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    context.setDefaultTimeout(15000);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
});

await step('open the page', async () => {
    const res = await page.goto(`${BASE_URL}/`, { timeout: remaining() });
    check(res && res.ok(), `GET ${BASE_URL}/ answered ${res ? res.status() : 'nothing'}`);
    await page.locator('#lang-toggle').waitFor();
    const lang = await page.getAttribute('html', 'lang');
    check(/^zh/.test(lang || ''), `the page should open in Chinese, <html lang> is "${lang}"`);
});

await step('enter API key, year and county', async () => {
    if (API_KEY) {
        await page.fill('#api-key', API_KEY);
        await page.press('#api-key', 'Tab');
    }
    if (process.env.DEFAULT_YEAR) {
        const wanted = process.env.DEFAULT_YEAR;
        const shown = await page.waitForFunction((y) => document.getElementById('year').value === y, wanted, { timeout: 15000 })
            .then(() => wanted, () => page.locator('#year').inputValue());
        check(shown === wanted, `the page should open on ${wanted}, the latest year with data, but shows ${shown}`);
    }
    const years = await page.locator('#year option').evaluateAll((os) => os.map((o) => o.value));
    check(years.includes(YEAR), `year ${YEAR} is not among the #year options (${years[years.length - 1]}..${years[0]})`);
    await page.selectOption('#year', YEAR);
    await page.fill('#county', COUNTY);
    await page.press('#county', 'Tab');
});

await step('upload GOOD_XLSX and wait for accepted', async () => {
    const state = await uploadAndWait(GOOD_XLSX);
    check(state === 'accepted', `GOOD_XLSX was ${state}; issues:\n  ${await issuesText()}`);
    for (const id of ['#download-xlsx', '#download-html', '#download-json']) {
        check(await page.locator(id).isVisible(), `${id} is not visible after acceptance`);
    }
    await shot('accepted-zh.png');
});

await step('download the HTML scorecard', async () => {
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: remaining() }), page.click('#download-html')]);
    const path = await download.path();
    const head = readFileSync(path).subarray(0, 64).toString('utf8').replace(/^\uFEFF/, '').trimStart().toLowerCase();
    check(head.startsWith('<!doctype html') || head.startsWith('<html'), `the HTML scorecard starts with ${JSON.stringify(head.slice(0, 20))}`);
    console.log(`   (${download.suggestedFilename()})`);
});

await step('upload BAD_XLSX and wait for rejected', async () => {
    const state = await uploadAndWait(BAD_XLSX);
    check(state === 'rejected', `BAD_XLSX was ${state}`);
    const rows = await page.locator('#issues tbody tr').count();
    check(rows >= 1, '#issues has no rows');
    const locations = await page.locator('#issues tbody td.location').allTextContents();
    check(locations.some((l) => l.includes('!')), `no issue location contains "!": ${JSON.stringify(locations)}`);
    check(await page.locator('#download-validation').isVisible(), '#download-validation is not visible after rejection');
    console.log(`   (${rows} issues; first at ${locations[0]})`);
    await shot('rejected-zh.png');
});

await step('switch language to English', async () => {
    const before = (await page.textContent('#upload')).trim();
    const labelBefore = (await page.textContent('label[for="county"]')).trim();
    await page.click('#lang-toggle');
    await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 5000 });
    const after = (await page.textContent('#upload')).trim();
    const labelAfter = (await page.textContent('label[for="county"]')).trim();
    check(after && after !== before, `#upload still reads "${after}"`);
    check(labelAfter && labelAfter !== labelBefore, `label for #county still reads "${labelAfter}"`);
    console.log(`   ("${before}" → "${after}", "${labelBefore}" → "${labelAfter}")`);
    await shot('rejected-en.png');
});

await step('evaluator view (when shown) renders server text as text', async () => {
    if (await page.locator('#evaluator').isVisible()) {
        await page.locator('#counties tbody tr').first().waitFor({ timeout: 10000 }).catch(() => {});
        await page.locator('#evaluator').scrollIntoViewIfNeeded();
        await shot('evaluator-en.png');
        await page.click('#lang-toggle');
        await page.waitForFunction(() => document.documentElement.lang.startsWith('zh'), null, { timeout: 5000 });
        await shot('evaluator-zh.png');
        console.log(`   (${await page.locator('#counties tbody tr').count()} counties listed)`);
    } else {
        console.log('   (not an evaluator: section hidden)');
    }
    await page.setViewportSize({ width: 420, height: 900 });
    await shot('narrow-zh.png');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.emulateMedia({ media: 'print' });
    await shot('print-zh.png');
    await page.emulateMedia({ media: 'screen' });
    check(await page.locator('#counties img, #issues img, #message img').count() === 0, 'an <img> element appeared inside a table: server text was parsed as HTML');
    check(dialogs.length === 0, `the page opened a dialog: ${dialogs.join(' | ')}`);
    check(pageErrors.length === 0, `script errors on the page: ${pageErrors.join(' | ')}`);
});

clearTimeout(overall);
console.log(`e2e passed in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in ${SCREENSHOT_DIR}`);
await finish(0);
