// Retail Pulse dashboard: reads analytics-api's /api/v1 endpoints with the API key and draws them with ECharts.
// The key comes from the URL fragment (#key=..., never sent to the server) or the form, and stays in this tab's
// sessionStorage. The live alert stream is read with fetch, because EventSource cannot send the key header.
'use strict';

(() => {
    const KEY_STORE = 'retailpulse.apiKey';
    const PAGE_LIMIT = 1000;
    const HISTORY_DAYS = 90;     // actuals shown before the first forecast day
    const ALERTS_SHOWN = 50;
    const COLORS = {actual: '#1f2933', yhat: '#2f6fde', band: '#2f6fde', positive: '#2e9d5b', neutral: '#9aa5b1',
        negative: '#d64545', mean: '#8e44ad', reasons: '#e67e22', signal: '#16a085', significant: '#2f6fde',
        insignificant: '#c3cad3'};

    const $ = (id) => document.getElementById(id);
    const state = {key: null, pairs: [], store: null, product: null, signal: null, charts: {}, stream: null,
        alertIds: new Set()};

    class HttpError extends Error {
        constructor(status, detail) {
            super(detail);
            this.status = status;
        }
    }

    // ---- dates (ISO yyyy-mm-dd strings, UTC) ----
    const isoDay = (date) => date.toISOString().slice(0, 10);
    const today = () => isoDay(new Date());
    const addDays = (day, n) => {
        const d = new Date(day + 'T00:00:00Z');
        d.setUTCDate(d.getUTCDate() + n);
        return isoDay(d);
    };
    const daysFrom = (first, last) => {
        const days = [];
        for (let d = first; d <= last; d = addDays(d, 1)) {
            days.push(d);
        }
        return days;
    };

    // ---- API ----
    async function api(path) {
        const response = await fetch(path, {
            headers: {'Authorization': 'Bearer ' + state.key, 'Accept': 'application/json'},
            cache: 'no-store'
        });
        if (!response.ok) {
            let detail = response.status + ' ' + response.statusText;
            try {
                detail = (await response.json()).detail || detail;
            } catch (e) {
                // not problem+json: keep the status line
            }
            if (response.status === 401) {
                askForKey('The API key was refused: ' + detail);
            }
            throw new HttpError(response.status, detail);
        }
        return response.json();
    }

    /** Every item of a list endpoint, following the cursor (at most maxPages pages of 1000). */
    async function all(path, maxPages = 20) {
        const items = [];
        let cursor = null;
        for (let page = 0; page < maxPages; page++) {
            const separator = path.includes('?') ? '&' : '?';
            const answer = await api(path + separator + 'limit=' + PAGE_LIMIT
                + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
            items.push(...answer.items);
            cursor = answer.next;
            if (!cursor) {
                break;
            }
        }
        return items;
    }

    const query = (params) => Object.entries(params)
        .filter(([, v]) => v !== null && v !== undefined && v !== '')
        .map(([k, v]) => encodeURIComponent(k) + '=' + encodeURIComponent(v)).join('&');

    // ---- key handling ----
    function readFragment() {
        const params = new URLSearchParams(location.hash.slice(1));
        const key = params.get('key');
        if (key) {
            sessionStorage.setItem(KEY_STORE, key);
            params.delete('key');
        }
        // The key leaves the address bar (and so screenshots, history and shared links).
        writeFragment(params);
        return params;
    }

    function writeFragment(params) {
        const fragment = params.toString();
        history.replaceState(null, '', location.pathname + location.search + (fragment ? '#' + fragment : ''));
    }

    function askForKey(reason) {
        sessionStorage.removeItem(KEY_STORE);
        state.key = null;
        stopStream();
        $('key-reason').textContent = reason || 'This page needs the API key (the one ./pulse up prints).';
        $('key-form').hidden = false;
        document.body.classList.add('needs-key');
        document.body.dataset.state = 'needs-key';
    }

    // ---- charts ----
    function chart(id) {
        if (!state.charts[id]) {
            state.charts[id] = echarts.init($(id), null, {renderer: 'canvas'});
        }
        return state.charts[id];
    }

    /** A grey note in the middle of an empty chart. */
    const empty = (show, text) => ({show, text, left: 'center', top: 'middle',
        textStyle: {color: '#9aa5b1', fontSize: 14, fontWeight: 'normal'}});

    const round = (v, digits = 2) => (v === null || v === undefined || Number.isNaN(v)) ? '–' : v.toFixed(digits);

    function drawForecast(forecasts, sales) {
        const byDate = new Map(forecasts.map((f) => [f.date, f]));
        const units = new Map(sales.map((s) => [s.date, s.units]));
        const firstForecast = forecasts.length ? forecasts[0].date : null;
        const lastForecast = forecasts.length ? forecasts[forecasts.length - 1].date : null;
        const saleDates = sales.map((s) => s.date).sort();
        const lastSale = saleDates.length ? saleDates[saleDates.length - 1] : null;
        const first = [saleDates[0], firstForecast].filter(Boolean).sort()[0];
        const last = [lastSale, lastForecast].filter(Boolean).sort().pop();
        const dates = first ? daysFrom(first, last) : [];
        // daily_sales has a row for every day with a sale: up to the last one, a day without a row sold nothing.
        const actual = dates.map((d) => units.has(d) ? units.get(d) : (lastSale && d <= lastSale ? 0 : null));
        const pick = (field) => dates.map((d) => byDate.has(d) ? byDate.get(d)[field] : null);
        const lower = pick('yhat_lower');
        const upper = pick('yhat_upper');
        const band = dates.map((d, i) => lower[i] === null ? null : upper[i] - lower[i]);
        const runs = [...new Set(forecasts.map((f) => f.runId))];
        $('forecast-caption').textContent = forecasts.length
            ? `${state.store} · ${state.product} · run ${runs.join(', ')} · ${forecasts.length} days ahead, 80% interval`
            : `${state.store || ''} · ${state.product || ''} · no forecast yet`;
        chart('chart-forecast').setOption({
            animationDuration: 300,
            title: empty(!dates.length, 'No forecast or sales for this store-product yet'),
            grid: {left: 50, right: 20, top: 36, bottom: 50},
            legend: {top: 0, data: ['actual', 'yhat', 'interval']},
            tooltip: {
                trigger: 'axis',
                formatter: (items) => {
                    const i = items[0].dataIndex;
                    const lines = [dates[i]];
                    if (actual[i] !== null) lines.push('actual ' + actual[i]);
                    if (lower[i] !== null) {
                        lines.push('yhat ' + round(byDate.get(dates[i]).yhat));
                        lines.push('80% interval ' + round(lower[i]) + ' … ' + round(upper[i]));
                    }
                    return lines.join('<br>');
                }
            },
            xAxis: {type: 'category', data: dates, boundaryGap: false},
            yAxis: {type: 'value', name: 'units', scale: false},
            dataZoom: [{type: 'inside'}, {type: 'slider', height: 18, bottom: 6}],
            series: [
                {name: 'yhat_lower', type: 'line', data: lower, stack: 'interval', stackStrategy: 'all',
                    symbol: 'none', lineStyle: {opacity: 0}, silent: true, tooltip: {show: false}},
                {name: 'interval', type: 'line', data: band, stack: 'interval', stackStrategy: 'all',
                    symbol: 'none', lineStyle: {opacity: 0}, areaStyle: {color: COLORS.band, opacity: 0.18},
                    itemStyle: {color: COLORS.band}},
                {name: 'actual', type: 'line', data: actual, symbol: 'circle', symbolSize: 4,
                    itemStyle: {color: COLORS.actual}, lineStyle: {width: 1.2}},
                {name: 'yhat', type: 'line', data: pick('yhat'), symbol: 'none', itemStyle: {color: COLORS.yhat},
                    lineStyle: {width: 2},
                    markLine: firstForecast ? {silent: true, symbol: 'none', label: {formatter: 'forecast'},
                        lineStyle: {type: 'dashed', color: '#9aa5b1'}, data: [{xAxis: firstForecast}]} : undefined}
            ]
        }, true);
    }

    function drawComponents(forecasts) {
        const dates = forecasts.map((f) => f.date);
        const series = ['trend', 'weekly', 'yearly', 'holidays']
            .filter((name) => forecasts.some((f) => f[name] !== null && f[name] !== undefined))
            .map((name) => ({name, type: 'line', symbol: 'none', data: forecasts.map((f) => f[name] ?? null)}));
        chart('chart-components').setOption({
            animationDuration: 300,
            title: empty(!series.length, 'No forecast yet'),
            grid: {left: 50, right: 20, top: 36, bottom: 30},
            legend: {top: 0},
            tooltip: {trigger: 'axis', valueFormatter: (v) => round(v, 3)},
            xAxis: {type: 'category', data: dates, boundaryGap: false},
            yAxis: {type: 'value', scale: true},
            series
        }, true);
    }

    function drawSentiment(rows, from, to) {
        // One point per day over every source (and product or store, unless narrowed).
        const perDay = new Map();
        for (const r of rows) {
            const day = perDay.get(r.date) || {posts: 0, positive: 0, neutral: 0, negative: 0, weighted: 0};
            day.posts += r.posts;
            day.positive += r.positive;
            day.neutral += r.neutral;
            day.negative += r.negative;
            day.weighted += r.meanScore * r.posts;
            perDay.set(r.date, day);
        }
        const dates = daysFrom(from, to);
        const get = (field) => dates.map((d) => perDay.has(d) ? perDay.get(d)[field] : 0);
        const mean = dates.map((d) => perDay.has(d) && perDay.get(d).posts > 0
            ? perDay.get(d).weighted / perDay.get(d).posts : null);
        const posts = rows.reduce((sum, r) => sum + r.posts, 0);
        $('sentiment-caption').textContent = `${posts} posts, ${from} … ${to}`;
        chart('chart-sentiment').setOption({
            animationDuration: 300,
            title: empty(!rows.length, 'No scored feedback in these days'),
            grid: {left: 44, right: 44, top: 36, bottom: 30},
            legend: {top: 0},
            tooltip: {trigger: 'axis'},
            xAxis: {type: 'category', data: dates},
            yAxis: [{type: 'value', name: 'posts', minInterval: 1},
                {type: 'value', name: 'mean', min: -1, max: 1, splitLine: {show: false}}],
            series: [
                {name: 'positive', type: 'bar', stack: 'posts', data: get('positive'), itemStyle: {color: COLORS.positive}},
                {name: 'neutral', type: 'bar', stack: 'posts', data: get('neutral'), itemStyle: {color: COLORS.neutral}},
                {name: 'negative', type: 'bar', stack: 'posts', data: get('negative'), itemStyle: {color: COLORS.negative}},
                {name: 'mean sentiment', type: 'line', yAxisIndex: 1, data: mean, connectNulls: true,
                    symbolSize: 4, itemStyle: {color: COLORS.mean}, tooltip: {valueFormatter: (v) => round(v, 3)}}
            ]
        }, true);
    }

    function drawReasons(reasons) {
        // Rank 1 on top: a category y axis draws its first entry at the bottom, so reverse.
        const shown = [...reasons].sort((a, b) => a.rank - b.rank).reverse();
        const runs = [...new Set(reasons.map((r) => r.runId))];
        $('reasons-caption').textContent = reasons.length ? `topic run ${runs.join(', ')}` : 'no topic run yet';
        chart('chart-reasons').setOption({
            animationDuration: 300,
            title: empty(!reasons.length, 'No complaint reasons elected yet'),
            grid: {left: 10, right: 60, top: 10, bottom: 20, containLabel: true},
            tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'},
                formatter: (items) => {
                    const r = shown[items[0].dataIndex];
                    const keywords = (r.keywords || []).length ? '<br>' + escapeHtml(r.keywords.join(', ')) : '';
                    return `#${r.rank} ${escapeHtml(r.label)}<br>${r.unhappy} unhappy posts `
                        + `(${round(r.share * 100, 1)}% of the run's)${keywords}`;
                }},
            xAxis: {type: 'value', name: 'unhappy', minInterval: 1},
            yAxis: {type: 'category', data: shown.map((r) => r.label),
                axisLabel: {width: 220, overflow: 'truncate'}},
            series: [{name: 'unhappy', type: 'bar', data: shown.map((r) => r.unhappy),
                itemStyle: {color: COLORS.reasons},
                label: {show: true, position: 'right', formatter: (p) => round(shown[p.dataIndex].share * 100, 1) + '%'}}]
        }, true);
    }

    function drawSignals(name, values, sales, from, to) {
        // Sales of the chosen store-product (a day without a row sold nothing) against the series' values (a day
        // without a value is left empty, never filled in), on two axes.
        const dates = daysFrom(from, to);
        const units = new Map(sales.map((s) => [s.date, s.units]));
        const byDay = new Map(values.map((v) => [v.date, v.value]));
        $('signals-caption').textContent = name
            ? `${name} · ${state.store || ''} · ${state.product || ''} · ${from} … ${to}`
            : 'no external series yet';
        chart('chart-signals').setOption({
            animationDuration: 300,
            title: empty(!name, 'No external series yet (POST /api/v1/signals on ingest)'),
            grid: {left: 44, right: 50, top: 36, bottom: 30},
            legend: {top: 0},
            tooltip: {trigger: 'axis'},
            xAxis: {type: 'category', data: dates},
            yAxis: [{type: 'value', name: 'units', minInterval: 1},
                {type: 'value', name: name || '', scale: true, splitLine: {show: false}}],
            series: name ? [
                {name: 'units', type: 'bar', data: dates.map((d) => units.get(d) ?? 0),
                    itemStyle: {color: COLORS.actual, opacity: 0.55}},
                {name, type: 'line', yAxisIndex: 1, data: dates.map((d) => byDay.has(d) ? byDay.get(d) : null),
                    symbolSize: 4, itemStyle: {color: COLORS.signal}}
            ] : []
        }, true);
    }

    function drawCorrelation(answer, problem) {
        const lags = answer ? answer.lags : [];
        const best = answer ? answer.best : null;
        $('correlation-caption').textContent = best
            ? `${state.product} · ${state.store} · best lag ${best.lag} d, r ${round(best.correlation, 2)}, `
                + `p ${best.pValue < 1e-4 ? best.pValue.toExponential(1) : round(best.pValue, 4)}`
                + (best.significant ? ' (significant)' : ' (not significant)')
            : `${state.product || ''} · ${state.store || ''}`;
        chart('chart-correlation').setOption({
            animationDuration: 300,
            title: empty(!answer, problem || 'Choose a store and product'),
            grid: {left: 44, right: 20, top: 30, bottom: 40},
            tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'},
                formatter: (items) => {
                    const l = lags[items[0].dataIndex];
                    return `lag ${l.lag} d (${l.lag > 0 ? 'sentiment leads' : l.lag < 0 ? 'sales lead' : 'same day'})`
                        + `<br>r ${round(l.correlation, 3)} · p ${l.pValue === null ? '–' : round(l.pValue, 4)}`
                        + ` · ${l.days} days`;
                }},
            xAxis: {type: 'category', name: 'lag (days)', nameLocation: 'middle', nameGap: 24,
                data: lags.map((l) => String(l.lag))},
            yAxis: {type: 'value', name: 'r', min: -1, max: 1},
            series: answer ? [{name: 'correlation', type: 'bar',
                data: lags.map((l) => ({value: l.correlation,
                    itemStyle: {color: l.significant ? COLORS.significant : COLORS.insignificant}}))}] : []
        }, true);
    }

    function escapeHtml(text) {
        const div = document.createElement('div');
        div.textContent = text == null ? '' : String(text);
        return div.innerHTML;
    }

    // ---- alerts ----
    function alertItem(alert, live) {
        const li = document.createElement('li');
        li.dataset.alertId = alert.alertId;
        if (live) {
            li.classList.add('live');
        }
        const cell = (cls, text, title) => {
            const span = document.createElement('span');
            span.className = cls;
            span.textContent = text;
            if (title) span.title = title;
            li.appendChild(span);
        };
        const raised = alert.raisedAt || alert.ts || '';
        cell('when', raised.replace('T', ' ').slice(0, 19), raised);
        cell('topic', alert.topicLabel, 'topic ' + alert.topicId);
        cell('text', alert.text, (alert.source || '') + (alert.userId ? ' · ' + alert.userId : '') + ': ' + alert.text);
        cell('sim', alert.similarity == null ? '' : Number(alert.similarity).toFixed(2), 'similarity to the topic');
        return li;
    }

    function showAlerts(alerts) {
        const list = $('alerts');
        list.replaceChildren();
        state.alertIds.clear();
        alerts.slice(0, ALERTS_SHOWN).forEach((a) => {
            state.alertIds.add(a.alertId);
            list.appendChild(alertItem(a, false));
        });
        if (!alerts.length) {
            const li = document.createElement('li');
            li.className = 'empty';
            li.textContent = 'No alerts yet. New ones appear here as they are raised.';
            list.appendChild(li);
        }
    }

    function addLiveAlert(alert) {
        if (state.alertIds.has(alert.alertId)) {
            return;
        }
        state.alertIds.add(alert.alertId);
        const list = $('alerts');
        list.querySelectorAll('li.empty').forEach((li) => li.remove());
        list.prepend(alertItem(alert, true));
        while (list.children.length > ALERTS_SHOWN) {
            list.lastElementChild.remove();
        }
    }

    function setLive(status) {
        document.body.dataset.live = status;
        $('live-status').textContent = 'live: ' + status;
    }

    function stopStream() {
        if (state.stream) {
            state.stream.abort();
            state.stream = null;
        }
        setLive('off');
    }

    /** Parses one server-sent event block ("event: x\ndata: y"); comments (":...") give no event. */
    function parseEvent(block) {
        const event = {name: 'message', data: [], id: null};
        for (const line of block.split('\n')) {
            if (!line || line.startsWith(':')) continue;
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            let value = colon < 0 ? '' : line.slice(colon + 1);
            if (value.startsWith(' ')) value = value.slice(1);
            if (field === 'event') event.name = value;
            else if (field === 'data') event.data.push(value);
            else if (field === 'id') event.id = value;
        }
        return event.data.length ? {name: event.name, data: event.data.join('\n'), id: event.id} : null;
    }

    async function followAlerts() {
        stopStream();
        const controller = new AbortController();
        state.stream = controller;
        let backoff = 1000;
        let reconnected = false;
        while (!controller.signal.aborted) {
            setLive(reconnected ? 'reconnecting' : 'connecting');
            try {
                const response = await fetch('/api/v1/alerts/stream', {
                    headers: {'Authorization': 'Bearer ' + state.key, 'Accept': 'text/event-stream'},
                    cache: 'no-store', signal: controller.signal
                });
                if (response.status === 401) {
                    askForKey('The API key was refused by the alert stream.');
                    return;
                }
                if (!response.ok) {
                    throw new HttpError(response.status, 'alert stream answered ' + response.status);
                }
                const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
                let buffer = '';
                for (;;) {
                    const {value, done} = await reader.read();
                    if (done) break;
                    buffer = (buffer + value).replace(/\r\n/g, '\n');
                    let end;
                    while ((end = buffer.indexOf('\n\n')) >= 0) {
                        const event = parseEvent(buffer.slice(0, end));
                        buffer = buffer.slice(end + 2);
                        if (!event) continue;
                        if (event.name === 'ready') {
                            setLive('connected');
                            backoff = 1000;
                            if (reconnected) {
                                // Alerts raised while the stream was down are in the table.
                                loadAlerts().catch(report);
                            }
                        } else if (event.name === 'alert') {
                            addLiveAlert(JSON.parse(event.data));
                        }
                    }
                }
            } catch (e) {
                if (controller.signal.aborted) return;
                console.warn('alert stream:', e);
            }
            reconnected = true;
            setLive('reconnecting');
            await new Promise((resolve) => setTimeout(resolve, backoff));
            backoff = Math.min(backoff * 2, 30000);
        }
    }

    // ---- loading ----
    function report(error) {
        const message = $('message');
        message.textContent = error.message || String(error);
        message.hidden = false;
    }

    /** Store-product pairs of the newest forecast run (those forecast on its first day), else of recent sales. */
    async function loadPairs() {
        let rows = [];
        const first = await api('/api/v1/forecasts?limit=1');
        if (first.items.length) {
            const day = first.items[0].date;
            rows = await all('/api/v1/forecasts?' + query({from: day, to: day}), 10);
        }
        if (!rows.length) {
            rows = await all('/api/v1/sales/daily?' + query({from: addDays(today(), -HISTORY_DAYS)}), 10);
        }
        const pairs = new Map();
        rows.forEach((r) => pairs.set(r.store + '\u0000' + r.product, [r.store, r.product]));
        return [...pairs.values()].sort((a, b) => a[0].localeCompare(b[0]) || a[1].localeCompare(b[1]));
    }

    function fillSelect(select, values, chosen) {
        select.replaceChildren(...values.map((v) => new Option(v, v, false, v === chosen)));
    }

    function choosePair(store, product) {
        const stores = [...new Set(state.pairs.map((p) => p[0]))];
        state.store = stores.includes(store) ? store : (store || stores[0] || null);
        const products = state.pairs.filter((p) => p[0] === state.store).map((p) => p[1]);
        state.product = products.includes(product) ? product : (product || products[0] || null);
        fillSelect($('store'), stores.includes(state.store) || !state.store ? stores : [state.store, ...stores], state.store);
        fillSelect($('product'), products.includes(state.product) || !state.product ? products
            : [state.product, ...products], state.product);
        const params = new URLSearchParams(location.hash.slice(1));
        if (state.store) params.set('store', state.store);
        if (state.product) params.set('product', state.product);
        writeFragment(params);
    }

    async function loadForecast() {
        if (!state.store || !state.product) {
            drawForecast([], []);
            drawComponents([]);
            drawModelChoice(null, [], null);
            return;
        }
        const pair = {store: state.store, product: state.product};
        const forecasts = await all('/api/v1/forecasts?' + query(pair));
        const from = addDays(forecasts.length ? forecasts[0].date : today(), -HISTORY_DAYS);
        const to = forecasts.length ? forecasts[forecasts.length - 1].date : today();
        const sales = await all('/api/v1/sales/daily?' + query({...pair, from, to}));
        drawForecast(forecasts, sales);
        drawComponents(forecasts);
        await loadModelChoice(forecasts);
    }

    /** The forecast's run: the candidates' errors for this store-product, and the run's wins per model. */
    async function loadModelChoice(forecasts) {
        if (!forecasts.length) {
            drawModelChoice(null, [], null);
            return;
        }
        const runId = forecasts[0].runId;
        const [candidates, summary] = await Promise.all([
            all('/api/v1/forecasts/models?' + query({runId, store: state.store, product: state.product}), 1),
            api('/api/v1/forecasts/models/summary?' + query({runId}))]);
        drawModelChoice(runId, candidates, summary, forecasts[0].model);
    }

    function tableRows(id, rows, emptyText, columns) {
        const body = $(id).tBodies[0];
        body.replaceChildren();
        if (!rows.length) {
            const tr = body.insertRow();
            const td = tr.insertCell();
            td.colSpan = columns;
            td.className = 'empty';
            td.textContent = emptyText;
        }
        return body;
    }

    function drawModelChoice(runId, candidates, summary, model) {
        const runMeans = new Map((summary ? summary.candidates : [])
            .map((c) => [c.candidate + '\u0000' + c.backtest, c.meanMase]));
        const byError = [...candidates].sort((a, b) => (a.mase ?? Infinity) - (b.mase ?? Infinity)
            || a.candidate.localeCompare(b.candidate));
        const chosen = byError.find((c) => c.chosen);
        const used = model || (chosen ? chosen.model : null);
        $('model-caption').textContent = runId === null
            ? `${state.store || ''} · ${state.product || ''} · no forecast yet`
            : `${state.store} · ${state.product} · run ${runId} · model ${used || 'not recorded'}`
                + (chosen ? ` · ${chosen.backtest} MASE ${round(chosen.mase, 3)}` : '');
        const body = tableRows('candidates', byError, runId === null ? 'No forecast yet.'
            : 'This run stored no candidate errors for this store-product.', 6);
        byError.forEach((c) => {
            const tr = body.insertRow();
            tr.dataset.candidate = c.candidate;
            if (c.chosen) tr.className = 'chosen';
            const cells = [c.candidate, c.backtest, round(c.mase, 3), round(c.smape, 1),
                round(runMeans.get(c.candidate + '\u0000' + c.backtest), 3), c.chosen ? '✓' : ''];
            cells.forEach((text, i) => {
                const td = tr.insertCell();
                td.textContent = text;
                if (i >= 2 && i <= 4) td.className = 'number';
            });
        });
        const wins = summary ? Object.entries(summary.wins).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
            : [];
        const winsBody = tableRows('wins', wins, 'No model choice stored for this run.', 2);
        wins.forEach(([name, pairs]) => {
            const tr = winsBody.insertRow();
            tr.dataset.model = name;
            tr.insertCell().textContent = name;
            const td = tr.insertCell();
            td.textContent = pairs;
            td.className = 'number';
        });
    }

    async function loadSentiment() {
        const to = today();
        const from = addDays(to, -(Number($('days').value) - 1));
        const scope = $('scope').value;
        const filter = {from, to};
        if (scope === 'product') filter.product = state.product;
        if (scope === 'store') filter.store = state.store;
        const rows = await all('/api/v1/sentiment/daily?' + query(filter));
        drawSentiment(rows, from, to);
    }

    /** The stored series' names, for the select; keeps the chosen one (also from the fragment). */
    async function loadSignalNames(chosen) {
        const names = (await all('/api/v1/signals/series', 5)).map((s) => s.name);
        state.signal = names.includes(chosen) ? chosen : (names[0] || null);
        fillSelect($('signal'), names, state.signal);
    }

    async function loadSignals() {
        const to = today();
        const from = addDays(to, -(Number($('days').value) - 1));
        if (!state.signal) {
            drawSignals(null, [], [], from, to);
            return;
        }
        const pair = {store: state.store, product: state.product};
        const [values, sales] = await Promise.all([
            all('/api/v1/signals?' + query({name: state.signal, from, to})),
            state.store && state.product ? all('/api/v1/sales/daily?' + query({...pair, from, to})) : []]);
        drawSignals(state.signal, values, sales, from, to);
    }

    /** 404 (unknown) and 422 (too little data) are answers to show in the panel, not failures of the page. */
    async function loadCorrelation() {
        if (!state.store || !state.product) {
            drawCorrelation(null, null);
            return;
        }
        try {
            drawCorrelation(await api('/api/v1/insights/sentiment-sales?'
                + query({product: state.product, store: state.store})), null);
        } catch (e) {
            if (e.status === 404 || e.status === 422) {
                drawCorrelation(null, e.message);
                return;
            }
            throw e;
        }
    }

    async function loadReasons() {
        drawReasons(await all('/api/v1/topics/top-reasons', 1));
    }

    async function loadAlerts() {
        const page = await api('/api/v1/alerts?' + query({limit: ALERTS_SHOWN, sort: '-raisedAt'}));
        showAlerts(page.items);
    }

    async function loadAll() {
        document.body.dataset.state = 'loading';
        $('message').hidden = true;
        const results = await Promise.allSettled([loadForecast(), loadSentiment(), loadSignals(), loadCorrelation(),
            loadReasons(), loadAlerts()]);
        const failed = results.filter((r) => r.status === 'rejected').map((r) => r.reason);
        if (failed.some((e) => e.status === 401)) {
            return;
        }
        if (failed.length) {
            report({message: 'Some data could not be loaded: ' + failed.map((e) => e.message).join('; ')});
        }
        document.body.dataset.state = failed.length ? 'partial' : 'ready';
    }

    async function start(fragment) {
        $('key-form').hidden = true;
        document.body.classList.remove('needs-key');
        try {
            state.pairs = await loadPairs();
        } catch (e) {
            if (e.status !== 401) {
                report(e);
                document.body.dataset.state = 'error';
            }
            return;
        }
        choosePair(fragment.get('store'), fragment.get('product'));
        try {
            await loadSignalNames(fragment.get('signal'));
        } catch (e) {
            if (e.status === 401) {
                return;
            }
            report(e);
        }
        followAlerts();
        await loadAll();
    }

    function init() {
        const fragment = readFragment();
        state.key = sessionStorage.getItem(KEY_STORE);
        $('key-form').addEventListener('submit', (e) => {
            e.preventDefault();
            state.key = $('key-input').value.trim();
            sessionStorage.setItem(KEY_STORE, state.key);
            $('key-input').value = '';
            start(new URLSearchParams(location.hash.slice(1)));
        });
        $('forget-key').addEventListener('click', () => askForKey('Key forgotten. Enter it again to continue.'));
        $('store').addEventListener('change', () => {
            choosePair($('store').value, null);
            Promise.all([loadForecast(), $('scope').value === 'all' ? null : loadSentiment(), loadSignals(),
                loadCorrelation()]).catch(report);
        });
        $('product').addEventListener('change', () => {
            choosePair(state.store, $('product').value);
            Promise.all([loadForecast(), $('scope').value === 'product' ? loadSentiment() : null, loadSignals(),
                loadCorrelation()]).catch(report);
        });
        $('signal').addEventListener('change', () => {
            state.signal = $('signal').value;
            const params = new URLSearchParams(location.hash.slice(1));
            params.set('signal', state.signal);
            writeFragment(params);
            loadSignals().catch(report);
        });
        $('days').addEventListener('change', () => Promise.all([loadSentiment(), loadSignals()]).catch(report));
        $('scope').addEventListener('change', () => loadSentiment().catch(report));
        window.addEventListener('resize', () => Object.values(state.charts).forEach((c) => c.resize()));
        if (!state.key) {
            askForKey();
            return;
        }
        start(fragment);
    }

    if (typeof echarts === 'undefined') {
        document.body.dataset.state = 'error';
        report({message: 'ECharts did not load from /_static/echarts/6.0.0/.'});
        return;
    }
    init();
})();
