// tousei SOC dashboard: controls × AWS accounts, live through server-sent events. Plain JavaScript, no build step.
// Every value from the server is written with textContent (never innerHTML).
'use strict';

(() => {
    const API = '/dashboard/api/';
    const STATUSES = ['PASSED', 'FAILED', 'STALE', 'INSUFFICIENT_DATA', 'NOT_APPLICABLE'];
    const RELOAD_EVERY_MS = 5 * 60 * 1000; // safety net for missed events; also keeps the session refreshed
    const RECONNECT_MS = 3000;

    const I18N = {
        ja: {
            'title': '統制モニタリング',
            'live.connecting': '接続中…',
            'live.on': 'ライブ更新中',
            'live.off': '切断（再接続します）',
            'user': 'ユーザー',
            'logout': 'ログアウト',
            'forbidden.title': 'アクセス権がありません',
            'forbidden.text': 'このダッシュボードを見るには viewer ロールが必要です。管理者に依頼してください。',
            'filter.framework': 'フレームワーク',
            'filter.all': 'すべて',
            'legend': '凡例',
            'updated': '最終更新',
            'totals.title': 'フレームワーク別の集計',
            'grid.caption': '統制項目 × AWS アカウントのステータス',
            'grid.control': '統制項目',
            'grid.score': 'スコア',
            'grid.empty': 'まだ評価結果がありません。',
            'grid.notAssessed': '未評価',
            'status.PASSED': '準拠',
            'status.FAILED': '非準拠',
            'status.STALE': '期限切れ',
            'status.INSUFFICIENT_DATA': 'データ不足',
            'status.NOT_APPLICABLE': '対象外',
            'fw.fisc': 'FISC 安全対策基準',
            'fw.wa': 'AWS Well-Architected セキュリティの柱',
            'detail.close': '閉じる',
            'detail.account': 'AWS アカウント',
            'detail.status': 'ステータス',
            'detail.since': 'この状態になった日時',
            'detail.reason': '理由',
            'detail.failedResources': '非準拠のリソース',
            'detail.evidence': 'エビデンス',
            'detail.evidenceHint': 'evidence-collector の GET /api/v1/evidence/{id} で原本を取得できます。',
            'detail.attestations': 'アテステーション（監査人の証明）',
            'detail.history': '履歴',
            'detail.none': 'なし',
            'detail.loading': '読み込み中…',
            'att.auditor': '監査人',
            'att.statement': '表明',
            'att.attestedAt': '証明日',
            'att.expiresAt': '有効期限',
            'att.state': '状態',
            'att.valid': '有効',
            'att.expired': '期限切れ',
            'att.revoked': '取消済み',
            'att.allAccounts': '全アカウント',
            'history.at': '日時',
            'history.change': '変化',
            'history.reason': '理由',
            'history.first': '（初回）',
            'error.session': 'セッションの有効期限が切れました。再読み込みします…',
            'error.load': 'データを読み込めませんでした',
        },
        en: {
            'title': 'Control monitoring',
            'live.connecting': 'Connecting…',
            'live.on': 'Live',
            'live.off': 'Disconnected (reconnecting)',
            'user': 'User',
            'logout': 'Log out',
            'forbidden.title': 'Access denied',
            'forbidden.text': 'The dashboard needs the viewer role. Ask an administrator for it.',
            'filter.framework': 'Framework',
            'filter.all': 'All',
            'legend': 'Legend',
            'updated': 'Updated',
            'totals.title': 'Totals per framework',
            'grid.caption': 'Status of each control in each AWS account',
            'grid.control': 'Control',
            'grid.score': 'Score',
            'grid.empty': 'No assessments yet.',
            'grid.notAssessed': 'Not assessed',
            'status.PASSED': 'Passed',
            'status.FAILED': 'Failed',
            'status.STALE': 'Stale',
            'status.INSUFFICIENT_DATA': 'No data',
            'status.NOT_APPLICABLE': 'N/A',
            'fw.fisc': 'FISC Security Guidelines',
            'fw.wa': 'AWS Well-Architected Security Pillar',
            'detail.close': 'Close',
            'detail.account': 'AWS account',
            'detail.status': 'Status',
            'detail.since': 'Since',
            'detail.reason': 'Reason',
            'detail.failedResources': 'Failing resources',
            'detail.evidence': 'Evidence',
            'detail.evidenceHint': 'The originals: GET /api/v1/evidence/{id} on evidence-collector.',
            'detail.attestations': 'Attestations (auditors\u2019 statements)',
            'detail.history': 'History',
            'detail.none': 'None',
            'detail.loading': 'Loading…',
            'att.auditor': 'Auditor',
            'att.statement': 'Statement',
            'att.attestedAt': 'Attested',
            'att.expiresAt': 'Expires',
            'att.state': 'State',
            'att.valid': 'Valid',
            'att.expired': 'Expired',
            'att.revoked': 'Revoked',
            'att.allAccounts': 'All accounts',
            'history.at': 'When',
            'history.change': 'Change',
            'history.reason': 'Reason',
            'history.first': '(first)',
            'error.session': 'Your session has expired. Reloading…',
            'error.load': 'Could not load the data',
        },
    };

    const state = {
        lang: localStorage.getItem('tousei.lang') === 'en' ? 'en' : 'ja',
        framework: 'all',
        controls: new Map(),   // control id -> {id, displayId, frameworkId, titleJa, titleEn}
        statuses: new Map(),   // "control|account" -> status view
        summary: [],
        selected: null,        // {controlId, accountId}
        loading: false,
        queued: [],            // events that arrived during a load
        source: null,
    };

    const $ = (id) => document.getElementById(id);
    const t = (key) => (I18N[state.lang][key] ?? I18N.ja[key] ?? key);
    const keyOf = (controlId, accountId) => controlId + '|' + accountId;

    /** "fisc" or "wa" for the two frameworks the filter knows; any other framework id as it is. */
    function frameworkKey(frameworkId) {
        if (!frameworkId) return 'other';
        if (frameworkId.startsWith('fisc')) return 'fisc';
        if (frameworkId.startsWith('aws-wa')) return 'wa';
        return frameworkId;
    }

    function frameworkLabel(key) {
        return I18N[state.lang]['fw.' + key] ?? key;
    }

    function formatTime(iso) {
        if (!iso) return '—';
        const date = new Date(iso);
        if (Number.isNaN(date.getTime())) return iso;
        return new Intl.DateTimeFormat(state.lang === 'ja' ? 'ja-JP' : 'en-GB', {
            dateStyle: 'medium', timeStyle: 'medium', timeZone: 'Asia/Tokyo',
        }).format(date) + ' JST';
    }

    function el(tag, attributes = {}, text) {
        const node = document.createElement(tag);
        for (const [name, value] of Object.entries(attributes)) {
            if (value !== undefined && value !== null) node.setAttribute(name, value);
        }
        if (text !== undefined && text !== null) node.textContent = text;
        return node;
    }

    // ------------------------------------------------------------------------------------------- server calls

    async function api(path) {
        const response = await fetch(API + path, {
            credentials: 'same-origin',
            cache: 'no-store',
            headers: { 'Accept': 'application/json', 'X-Requested-With': 'JavaScript' },
        });
        if (response.status === 499 || response.status === 401) {
            sessionExpired();
            throw new Error('session expired');
        }
        if (!response.ok) {
            const error = new Error(path + ': HTTP ' + response.status);
            error.status = response.status;
            throw error;
        }
        return response.json();
    }

    let reloading = false;

    function sessionExpired() {
        if (reloading) return;
        reloading = true;
        showBanner(t('error.session'));
        setTimeout(() => location.reload(), 1500);
    }

    function showBanner(text) {
        const banner = $('banner');
        banner.textContent = text;
        banner.hidden = !text;
    }

    // ------------------------------------------------------------------------------------------------ loading

    async function loadAll() {
        state.loading = true;
        try {
            const [controls, statuses, summary] = await Promise.all([api('controls'), api('statuses'), api('summary')]);
            state.controls = new Map(controls.map((control) => [control.id, control]));
            state.statuses = new Map(statuses.map((status) => [keyOf(status.controlId, status.accountId), status]));
            state.summary = summary;
            const queued = state.queued;
            state.queued = [];
            queued.forEach((event) => applyChange(event, false));
            if (queued.length > 0) reloadSummarySoon();
            markUpdated();
            showBanner('');
            renderAll();
        } catch (error) {
            if (!reloading) showBanner(t('error.load') + ': ' + error.message);
        } finally {
            state.loading = false;
        }
    }

    let updatedAt = null;

    function markUpdated() {
        updatedAt = new Date().toISOString();
        $('updated').textContent = formatTime(updatedAt);
    }

    let summaryTimer = null;

    function reloadSummarySoon() {
        clearTimeout(summaryTimer);
        summaryTimer = setTimeout(async () => {
            try {
                state.summary = await api('summary');
                renderScores();
                renderTotals();
            } catch (error) {
                // the next event or the periodic reload tries again
            }
        }, 300);
    }

    // ------------------------------------------------------------------------------------------- live updates

    function connect() {
        if (state.source) state.source.close();
        const source = new EventSource(API + 'events');
        state.source = source;
        source.addEventListener('ready', () => {
            setLive(true);
            loadAll(); // anything that changed before the stream stood
        });
        source.addEventListener('status', (message) => {
            const event = JSON.parse(message.data);
            if (state.loading) {
                state.queued.push(event);
                return;
            }
            applyChange(event, true);
            markUpdated();
            reloadSummarySoon();
        });
        source.onerror = () => {
            setLive(false);
            if (source.readyState === EventSource.CLOSED) {
                // the server refused the stream (e.g. the session is gone): find out, then retry
                api('me').then(() => setTimeout(connect, RECONNECT_MS), () => setTimeout(connect, RECONNECT_MS));
            }
        };
    }

    function setLive(live) {
        $('live').dataset.live = String(live);
        const text = $('live-text');
        text.dataset.i18n = live ? 'live.on' : 'live.off';
        text.textContent = t(text.dataset.i18n);
    }

    /** One ControlStatusChanged from the stream, or queued during a load. */
    function applyChange(event, render) {
        const key = keyOf(event.controlId, event.accountId);
        const known = state.statuses.get(key);
        if (known && known.since && event.changedAt && new Date(known.since) > new Date(event.changedAt)) {
            return; // older than what we show
        }
        state.statuses.set(key, {
            accountId: event.accountId,
            controlId: event.controlId,
            frameworkId: event.frameworkId,
            status: event.status,
            reason: event.reason,
            evidenceIds: event.evidenceIds ?? [],
            attestationIds: event.attestationIds ?? [],
            failedResources: event.failedResources ?? [],
            since: event.changedAt,
        });
        let structural = false;
        if (!state.controls.has(event.controlId)) {
            state.controls.set(event.controlId, {
                id: event.controlId, displayId: event.displayId ?? event.controlId, frameworkId: event.frameworkId,
            });
            structural = true;
        }
        if (!render) return;
        const cell = findCell(event.controlId, event.accountId);
        if (structural || !cell) {
            renderAll();
        } else {
            fillCell(cell, state.statuses.get(key));
        }
        const updated = findCell(event.controlId, event.accountId);
        if (updated) {
            updated.classList.remove('changed');
            void updated.offsetWidth; // restart the animation
            updated.classList.add('changed');
        }
        if (state.selected && state.selected.controlId === event.controlId
            && state.selected.accountId === event.accountId) {
            openDetail(event.controlId, event.accountId);
        }
    }

    // --------------------------------------------------------------------------------------------- rendering

    function visibleControls() {
        return [...state.controls.values()]
            .filter((control) => state.framework === 'all' || frameworkKey(control.frameworkId) === state.framework)
            .sort((a, b) => {
                const fa = frameworkKey(a.frameworkId);
                const fb = frameworkKey(b.frameworkId);
                if (fa !== fb) return fa.localeCompare(fb);
                return (a.displayId ?? a.id).localeCompare(b.displayId ?? b.id, undefined, { numeric: true });
            });
    }

    function accounts() {
        const all = new Set();
        state.statuses.forEach((status) => all.add(status.accountId));
        state.summary.forEach((summary) => all.add(summary.accountId));
        return [...all].sort();
    }

    function visibleFrameworks() {
        const keys = new Set();
        state.controls.forEach((control) => keys.add(frameworkKey(control.frameworkId)));
        state.summary.forEach((summary) => keys.add(frameworkKey(summary.frameworkId)));
        return [...keys].filter((key) => state.framework === 'all' || key === state.framework).sort();
    }

    function findCell(controlId, accountId) {
        return $('grid').querySelector(
            'td.cell[data-control="' + CSS.escape(controlId) + '"][data-account="' + CSS.escape(accountId) + '"]');
    }

    function fillCell(cell, status) {
        const value = status ? status.status : '';
        cell.dataset.status = value;
        cell.textContent = value ? t('status.' + value) : '—';
        cell.title = status ? (t('status.' + value) + ' — ' + (status.reason ?? '')) : t('grid.notAssessed');
        cell.setAttribute('aria-label', cell.dataset.control + ' / ' + cell.dataset.account + ': '
            + (value ? t('status.' + value) : t('grid.notAssessed')));
    }

    function renderAll() {
        renderGrid();
        renderTotals();
        if (state.selected) markSelected();
    }

    function renderGrid() {
        const grid = $('grid');
        const head = grid.tHead;
        const body = grid.tBodies[0];
        const accountIds = accounts();
        const controls = visibleControls();
        head.replaceChildren();
        body.replaceChildren();

        const header = el('tr');
        header.append(el('th', { scope: 'col', 'data-i18n': 'grid.control' }, t('grid.control')));
        accountIds.forEach((account) => header.append(el('th', { scope: 'col', 'data-account': account }, account)));
        head.append(header);
        visibleFrameworks().forEach((key) => {
            const row = el('tr', { class: 'score', 'data-framework': key });
            row.append(el('th', { scope: 'row' }, t('grid.score') + ' · ' + frameworkShort(key)));
            accountIds.forEach((account) => row.append(el('td', {
                'data-score-framework': key, 'data-account': account,
            })));
            head.append(row);
        });

        controls.forEach((control) => {
            const row = el('tr', { 'data-control': control.id });
            const th = el('th', { scope: 'row' });
            th.append(el('span', { class: 'fw' }, frameworkShort(frameworkKey(control.frameworkId))));
            th.append(el('span', { class: 'id' }, control.displayId ?? control.id));
            const title = state.lang === 'ja' ? (control.titleJa ?? control.titleEn) : (control.titleEn ?? control.titleJa);
            if (title) th.append(el('span', { class: 'title' }, title));
            th.title = title ?? control.id;
            row.append(th);
            accountIds.forEach((account) => {
                const cell = el('td', {
                    class: 'cell', tabindex: '0', 'data-control': control.id, 'data-account': account,
                });
                fillCell(cell, state.statuses.get(keyOf(control.id, account)));
                row.append(cell);
            });
            body.append(row);
        });
        $('empty').hidden = controls.length > 0 && accountIds.length > 0;
        renderScores();
    }

    function frameworkShort(key) {
        return key === 'fisc' ? 'FISC' : key === 'wa' ? 'WA' : key;
    }

    function renderScores() {
        const byKey = new Map();
        state.summary.forEach((summary) => {
            // a framework key may cover several framework ids: show the score of each (usually one)
            byKey.set(frameworkKey(summary.frameworkId) + '|' + summary.accountId, summary);
        });
        document.querySelectorAll('#grid td[data-score-framework]').forEach((cell) => {
            const summary = byKey.get(cell.dataset.scoreFramework + '|' + cell.dataset.account);
            const score = summary ? summary.score : null;
            cell.textContent = score === null || score === undefined ? '—' : score.toFixed(1) + '%';
            cell.dataset.score = score === null || score === undefined ? '' : String(score);
        });
    }

    function renderTotals() {
        const totals = $('totals');
        totals.querySelectorAll('.total-card').forEach((card) => card.remove());
        const byFramework = new Map();
        state.summary.forEach((summary) => {
            const key = frameworkKey(summary.frameworkId);
            if (state.framework !== 'all' && key !== state.framework) return;
            const counts = byFramework.get(key) ?? {};
            Object.entries(summary.counts ?? {}).forEach(([status, count]) => {
                counts[status] = (counts[status] ?? 0) + count;
            });
            byFramework.set(key, counts);
        });
        [...byFramework.keys()].sort().forEach((key) => {
            const counts = byFramework.get(key);
            const total = STATUSES.reduce((sum, status) => sum + (counts[status] ?? 0), 0);
            const card = el('div', { class: 'total-card', 'data-framework': key });
            card.append(el('h3', {}, frameworkLabel(key)));
            const chips = el('div', { class: 'counts' });
            const bar = el('div', { class: 'bar', 'aria-hidden': 'true' });
            STATUSES.forEach((status) => {
                const count = counts[status] ?? 0;
                chips.append(el('span', { class: 'chip', 'data-status': status, 'data-count': String(count) },
                    t('status.' + status) + ' ' + count));
                if (count > 0 && total > 0) {
                    const part = el('span', { 'data-status': status });
                    part.style.width = (100 * count / total) + '%';
                    bar.append(part);
                }
            });
            card.append(chips, bar);
            totals.append(card);
        });
    }

    // ----------------------------------------------------------------------------------------------- detail

    let detailRequest = 0;

    async function openDetail(controlId, accountId) {
        const changed = !state.selected || state.selected.controlId !== controlId
            || state.selected.accountId !== accountId;
        state.selected = { controlId, accountId };
        document.body.classList.add('detail-open');
        markSelected();
        const cell = findCell(controlId, accountId);
        if (changed && cell) cell.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        const request = ++detailRequest;
        const control = state.controls.get(controlId) ?? { id: controlId, displayId: controlId };
        const status = state.statuses.get(keyOf(controlId, accountId));
        const detail = $('detail');
        detail.hidden = false;
        detail.dataset.control = controlId;
        detail.dataset.account = accountId;
        $('detail-title').textContent = (control.displayId ?? controlId);
        $('detail-control-title').textContent =
            (state.lang === 'ja' ? (control.titleJa ?? control.titleEn) : (control.titleEn ?? control.titleJa)) ?? '';
        $('detail-account').textContent = accountId;
        const badge = $('detail-status');
        badge.dataset.status = status ? status.status : '';
        badge.textContent = status ? t('status.' + status.status) : t('grid.notAssessed');
        $('detail-since').textContent = formatTime(status?.since);
        $('detail-reason').textContent = status?.reason ?? '—';
        fillList($('detail-resources'), status?.failedResources ?? []);
        fillList($('detail-evidence'), (status?.evidenceIds ?? []));
        const loading = (table, columns) => table.tBodies[0].replaceChildren(
            rowOf([t('detail.loading')], columns));
        loading($('detail-attestations'), 5);
        loading($('detail-history'), 3);
        try {
            const [history, attestations] = await Promise.all([
                api('controls/' + encodeURIComponent(controlId) + '/accounts/' + encodeURIComponent(accountId)
                    + '/history'),
                api('controls/' + encodeURIComponent(controlId) + '/attestations'),
            ]);
            if (request !== detailRequest) return;
            renderHistory(history);
            renderAttestations(attestations.filter((a) => !a.accountId || a.accountId === accountId));
        } catch (error) {
            if (request === detailRequest && !reloading) showBanner(t('error.load') + ': ' + error.message);
        }
    }

    function rowOf(values, columns) {
        const row = el('tr');
        if (values.length === 1 && columns > 1) {
            row.append(el('td', { colspan: String(columns), class: 'none' }, values[0]));
        } else {
            values.forEach((value) => row.append(el('td', {}, value)));
        }
        return row;
    }

    function fillList(list, items) {
        list.replaceChildren();
        if (items.length === 0) {
            list.append(el('li', { class: 'none' }, t('detail.none')));
            return;
        }
        items.forEach((item) => list.append(el('li', {}, item)));
    }

    function renderHistory(history) {
        const body = $('detail-history').tBodies[0];
        body.replaceChildren();
        if (history.length === 0) {
            body.append(rowOf([t('detail.none')], 3));
            return;
        }
        history.forEach((transition) => {
            const row = el('tr', { class: 'transition', 'data-to': transition.status });
            const change = el('td');
            change.append(transition.previousStatus
                ? el('span', { class: 'chip', 'data-status': transition.previousStatus },
                    t('status.' + transition.previousStatus))
                : el('span', {}, t('history.first')));
            change.append(document.createTextNode(' → '));
            change.append(el('span', { class: 'chip', 'data-status': transition.status }, t('status.' + transition.status)));
            row.append(el('td', {}, formatTime(transition.changedAt)), change, el('td', {}, transition.reason ?? ''));
            body.append(row);
        });
    }

    function renderAttestations(attestations) {
        const body = $('detail-attestations').tBodies[0];
        body.replaceChildren();
        if (attestations.length === 0) {
            body.append(rowOf([t('detail.none')], 5));
            return;
        }
        const now = Date.now();
        attestations.forEach((attestation) => {
            const stateKey = attestation.revokedAt ? 'att.revoked'
                : new Date(attestation.expiresAt).getTime() <= now ? 'att.expired' : 'att.valid';
            const row = el('tr', { 'data-attestation': attestation.id });
            row.append(
                el('td', {}, attestation.auditor ?? ''),
                el('td', {}, attestation.statement ?? ''),
                el('td', {}, formatTime(attestation.attestedAt)),
                el('td', {}, formatTime(attestation.expiresAt)),
                el('td', {}, t(stateKey) + (attestation.accountId ? '' : ' · ' + t('att.allAccounts'))));
            body.append(row);
        });
    }

    function markSelected() {
        document.querySelectorAll('#grid td.cell.selected').forEach((cell) => cell.classList.remove('selected'));
        if (!state.selected) return;
        const cell = findCell(state.selected.controlId, state.selected.accountId);
        if (cell) cell.classList.add('selected');
    }

    function closeDetail() {
        state.selected = null;
        $('detail').hidden = true;
        document.body.classList.remove('detail-open');
        markSelected();
    }

    // --------------------------------------------------------------------------------------------- language

    function applyLanguage(lang) {
        state.lang = lang;
        localStorage.setItem('tousei.lang', lang);
        document.documentElement.lang = lang;
        document.querySelectorAll('[data-i18n]').forEach((node) => {
            node.textContent = t(node.dataset.i18n);
        });
        document.querySelectorAll('.lang button').forEach((button) => {
            button.setAttribute('aria-pressed', String(button.dataset.lang === lang));
        });
        document.title = t('title') + ' · tousei SOC';
        if (updatedAt) $('updated').textContent = formatTime(updatedAt);
        renderAll();
        if (state.selected) openDetail(state.selected.controlId, state.selected.accountId);
    }

    // ----------------------------------------------------------------------------------------------- wiring

    function wire() {
        document.querySelectorAll('.lang button').forEach((button) => {
            button.addEventListener('click', () => applyLanguage(button.dataset.lang));
        });
        document.querySelectorAll('#framework-filter button').forEach((button) => {
            button.addEventListener('click', () => {
                state.framework = button.dataset.framework;
                document.querySelectorAll('#framework-filter button').forEach((other) => {
                    other.setAttribute('aria-pressed', String(other === button));
                });
                renderAll();
            });
        });
        const body = $('grid').tBodies[0];
        body.addEventListener('click', (event) => {
            const cell = event.target.closest('td.cell');
            if (cell) openDetail(cell.dataset.control, cell.dataset.account);
        });
        body.addEventListener('keydown', (event) => {
            const cell = event.target.closest('td.cell');
            if (cell && (event.key === 'Enter' || event.key === ' ')) {
                event.preventDefault();
                openDetail(cell.dataset.control, cell.dataset.account);
            }
        });
        $('detail-close').addEventListener('click', closeDetail);
        document.addEventListener('keydown', (event) => {
            if (event.key === 'Escape') closeDetail();
        });
    }

    async function start() {
        wire();
        applyLanguage(state.lang);
        let me;
        try {
            me = await api('me');
        } catch (error) {
            if (!reloading) showBanner(t('error.load') + ': ' + error.message);
            return;
        }
        $('user').textContent = me.name;
        if (!me.roles.includes('viewer')) {
            $('forbidden').hidden = false;
            return;
        }
        $('app').hidden = false;
        await loadAll();
        connect();
        setInterval(loadAll, RELOAD_EVERY_MS);
    }

    document.addEventListener('DOMContentLoaded', start);
})();
