// Scores secretlint's findings against the planted items of a veil_bench corpus and prints the summary table
// of bench/run. Node 20+, no dependencies.
//
//   node compare.mjs --veil veil.json --planted corpus.txt.planted.json --secretlint secretlint.json \
//        --secretlint-seconds S --startup-seconds S
//
// veil.json is the JSON line of `veil_bench --json`; secretlint.json is the output of `secretlint --format json`.
// secretlint reports ranges in UTF-16 code units (JavaScript string indices), so items are matched on their
// utf16Offset/utf16Length. An item counts as found when a finding's range overlaps it: masking the reported
// ranges would leave no intact copy of the value, which is how veil_bench counts Veil's recall too. (secretlint's
// AWS rule reports the secret's length from the start of `aws_secret_access_key`, so demanding full cover would
// undercount it.) How many found items a single range covers completely is reported as well.

import { readFileSync } from 'node:fs';

function parseArgs(argv) {
    const args = {};
    for (let i = 2; i < argv.length; i += 2) {
        if (!argv[i].startsWith('--') || i + 1 >= argv.length) {
            throw new Error(`bad argument ${argv[i]}`);
        }
        args[argv[i].slice(2)] = argv[i + 1];
    }
    for (const name of ['veil', 'planted', 'secretlint', 'secretlint-seconds', 'startup-seconds']) {
        if (!(name in args)) {
            throw new Error(`--${name} is required`);
        }
    }
    return args;
}

function score(items, ranges) {
    // ranges: [from, to) in UTF-16 units, sorted by from.
    const result = {
        secret: { planted: 0, found: 0, covered: 0 },
        pii: { planted: 0, found: 0, covered: 0 },
        byFamily: {},
    };
    for (const item of items) {
        const start = item.utf16Offset;
        const end = start + item.utf16Length;
        let covered = false;
        let overlapped = false;
        // A few thousand findings and items: a plain scan of the ranges that start before the item ends.
        for (let i = 0; i < ranges.length && ranges[i][0] < end; i++) {
            const [from, to] = ranges[i];
            if (to > start) {
                overlapped = true;
                if (from <= start && to >= end) {
                    covered = true;
                    break;
                }
            }
        }
        const kind = result[item.kind];
        const family = (result.byFamily[item.family] ??= { planted: 0, found: 0 });
        kind.planted++;
        family.planted++;
        if (overlapped) {
            kind.found++;
            family.found++;
        }
        if (covered) {
            kind.covered++;
        }
    }
    return result;
}

function pct(found, planted) {
    return planted === 0 ? 'n/a' : `${((100 * found) / planted).toFixed(2)}%`;
}

function row(cells, widths) {
    return cells.map((cell, i) => String(cell).padEnd(widths[i])).join('  ').trimEnd();
}

const args = parseArgs(process.argv);
const veilLines = readFileSync(args.veil, 'utf8').trim().split('\n');
const veil = JSON.parse(veilLines[veilLines.length - 1]);
const planted = JSON.parse(readFileSync(args.planted, 'utf8'));
const secretlint = JSON.parse(readFileSync(args.secretlint, 'utf8'));
const ranges = [];
for (const file of secretlint) {
    for (const message of file.messages ?? []) {
        if (Array.isArray(message.range)) {
            ranges.push(message.range);
        }
    }
}
ranges.sort((a, b) => a[0] - b[0]);
const sl = score(planted.items, ranges);

const mib = planted.bytes / (1024 * 1024);
const slSeconds = Number(args['secretlint-seconds']);
const startup = Number(args['startup-seconds']);
const slRaw = mib / slSeconds;
const slNet = slSeconds > startup ? mib / (slSeconds - startup) : NaN;
const veilMbs = veil.throughput.mbPerSecond;
const ratioRaw = veilMbs / slRaw;
const ratioNet = veilMbs / slNet;
const vs = veil.recall.secrets;
const vp = veil.recall.pii;

const widths = [34, 24, 24, 18];
const lines = [
    row(['', 'Veil', 'secretlint', 'target'], widths),
    row(
        [
            `throughput, ${mib.toFixed(0)} MiB corpus`,
            `${veilMbs.toFixed(1)} MB/s`,
            `${slRaw.toFixed(2)} MB/s (${slSeconds.toFixed(2)} s)`,
            'Veil >= 150 MB/s',
        ],
        widths,
    ),
    row(
        ['  secretlint net of start-up', '', `${slNet.toFixed(2)} MB/s (start-up ${startup.toFixed(2)} s)`, ''],
        widths,
    ),
    row(['speed ratio Veil / secretlint', `${ratioRaw.toFixed(1)}x raw, ${ratioNet.toFixed(1)}x net`, '', '>= 5x'], widths),
    row(
        [
            'recall, planted secrets',
            `${pct(vs.found, vs.planted)} (${vs.found}/${vs.planted})`,
            `${pct(sl.secret.found, sl.secret.planted)} (${sl.secret.found}/${sl.secret.planted})`,
            '>= 99%',
        ],
        widths,
    ),
    row(
        [
            'recall, planted PII',
            `${pct(vp.found, vp.planted)} (${vp.found}/${vp.planted})`,
            `${pct(sl.pii.found, sl.pii.planted)} (${sl.pii.found}/${sl.pii.planted})`,
            '>= 99%',
        ],
        widths,
    ),
    row(['8 KiB prompt, p99 (median)', `${veil.prompt.p99Ms.toFixed(3)} ms (${veil.prompt.medianMs.toFixed(3)})`, '', '< 0.2 ms'], widths),
];
console.log(lines.join('\n'));
const notes = [];
if (vs.partial + vp.partial > 0) {
    notes.push(`Veil: ${vs.partial + vp.partial} found items were only partly replaced.`);
}
const slPartly = sl.secret.found + sl.pii.found - sl.secret.covered - sl.pii.covered;
if (slPartly > 0) {
    notes.push(`secretlint: ${slPartly} found items were not covered completely by one reported range.`);
}
const slMissed = Object.entries(sl.byFamily)
    .filter(([name, f]) => f.found < f.planted && planted.items.some((i) => i.family === name && i.kind === 'secret'))
    .sort(([, a], [, b]) => b.planted - b.found - (a.planted - a.found));
if (slMissed.length > 0) {
    notes.push(
        'secretlint misses, by secret family (found/planted): ' +
            slMissed.map(([name, f]) => `${name} ${f.found}/${f.planted}`).join(', '),
    );
}
for (const note of notes) {
    console.log(note);
}
console.log(
    JSON.stringify({
        secretlint: {
            seconds: slSeconds,
            startupSeconds: startup,
            mbPerSecond: slRaw,
            mbPerSecondNet: slNet,
            findings: ranges.length,
            recall: { secrets: sl.secret, pii: sl.pii },
        },
        veil: { mbPerSecond: veilMbs, recall: { secrets: vs, pii: vp } },
        ratio: { raw: ratioRaw, net: ratioNet },
    }),
);
