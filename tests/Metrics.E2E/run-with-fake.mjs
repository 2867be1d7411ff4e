// Runs e2e.mjs against fake-server.mjs: starts the fake on a free port, writes two tiny
// "workbooks" (the fake accepts anything and rejects bytes containing BROKEN), runs the test,
// stops the fake and exits with the test's code. Screenshots go to SCREENSHOT_DIR (default
// ./screenshots). Usage: node run-with-fake.mjs   (or: npm test)
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const apiKey = 'e2e-key';
const dir = mkdtempSync(join(tmpdir(), 'metrics-e2e-'));
const good = join(dir, 'good.xlsx');
const bad = join(dir, 'bad.xlsx');
writeFileSync(good, Buffer.from('PK\x03\x04 a workbook the fake accepts\n', 'latin1'));
writeFileSync(bad, Buffer.from('PK\x03\x04 a BROKEN workbook the fake rejects\n', 'latin1'));

const fake = spawn(process.execPath, [join(here, 'fake-server.mjs')], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', API_KEY: apiKey },
    stdio: ['ignore', 'pipe', 'inherit'],
});
const baseUrl = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the fake server did not start within 10 s')), 10000);
    fake.stdout.on('data', (chunk) => {
        out += chunk;
        const m = /(http:\/\/[\d.]+:\d+)\//.exec(out);
        if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    fake.on('exit', (code) => { clearTimeout(timer); reject(new Error(`the fake server exited with ${code}`)); });
}).catch((e) => { console.error(e.message); process.exit(1); });

const test = spawn(process.execPath, [join(here, 'e2e.mjs')], {
    env: {
        ...process.env, BASE_URL: baseUrl, API_KEY: apiKey, COUNTY: '130102',
        GOOD_XLSX: good, BAD_XLSX: bad, SCREENSHOT_DIR: process.env.SCREENSHOT_DIR || join(here, 'screenshots'),
    },
    stdio: 'inherit',
});
const code = await new Promise((resolve) => test.on('exit', (c, signal) => resolve(c ?? (signal ? 1 : 0))));
fake.removeAllListeners('exit');
fake.kill('SIGTERM');
process.exit(code);
