// A stand-in for the Metrics HTTP API, in memory, so the page and e2e.mjs can be developed
// without the real server. It serves the real portal.html at "/".
//
//   node fake-server.mjs            (PORT=8787 HOST=127.0.0.1 API_KEY=dev-key by default)
//
// Keys: API_KEY is an evaluator who may also write county 130102; COUNTY_KEY (default
// county-key) is the principal of county 130102 only. Without a valid key every /api call is 401.
// An upload whose bytes contain the ASCII text "BROKEN" is rejected with two issues; anything
// else is accepted. Either way the state is "processing" for PROCESSING_MS (default 1000) first.
import { createServer } from 'node:http';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const PORT = Number(process.env.PORT || 8787);
const HOST = process.env.HOST || '127.0.0.1';
const API_KEY = process.env.API_KEY || 'dev-key';
const COUNTY_KEY = process.env.COUNTY_KEY || 'county-key';
const PROCESSING_MS = Number(process.env.PROCESSING_MS || 1000);
const MAX_BYTES = 50 * 1024 * 1024;
const PORTAL = fileURLToPath(new URL('../../functions/Metrics.Pipeline/Web/portal.html', import.meta.url));
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const principals = {
    [API_KEY]: { name: '测试评估员 Test evaluator', evaluator: true, counties: ['130102'] },
    [COUNTY_KEY]: { name: '长安区教育局', evaluator: false, counties: ['130102'] },
};

// Known counties; the third name probes that the page never parses server text as HTML.
const names = {
    '130102': '长安区',
    '130104': '桥西区',
    '130105': '<img src=x onerror=alert(1)>',
    '130107': '井陉矿区',
};

/** key `${year}/${county}` → status JSON as the real server returns it */
const submissions = new Map();
const rollups = new Set();

function statusOf(year, county) {
    return submissions.get(`${year}/${county}`) ?? {
        state: 'none', county, year: Number(year), sha256: null, updatedUtc: null, issues: [], overall: null,
    };
}

// Seed a year so the evaluator's table has every state to show.
function seed(year) {
    const now = new Date().toISOString();
    submissions.set(`${year}/130104`, {
        state: 'accepted', county: '130104', year, sha256: 'a'.repeat(64), updatedUtc: now, issues: [], overall: 'pass',
    });
    submissions.set(`${year}/130105`, {
        state: 'rejected', county: '130105', year, sha256: 'b'.repeat(64), updatedUtc: now, overall: null,
        issues: [{ severity: 'error', code: 'missing_value', sheet: '学校', row: 7, column: 'F', cell: 'F7',
            messageZh: '<b>缺少</b>在校生数', messageEn: '<b>Missing</b> pupils' }],
    });
}
const thisSchoolYear = (() => { const d = new Date(); return d.getMonth() + 1 >= 9 ? d.getFullYear() : d.getFullYear() - 1; })();
seed(thisSchoolYear);

function send(res, status, body, headers = {}) {
    const isBuffer = Buffer.isBuffer(body);
    const payload = isBuffer || typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
        'Content-Type': isBuffer || typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        ...headers,
    });
    res.end(payload);
}

function attachment(res, bytes, type, filename) {
    send(res, 200, Buffer.from(bytes), {
        'Content-Type': type,
        'Content-Disposition': `attachment; filename="${filename.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(filename)}`,
    });
}

const fakeXlsx = (label) => Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.from(` fake workbook: ${label}\n`)]);

function readBody(req) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        req.on('data', (c) => {
            size += c.length;
            if (size > MAX_BYTES) { reject(Object.assign(new Error('too large'), { status: 413 })); req.destroy(); return; }
            chunks.push(c);
        });
        req.on('end', () => resolve(Buffer.concat(chunks)));
        req.on('error', reject);
    });
}

function canRead(p, county) { return p.evaluator || p.counties.includes(county); }
function canWrite(p, county) { return p.counties.includes(county); }

async function handle(req, res) {
    const u = new URL(req.url, 'http://localhost');
    const path = u.pathname;
    const format = u.searchParams.get('format') || 'json';

    if (req.method === 'GET' && (path === '/' || path === '/index.html')) {
        const html = await readFile(PORTAL);
        return send(res, 200, html, {
            'Content-Type': 'text/html; charset=utf-8',
            // What the real host can send too: the page needs nothing from another origin.
            'Content-Security-Policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
        });
    }
    if (!path.startsWith('/api/')) return send(res, 404, { error: 'not found' });

    const p = principals[req.headers['x-api-key']];
    if (!p) return send(res, 401, { error: 'unauthorized' });

    let m;
    if (req.method === 'GET' && path === '/api/me') return send(res, 200, p);

    if (req.method === 'GET' && path === '/api/template') {
        const year = u.searchParams.get('year') || '';
        const profile = u.searchParams.get('profile') || 'quality-2017';
        return attachment(res, fakeXlsx(`template ${year} ${profile}`), XLSX, `县级模板-${year}-${profile}.xlsx`);
    }

    if ((m = /^\/api\/submissions\/(\d{4})\/(\d{6})$/.exec(path)) && req.method === 'POST') {
        const [, year, county] = m;
        if (!canWrite(p, county)) return send(res, 403, { error: 'forbidden', messageZh: '无权访问该县', messageEn: 'Not allowed for this county' });
        let body;
        try { body = await readBody(req); } catch (e) { return send(res, e.status || 400, { error: e.message }); }
        const sha256 = createHash('sha256').update(body).digest('hex');
        const key = `${year}/${county}`;
        const processing = { state: 'processing', county, year: Number(year), sha256, updatedUtc: new Date().toISOString(), issues: [], overall: null };
        submissions.set(key, processing);
        setTimeout(() => {
            if (submissions.get(key) !== processing) return;   // a newer upload replaced this one
            const updatedUtc = new Date().toISOString();
            if (body.includes('BROKEN')) {
                submissions.set(key, {
                    state: 'rejected', county, year: Number(year), sha256, updatedUtc, overall: null,
                    issues: [
                        { severity: 'error', code: 'county_mismatch', sheet: '基本信息', row: 2, column: 'B', cell: 'B2',
                            messageZh: `工作簿中的县代码与上传路径中的 ${county} 不一致`, messageEn: `The county code in the workbook differs from ${county} in the upload path` },
                        { severity: 'warning', code: 'zero_pupils', sheet: '学校', row: 12, column: 'F', cell: 'F12',
                            messageZh: '在校生数为 0，该校将不参与计算', messageEn: 'Zero pupils: the school is left out of the calculation' },
                    ],
                });
            } else {
                submissions.set(key, { state: 'accepted', county, year: Number(year), sha256, updatedUtc, issues: [], overall: 'fail' });
            }
        }, PROCESSING_MS);
        return send(res, 202, { state: 'processing', county, year: Number(year), sha256 });
    }

    if ((m = /^\/api\/submissions\/(\d{4})\/(\d{6})\/status$/.exec(path)) && req.method === 'GET') {
        const [, year, county] = m;
        if (!canRead(p, county)) return send(res, 403, { error: 'forbidden' });
        return send(res, 200, statusOf(year, county));
    }

    if ((m = /^\/api\/submissions\/(\d{4})\/(\d{6})\/validation$/.exec(path)) && req.method === 'GET') {
        const [, year, county] = m;
        if (!canRead(p, county)) return send(res, 403, { error: 'forbidden' });
        const s = statusOf(year, county);
        if (s.state !== 'rejected') return send(res, 404, { error: 'no validation report' });
        if (format === 'xlsx') return attachment(res, fakeXlsx(`validation ${year} ${county}`), XLSX, `validation-${year}-${county}.xlsx`);
        return attachment(res, JSON.stringify({ county, year: s.year, issues: s.issues }), 'application/json; charset=utf-8', `validation-${year}-${county}.json`);
    }

    if ((m = /^\/api\/scorecards\/(\d{4})\/(\d{6})$/.exec(path)) && req.method === 'GET') {
        const [, year, county] = m;
        if (!canRead(p, county)) return send(res, 403, { error: 'forbidden' });
        if (statusOf(year, county).state !== 'accepted') return send(res, 404, { error: 'no scorecard' });
        const name = `scorecard-${year}-${county}`;
        if (format === 'html') return attachment(res, `<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>${county}</title></head><body><h1>评估报告 ${county}</h1></body></html>\n`, 'text/html; charset=utf-8', `${name}.html`);
        if (format === 'xlsx') return attachment(res, fakeXlsx(name), XLSX, `${name}.xlsx`);
        return attachment(res, JSON.stringify({ schemaVersion: 1, county: { code: county, name: names[county] ?? '' }, schoolYear: Number(year) }), 'application/json; charset=utf-8', `${name}.json`);
    }

    if ((m = /^\/api\/counties\/(\d{4})$/.exec(path)) && req.method === 'GET') {
        if (!p.evaluator) return send(res, 403, { error: 'forbidden' });
        const year = Number(m[1]);
        const codes = new Set(Object.keys(names));
        for (const k of submissions.keys()) if (k.startsWith(`${year}/`)) codes.add(k.slice(5));
        const counties = [...codes].sort().map((code) => {
            const s = statusOf(year, code);
            return { code, name: names[code] ?? '', state: s.state, overall: s.overall, updatedUtc: s.updatedUtc };
        });
        return send(res, 200, { year, counties });
    }

    if ((m = /^\/api\/rollups\/(\d{4})\/run$/.exec(path)) && req.method === 'POST') {
        if (!p.evaluator) return send(res, 403, { error: 'forbidden' });
        const year = m[1];
        setTimeout(() => rollups.add(year), PROCESSING_MS);
        return send(res, 202, { state: 'processing', year: Number(year) });
    }

    if ((m = /^\/api\/rollups\/(\d{4})$/.exec(path)) && req.method === 'GET') {
        if (!p.evaluator) return send(res, 403, { error: 'forbidden' });
        const year = m[1];
        if (!rollups.has(year)) return send(res, 404, { error: 'no rollup yet', messageZh: '尚未运行汇总', messageEn: 'No rollup yet' });
        if (format === 'html') return attachment(res, `<!DOCTYPE html>\n<html><body><h1>Rollup ${year}</h1></body></html>\n`, 'text/html; charset=utf-8', `rollup-${year}.html`);
        if (format === 'xlsx') return attachment(res, fakeXlsx(`rollup ${year}`), XLSX, `rollup-${year}.xlsx`);
        return attachment(res, JSON.stringify({ year: Number(year), counties: [] }), 'application/json; charset=utf-8', `rollup-${year}.json`);
    }

    return send(res, 404, { error: 'not found' });
}

const server = createServer((req, res) => {
    handle(req, res).catch((e) => { console.error(e); if (!res.headersSent) send(res, 500, { error: String(e.message) }); });
});
server.listen(PORT, HOST, () => {
    console.log(`fake Metrics API on http://${HOST}:${server.address().port}/ (API key ${API_KEY}, county key ${COUNTY_KEY})`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
