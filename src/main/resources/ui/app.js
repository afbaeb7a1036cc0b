/*
 * Kurir admin page: events, deliveries and health, on the admin API under /api.
 *
 * No framework and no build step. Every value that comes from a webhook, a destination or the
 * configuration is put into the page as text (text nodes, textContent, attribute values), never
 * parsed as HTML: a payload containing <script> shows as those characters.
 */
'use strict';

(() => {
  const TOKEN_KEY = 'kurir.admin.token';
  const LIVE_MS = 2500;        // events list: new events and changing delivery states
  const EVENT_MS = 2500;       // event page while a delivery is still pending or retrying
  const FAST_MS = 1000;        // event page right after Resend / Retry
  const FAST_FOR_MS = 15000;
  const HEALTH_MS = 5000;
  const PAGE = 50;

  const $ = (id) => document.getElementById(id);
  const viewEl = $('view');

  // ---------------------------------------------------------------- DOM, safely

  /** h('a', {href: '#/x', class: 'y', onclick: fn}, 'text', child, …): strings become text nodes. */
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    if (props) {
      for (const [key, value] of Object.entries(props)) {
        if (value === undefined || value === null || value === false) {
          continue;
        }
        if (key.startsWith('on') && typeof value === 'function') {
          el.addEventListener(key.slice(2), value);
        } else if (key === 'class') {
          el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
        } else if (key === 'hidden' || key === 'disabled' || key === 'selected' || key === 'checked' || key === 'open') {
          el[key] = Boolean(value);
        } else if (key === 'value') {
          el.value = value;
        } else {
          el.setAttribute(key, value === true ? '' : String(value));
        }
      }
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) {
        continue;
      }
      el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function clear(el) {
    el.replaceChildren();
    return el;
  }

  // ---------------------------------------------------------------- formatting

  const pad = (n) => String(n).padStart(2, '0');

  function parseTime(iso) {
    if (!iso) {
      return null;
    }
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? null : d;
  }

  /** Today: 14:03:07; other days: 2024-05-02 14:03. Local time; the ISO instant is in the tooltip. */
  function fmtTime(iso) {
    const d = parseTime(iso);
    if (!d) {
      return iso ? String(iso) : '—';
    }
    const now = new Date();
    const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    if (d.toDateString() === now.toDateString()) {
      return time;
    }
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${time}`;
  }

  function timeEl(iso, extraClass) {
    const d = parseTime(iso);
    return h('time', {
      class: extraClass,
      datetime: d ? d.toISOString() : undefined,
      title: d ? `${d.toString()}\n${d.toISOString()}` : undefined,
    }, fmtTime(iso));
  }

  function ago(iso) {
    const d = parseTime(iso);
    if (!d) {
      return '';
    }
    const s = Math.round((Date.now() - d.getTime()) / 1000);
    const future = s < 0;
    const a = Math.abs(s);
    let text;
    if (a < 60) {
      text = `${a}s`;
    } else if (a < 3600) {
      text = `${Math.round(a / 60)} min`;
    } else if (a < 86400) {
      text = `${Math.round(a / 3600)} h`;
    } else {
      text = `${Math.round(a / 86400)} d`;
    }
    return future ? `in ${text}` : `${text} ago`;
  }

  function plural(n, word) {
    return `${n} ${n === 1 ? word : `${word}s`}`;
  }

  /** "2 min ago", kept current by the ticker below. */
  function agoEl(iso, before, after) {
    return h('span', { class: 'muted', 'data-ago': iso, 'data-before': before || '', 'data-after': after || '' }, `${before || ''}${ago(iso)}${after || ''}`);
  }

  setInterval(() => {
    document.querySelectorAll('[data-ago]').forEach((el) => {
      el.textContent = `${el.dataset.before}${ago(el.dataset.ago)}${el.dataset.after}`;
    });
  }, 10000);

  function fmtDuration(ms) {
    if (ms === undefined || ms === null) {
      return '';
    }
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10000 ? 2 : 1)} s`;
  }

  /** 45 s, 12 min, 3 h 20 min, 2 d 4 h: how long an instance has been up. */
  function fmtUptime(seconds) {
    const m = Math.floor(seconds / 60);
    const hrs = Math.floor(m / 60);
    if (seconds < 60) {
      return `${seconds} s`;
    }
    if (hrs < 1) {
      return `${m} min`;
    }
    return hrs < 24 ? `${hrs} h ${m % 60} min` : `${Math.floor(hrs / 24)} d ${hrs % 24} h`;
  }

  function fmtRate(rate) {
    if (rate === undefined || rate === null || Number.isNaN(Number(rate))) {
      return '—';
    }
    const pct = Number(rate) * 100;
    return pct === 0 ? '0%' : pct < 1 ? '<1%' : `${pct.toFixed(pct < 10 ? 1 : 0)}%`;
  }

  function fmtMs(ms) {
    if (ms === undefined || ms === null) {
      return '—';
    }
    if (ms % 3600000 === 0 && ms >= 3600000) {
      return `${ms / 3600000} h`;
    }
    if (ms % 60000 === 0 && ms >= 60000) {
      return `${ms / 60000} min`;
    }
    return ms >= 1000 ? `${ms / 1000} s` : `${ms} ms`;
  }

  /** ISO instant → the value of a datetime-local input (local time), and back. */
  /** A filter form's submit: the non-empty fields become the page's hash query (same hash: reload it). */
  function applyFilters(keys, page) {
    return (data) => {
      const next = {};
      for (const k of keys) {
        let v = String(data.get(k) || '').trim();
        if (k === 'from' || k === 'to') {
          v = fromLocalInput(v);
        }
        if (v) {
          next[k] = v;
        }
      }
      const target = `#/${page}${query(next)}`;
      if (location.hash === target) {
        route();
      } else {
        location.hash = target;
      }
    };
  }

  function toLocalInput(iso) {
    const d = parseTime(iso);
    if (!d) {
      return '';
    }
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }

  function fromLocalInput(value) {
    if (!value) {
      return '';
    }
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? '' : d.toISOString();
  }

  /** An error text without the "HTTP 500" that the status badge beside it already says. */
  function errorBesideStatus(error, statusCode) {
    if (!error) {
      return '';
    }
    const text = String(error);
    if (statusCode) {
      const prefix = `HTTP ${statusCode}`;
      if (text === prefix) {
        return '';
      }
      if (text.startsWith(`${prefix} `)) {
        return text.slice(prefix.length + 1);
      }
    }
    return text;
  }

  function prettyBody(body, contentType) {
    if (body === undefined || body === null) {
      return '';
    }
    const text = String(body);
    const looksJson = /json/i.test(contentType || '') || /^\s*[[{]/.test(text);
    if (looksJson) {
      try {
        return JSON.stringify(JSON.parse(text), null, 2);
      } catch (e) {
        return text;
      }
    }
    return text;
  }

  // ---------------------------------------------------------------- badges

  const EVENT_STATUS = {
    received: { cls: 'info', icon: '…', text: 'received' },
    routed: { cls: 'ok', icon: '✔', text: 'routed' },
    route_failed: { cls: 'bad', icon: '✖', text: 'route failed' },
  };

  const DELIVERY_STATUS = {
    pending: { cls: 'info', icon: '…', text: 'pending' },
    retrying: { cls: 'warn', icon: '↻', text: 'retrying' },
    delivered: { cls: 'ok', icon: '✔', text: 'delivered' },
    dead: { cls: 'bad', icon: '✖', text: 'dead' },
  };

  function badge(kind, text, icon, title) {
    return h('span', { class: `badge badge-${kind}`, title },
      icon ? h('span', { class: 'badge-icon', 'aria-hidden': 'true' }, icon) : null, text);
  }

  function eventStatusBadge(status) {
    const s = EVENT_STATUS[status] || { cls: 'muted', icon: '', text: status || 'unknown' };
    return badge(s.cls, s.text, s.icon);
  }

  function deliveryStatusBadge(status) {
    const s = DELIVERY_STATUS[status] || { cls: 'muted', icon: '', text: status || 'unknown' };
    return badge(s.cls, s.text, s.icon);
  }

  /** The compact delivery state of a list row: what is wrong first, then how many got through. */
  function deliverySummary(d) {
    const total = (d && d.total) || 0;
    if (total === 0) {
      return h('span', { class: 'dsum' }, badge('muted', 'no deliveries'));
    }
    const parts = [];
    if (d.dead) {
      parts.push(badge('bad', `${d.dead} dead`, '✖'));
    }
    if (d.retrying) {
      parts.push(badge('warn', `${d.retrying} retrying`, '↻'));
    }
    if (d.pending) {
      parts.push(badge('info', `${d.pending} pending`, '…'));
    }
    if (d.delivered === total) {
      parts.push(badge('ok', `${total}/${total} delivered`, '✔'));
    } else {
      parts.push(h('span', { class: 'dsum-count' }, `${d.delivered || 0}/${total} delivered`));
    }
    return h('span', { class: 'dsum' }, parts);
  }

  function eventTrouble(e) {
    const d = e.deliveries || {};
    if (e.status === 'route_failed' || d.dead > 0) {
      return 'bad';
    }
    if (d.retrying > 0) {
      return 'warn';
    }
    return '';
  }

  function unsettled(e) {
    const d = e.deliveries || {};
    return e.status === 'received' || d.pending > 0 || d.retrying > 0;
  }

  // ---------------------------------------------------------------- API

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  const token = {
    get: () => sessionStorage.getItem(TOKEN_KEY),
    set: (t) => sessionStorage.setItem(TOKEN_KEY, t),
    clear: () => sessionStorage.removeItem(TOKEN_KEY),
  };

  function query(params) {
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params || {})) {
      if (v !== undefined && v !== null && v !== '') {
        q.set(k, v);
      }
    }
    const s = q.toString();
    return s ? `?${s}` : '';
  }

  async function api(method, path, params, tokenOverride, json) {
    const bearer = tokenOverride || token.get();
    if (!bearer) {
      showLogin();
      throw new ApiError(401, 'unauthorized', 'Sign in with the admin token.');
    }
    let res;
    try {
      const headers = { Authorization: `Bearer ${bearer}`, Accept: 'application/json' };
      if (json !== undefined) {
        headers['Content-Type'] = 'application/json';
      }
      res = await fetch(path + query(params), {
        method,
        headers,
        body: json === undefined ? undefined : JSON.stringify(json),
        cache: 'no-store',
        credentials: 'omit',
      });
    } catch (e) {
      throw new ApiError(0, 'network', 'Kurir is not reachable.');
    }
    const text = await res.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (e) {
      body = null;
    }
    if (res.status === 401) {
      if (!tokenOverride) {
        token.clear();
        showLogin('The token was not accepted (it may have changed). Enter it again.');
      }
      throw new ApiError(401, 'unauthorized', (body && body.message) || 'The token was not accepted.');
    }
    if (!res.ok) {
      const code = (body && body.error) || `http_${res.status}`;
      const message = (body && body.message) || `${res.status} ${res.statusText}`;
      throw new ApiError(res.status, code, message);
    }
    return body;
  }

  // ---------------------------------------------------------------- toasts, confirm

  function toast(kind, ...content) {
    const el = h('div', { class: `toast toast-${kind}` }, h('span', { class: 'toast-body' }, content),
      h('button', { type: 'button', class: 'toast-close', 'aria-label': 'Dismiss', onclick: () => el.remove() }, '×'));
    $('toasts').appendChild(el);
    setTimeout(() => el.remove(), kind === 'bad' ? 12000 : 7000);
  }

  function errorToast(what, e) {
    if (e && e.status === 401) {
      return; // the sign-in form says it
    }
    toast('bad', `${what}: `, e && e.message ? e.message : String(e));
  }

  function confirmDialog(text, okLabel) {
    const dialog = $('confirm');
    $('confirm-text').textContent = text;
    $('confirm-ok').textContent = okLabel || 'Confirm';
    return new Promise((resolve) => {
      dialog.addEventListener('close', () => resolve(dialog.returnValue === 'ok'), { once: true });
      dialog.returnValue = 'cancel';
      dialog.showModal();
      $('confirm-ok').focus();
    });
  }

  // ---------------------------------------------------------------- views: lifecycle

  /** What a view owns: its timers stop and its late answers are dropped when it is left. */
  function makeCtx() {
    const timers = new Set();
    const ctx = {
      alive: true,
      /** Runs fn now and then every ms after each run ends (never two at once); idle while the tab is hidden. */
      loop(fn, msOrFn) {
        let ran = false;
        const run = async () => {
          if (!ctx.alive) {
            return;
          }
          try {
            // a tab in the background does not poll (the first load always happens)
            if (!document.hidden || !ran) {
              ran = true;
              await fn();
            }
          } catch (e) {
            // each loop reports its own errors
          }
          if (ctx.alive) {
            const ms = typeof msOrFn === 'function' ? msOrFn() : msOrFn;
            const t = setTimeout(() => {
              timers.delete(t);
              run();
            }, ms);
            timers.add(t);
          }
        };
        return run();
      },
      cleanup() {
        ctx.alive = false;
        timers.forEach(clearTimeout);
        timers.clear();
      },
    };
    return ctx;
  }

  let current = null;

  function parseHash() {
    const raw = location.hash.replace(/^#/, '') || '/events';
    const at = raw.indexOf('?');
    const path = at < 0 ? raw : raw.slice(0, at);
    const params = new URLSearchParams(at < 0 ? '' : raw.slice(at + 1));
    return { parts: path.split('/').filter(Boolean).map(decodeURIComponent), params };
  }

  function route() {
    if (current) {
      current.cleanup();
      current = null;
    }
    if (!token.get()) {
      showLogin();
      return;
    }
    $('login').hidden = true;
    viewEl.hidden = false;
    $('logout').hidden = false;
    clear(viewEl);
    const { parts, params } = parseHash();
    const section = parts[0] || 'events';
    document.querySelectorAll('[data-nav]').forEach((a) => {
      if (a.dataset.nav === section) {
        a.setAttribute('aria-current', 'page');
      } else {
        a.removeAttribute('aria-current');
      }
    });
    const ctx = makeCtx();
    current = ctx;
    if (section === 'events' && parts[1]) {
      eventView(ctx, parts[1]);
    } else if (section === 'events') {
      eventsView(ctx, params);
    } else if (section === 'deliveries') {
      deliveriesView(ctx, params);
    } else if (section === 'health') {
      healthView(ctx);
    } else if (section === 'sources' && parts[1] && parts[2] === 'try') {
      tryView(ctx, parts[1]);
    } else {
      location.hash = '#/events';
    }
  }

  function setTitle(text) {
    document.title = text ? `${text} · Kurir` : 'Kurir';
  }

  // ---------------------------------------------------------------- sign in

  function showLogin(message) {
    if (current) {
      current.cleanup();
      current = null;
    }
    viewEl.hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    const err = $('login-error');
    err.textContent = message || '';
    err.hidden = !message;
    setTitle('Sign in');
    $('token').focus();
  }

  $('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = $('token');
    const value = input.value.trim();
    const err = $('login-error');
    if (!value) {
      return;
    }
    const button = ev.target.querySelector('button[type=submit]');
    button.disabled = true;
    try {
      await api('GET', '/api/sources', null, value);
      token.set(value);
      input.value = '';
      err.hidden = true;
      route();
    } catch (e) {
      err.textContent = e.status === 401 ? 'That token was not accepted.' : `Could not sign in: ${e.message}`;
      err.hidden = false;
      input.select();
    } finally {
      button.disabled = false;
    }
  });

  $('logout').addEventListener('click', () => {
    token.clear();
    showLogin();
  });

  // ---------------------------------------------------------------- shared pieces

  function pageHeader(title, ...extra) {
    return h('div', { class: 'page-head' }, h('h1', null, title), extra);
  }

  /** "Live" while the view's updates succeed, "Not updating" (with the reason) while they fail. */
  function liveIndicator() {
    const el = h('span', { class: 'live', role: 'status' });
    let state = '';
    function show(next, text) {
      if (state !== next) {
        state = next;
        el.className = `live live-${next}`;
        el.replaceChildren(h('span', { class: 'dot', 'aria-hidden': 'true' }), text);
      }
    }
    return {
      el,
      ok() {
        show('on', 'Live');
        el.title = `Updated ${fmtTime(new Date().toISOString())}`;
      },
      fail(message) {
        show('off', 'Not updating');
        el.title = message;
      },
    };
  }

  function field(label, control, cls) {
    const id = control.id || `f-${Math.random().toString(36).slice(2, 9)}`;
    control.id = id;
    return h('div', { class: ['field', cls] }, h('label', { for: id }, label), control);
  }

  function select(name, options, value) {
    const el = h('select', { name });
    for (const [v, text] of options) {
      el.appendChild(h('option', { value: v, selected: v === (value || '') }, text));
    }
    if (value && !options.some(([v]) => v === value)) {
      el.appendChild(h('option', { value, selected: true }, value));
    }
    return el;
  }

  /** Fills a select with names from the API once they arrive, keeping the chosen value. */
  function fillNames(ctx, selectEl, path, key) {
    api('GET', path).then((res) => {
      if (!ctx.alive || !res) {
        return;
      }
      const chosen = selectEl.value;
      const have = new Set(Array.from(selectEl.options).map((o) => o.value));
      for (const item of res[key] || []) {
        if (!have.has(item.name)) {
          selectEl.appendChild(h('option', { value: item.name }, item.name));
        }
      }
      selectEl.value = chosen;
    }).catch(() => {});
  }

  function filterForm(fields, activeCount, onSubmit, onClear) {
    const form = h('form', { class: 'filters-form', onsubmit: (ev) => { ev.preventDefault(); onSubmit(new FormData(form)); } },
      h('div', { class: 'filters-grid' }, fields),
      h('div', { class: 'filters-actions' },
        h('button', { type: 'submit', class: 'btn btn-primary' }, 'Apply'),
        h('button', { type: 'button', class: 'btn', onclick: onClear }, 'Clear')));
    const wide = window.matchMedia('(min-width: 720px)').matches;
    return h('details', { class: 'filters card', open: wide || activeCount > 0 },
      h('summary', null, 'Filters', activeCount ? h('span', { class: 'count' }, ` (${activeCount} active)`) : null),
      form);
  }

  function emptyRow(colspan, text) {
    return h('tr', { class: 'empty' }, h('td', { colspan }, text));
  }

  function errorBox(text) {
    return h('div', { class: 'alert alert-bad', role: 'alert' }, text);
  }

  // ---------------------------------------------------------------- events list

  // the filters of a list that the page's address sets
  function filtersOf(params, names) {
    const filters = {};
    names.forEach((k) => {
      const v = params.get(k);
      if (v) {
        filters[k] = v;
      }
    });
    return filters;
  }

  function timeRangeFields(filters) {
    return [
      field('From', h('input', { name: 'from', type: 'datetime-local', value: toLocalInput(filters.from) })),
      field('To', h('input', { name: 'to', type: 'datetime-local', value: toLocalInput(filters.to) })),
    ];
  }

  const EVENT_FILTERS = ['source', 'type', 'status', 'environment', 'label', 'from', 'to', 'q'];

  function eventsView(ctx, params) {
    setTitle('Events');
    const filters = filtersOf(params, EVENT_FILTERS);

    const live = liveIndicator();
    const sourceSel = select('source', [['', 'Any source']], filters.source);
    fillNames(ctx, sourceSel, '/api/sources', 'sources');
    const form = filterForm([
      field('Source', sourceSel),
      field('Type', h('input', { name: 'type', value: filters.type || '', placeholder: 'e.g. order.status' })),
      field('Status', select('status', [['', 'Any status'], ['received', 'received'], ['routed', 'routed'], ['route_failed', 'route failed']], filters.status)),
      field('Environment', select('environment', [['', 'Any'], ['live', 'live'], ['test', 'test']], filters.environment)),
      field('Label', h('input', { name: 'label', value: filters.label || '', placeholder: 'name:value' })),
      ...timeRangeFields(filters),
      field('Text in body', h('input', { name: 'q', type: 'search', value: filters.q || '', placeholder: 'order id, tracking no…' }), 'field-wide'),
    ], Object.keys(filters).length, applyFilters(EVENT_FILTERS, 'events'), () => { location.hash = '#/events'; });

    const tbody = h('tbody');
    const table = h('table', { class: 'table events-table' },
      h('thead', null, h('tr', null,
        h('th', { scope: 'col' }, 'Received'), h('th', { scope: 'col' }, 'Source'), h('th', { scope: 'col' }, 'Type'),
        h('th', { scope: 'col' }, 'Status'), h('th', { scope: 'col' }, 'Deliveries'))),
      tbody);
    const more = h('button', { type: 'button', class: 'btn', hidden: true }, 'Load more');
    const message = h('div');

    append(viewEl, [pageHeader('Events', live.el), form, message, h('div', { class: 'table-wrap' }, table), h('div', { class: 'more' }, more)]);

    const rows = new Map(); // id → { tr, json }
    let newest = null;      // the newest event shown, for ?after=
    let next = null;
    let loaded = false;

    function rowFor(e) {
      const trouble = eventTrouble(e);
      const href = `#/events/${encodeURIComponent(e.id)}`;
      const tr = h('tr', { class: ['event-row', trouble && `row-${trouble}`], 'data-id': e.id },
        h('td', { class: 'c-time', 'data-label': 'Received' }, timeEl(e.receivedAt)),
        h('td', { class: 'c-source', 'data-label': 'Source' }, h('span', { class: 'source-name' }, e.source),
          e.environment ? h('span', { class: `env env-${e.environment === 'live' ? 'live' : 'test'}` }, e.environment) : null),
        h('td', { class: 'c-type', 'data-label': 'Type' },
          h('a', { href, class: 'event-link' }, e.type || '(no type)'),
          e.test ? h('span', { class: 'tag tag-test', title: 'Injected with “Send test event”' }, 'TEST') : null),
        h('td', { class: 'c-status', 'data-label': 'Status' }, eventStatusBadge(e.status)),
        h('td', { class: 'c-deliveries', 'data-label': 'Deliveries' }, deliverySummary(e.deliveries)));
      tr.addEventListener('click', (ev) => {
        if (ev.target.closest('a') || (window.getSelection && String(window.getSelection()))) {
          return;
        }
        location.hash = href;
      });
      return tr;
    }

    function put(e, where) {
      const json = JSON.stringify(e);
      const had = rows.get(e.id);
      if (had) {
        if (had.json !== json) {
          const tr = rowFor(e);
          if (had.tr.classList.contains('row-new')) {
            tr.classList.add('row-new');
          }
          had.tr.replaceWith(tr);
          rows.set(e.id, { tr, json, event: e });
        }
        return;
      }
      const tr = rowFor(e);
      rows.set(e.id, { tr, json, event: e });
      if (where === 'top') {
        tr.classList.add('row-new');
        tbody.insertBefore(tr, tbody.firstChild);
      } else {
        tbody.appendChild(tr);
      }
    }

    function newer(a, b) {
      // newest first: by time received, then id
      const ta = Date.parse(a.receivedAt) || 0;
      const tb = Date.parse(b.receivedAt) || 0;
      if (ta !== tb) {
        return tb - ta;
      }
      return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
    }

    function showEmpty() {
      if (rows.size === 0) {
        clear(tbody).appendChild(emptyRow(5, Object.keys(filters).length
          ? 'No events match these filters.'
          : 'No events yet. Post a webhook to /hooks/<source>, or send a test event from Health.'));
      } else {
        const e = tbody.querySelector('tr.empty');
        if (e) {
          e.remove();
        }
      }
    }

    async function firstPage() {
      const res = await api('GET', '/api/events', { ...filters, limit: PAGE });
      if (!ctx.alive) {
        return;
      }
      const events = (res && res.events) || [];
      if (!loaded) {
        events.forEach((e) => put(e, 'bottom'));
        next = res.next || null;
        more.hidden = !next;
        loaded = true;
      } else {
        // a refresh: rows already shown are updated in place, any not shown yet go on top
        const fresh = events.filter((e) => !rows.has(e.id));
        events.filter((e) => rows.has(e.id)).forEach((e) => put(e));
        for (let i = fresh.length - 1; i >= 0; i--) {
          put(fresh[i], 'top');
        }
      }
      if (events.length && (!newest || newer(events[0], newest) < 0)) {
        newest = events[0];
      }
      showEmpty();
    }

    async function newerEvents() {
      const res = await api('GET', '/api/events', { ...filters, after: newest.id, limit: 100 });
      if (!ctx.alive) {
        return;
      }
      const events = ((res && res.events) || []).filter((e) => !rows.has(e.id)).sort(newer);
      for (let i = events.length - 1; i >= 0; i--) {
        put(events[i], 'top');
      }
      if (events.length) {
        newest = events[0];
        showEmpty();
      }
      if ((res.events || []).length >= 100) {
        // a burst: the API gave the 100 right after our newest, so read on until caught up
        await newerEvents();
      }
    }

    async function tick() {
      try {
        if (!loaded || !newest) {
          await firstPage();
        } else {
          await newerEvents();
          // delivery states change after an event arrives: refresh the first page while any of it is unsettled
          const top = Array.from(tbody.querySelectorAll('tr.event-row')).slice(0, PAGE)
            .map((tr) => rows.get(tr.dataset.id)).filter(Boolean);
          if (top.some((r) => unsettled(r.event))) {
            await firstPage();
          }
        }
        message.replaceChildren();
        live.ok();
      } catch (e) {
        live.fail(e.message);
        if (!loaded && e.status !== 401) {
          message.replaceChildren(errorBox(e.status === 400 ? `Filter not accepted: ${e.message}` : `Could not load events: ${e.message}`));
        }
        throw e;
      }
    }

    more.addEventListener('click', async () => {
      if (!next) {
        return;
      }
      more.disabled = true;
      try {
        const res = await api('GET', '/api/events', { ...filters, before: next, limit: PAGE });
        if (!ctx.alive) {
          return;
        }
        (res.events || []).forEach((e) => put(e, 'bottom'));
        next = res.next || null;
        more.hidden = !next;
      } catch (e) {
        errorToast('Could not load more events', e);
      } finally {
        more.disabled = false;
      }
    });

    ctx.loop(tick, LIVE_MS);
  }

  // ---------------------------------------------------------------- one event

  function eventView(ctx, id) {
    setTitle(id);
    const back = h('a', { href: '#/events', class: 'back' }, '← Events');
    const head = h('section', { class: 'card event-head' }, h('p', { class: 'muted' }, 'Loading…'));
    const routeErr = h('div');
    const deliveriesEl = h('section', { class: 'card' });
    const side = h('div', { class: 'side' });
    append(viewEl, [back, head, routeErr, h('div', { class: 'event-grid' }, deliveriesEl, side)]);

    let event = null;
    let headJson = '';
    let deliveriesJson = '';
    let fastUntil = 0;
    let watching = null;    // attempts seen when Resend / Retry was pressed
    let staticDone = false;

    function attemptsTotal(e) {
      return (e.deliveries || []).reduce((n, d) => n + (d.attemptLog ? d.attemptLog.length : d.attempts || 0), 0);
    }

    async function resend(destination, button) {
      button.disabled = true;
      const before = event ? attemptsTotal(event) : 0;
      try {
        const res = await api('POST', `/api/events/${encodeURIComponent(id)}/resend`, destination ? { destination } : null);
        const n = res && typeof res.queued === 'number' ? res.queued : 0;
        toast(n ? 'ok' : 'info', n ? `Resend queued: ${n} ${n === 1 ? 'delivery' : 'deliveries'}${destination ? ` to ${destination}` : ''}.` : 'Nothing to resend: this event has no deliveries.');
        watch(before);
      } catch (e) {
        errorToast('Resend failed', e);
      } finally {
        button.disabled = false;
      }
    }

    async function retry(delivery, button) {
      button.disabled = true;
      const before = event ? attemptsTotal(event) : 0;
      try {
        await api('POST', `/api/deliveries/${encodeURIComponent(delivery.id)}/retry`);
        toast('ok', `Retry queued for ${delivery.destination}.`);
        watch(before);
      } catch (e) {
        errorToast(`Retry of ${delivery.destination} failed`, e);
      } finally {
        button.disabled = false;
      }
    }

    /** After Resend / Retry: poll fast until a new attempt shows up (or a while has passed). */
    function watch(attemptsBefore) {
      fastUntil = Date.now() + FAST_FOR_MS;
      watching = attemptsBefore;
      load().catch(() => {});
    }

    function renderHead(e) {
      const meta = [
        ['Event ID', h('code', { class: 'mono' }, e.id), 'wide'],
        ['Source', e.source],
        ['Environment', e.environment ? h('span', { class: `env env-${e.environment === 'live' ? 'live' : 'test'}` }, e.environment) : '—'],
        ['Received', h('span', null, timeEl(e.receivedAt), agoEl(e.receivedAt, ' (', ')'))],
        ['Routed', e.routedAt ? timeEl(e.routedAt) : '—'],
        ['Instances', h('span', { class: 'muted' }, `stored by ${e.storedBy || '—'} · routed by ${e.routedBy || '—'}`)],
        ['Content type', e.contentType || '—'],
        ['Idempotency key', e.idempotencyKey ? h('code', { class: 'mono' }, e.idempotencyKey) : '—', 'wide'],
      ];
      const resendBtn = h('button', { type: 'button', class: 'btn btn-primary', onclick: () => resend(null, resendBtn) }, 'Resend');
      resendBtn.title = 'Deliver this event again to every destination it went to, keeping the history';
      clear(head);
      append(head, [
        h('div', { class: 'event-title' },
          h('h1', null, e.type || '(no type)'),
          e.test ? h('span', { class: 'tag tag-test' }, 'TEST') : null,
          eventStatusBadge(e.status),
          h('div', { class: 'event-actions' }, resendBtn)),
        h('dl', { class: 'meta' }, meta.map(([k, v, wide]) => h('div', { class: ['meta-item', wide && 'meta-wide'] }, h('dt', null, k), h('dd', null, v)))),
      ]);
      clear(routeErr);
      if (e.routeError) {
        routeErr.appendChild(h('div', { class: 'alert alert-bad', role: 'alert' }, h('strong', null, 'Routing failed: '), h('span', { class: 'pre-line' }, e.routeError)));
      }
    }

    function renderAttempt(a, index) {
      const ok = a.succeeded === true;
      return h('li', { class: ['attempt', ok ? 'attempt-ok' : 'attempt-bad'] },
        h('div', { class: 'attempt-line' },
          h('span', { class: 'attempt-no' }, `#${a.number}`),
          timeEl(a.at),
          a.durationMs !== undefined && a.durationMs !== null ? h('span', { class: 'muted' }, fmtDuration(a.durationMs)) : null,
          a.instance ? h('span', { class: 'muted small', title: 'The instance that made this attempt' }, a.instance) : null,
          a.statusCode ? badge(a.statusCode >= 200 && a.statusCode < 300 ? 'ok' : 'bad', `HTTP ${a.statusCode}`) : null,
          badge(ok ? 'ok' : 'bad', ok ? 'succeeded' : 'failed', ok ? '✔' : '✖')),
        errorBesideStatus(a.error, a.statusCode) ? h('pre', { class: 'snippet snippet-error' }, errorBesideStatus(a.error, a.statusCode)) : null,
        a.response ? h('details', { class: 'response', open: !ok && index === 0 },
          h('summary', null, 'Response'),
          h('pre', { class: 'snippet' }, prettyBody(a.response))) : null);
    }

    function renderDeliveries(e) {
      const list = e.deliveries || [];
      clear(deliveriesEl);
      deliveriesEl.appendChild(h('h2', null, `Deliveries (${list.length})`));
      if (!list.length) {
        deliveriesEl.appendChild(h('p', { class: 'muted' }, e.status === 'received'
          ? 'Not routed yet.'
          : 'No deliveries: no route sent this event to a destination.'));
        return;
      }
      const order = { dead: 0, retrying: 1, pending: 2, delivered: 3 };
      const sorted = [...list].sort((a, b) => (order[a.status] ?? 9) - (order[b.status] ?? 9) || String(a.destination).localeCompare(String(b.destination)));
      for (const d of sorted) {
        const retryBtn = h('button', { type: 'button', class: ['btn', 'btn-small', (d.status === 'dead' || d.status === 'retrying') && 'btn-danger'], onclick: () => retry(d, retryBtn) }, 'Retry');
        retryBtn.title = `Attempt delivery to ${d.destination} again now`;
        const attempts = [...(d.attemptLog || [])].sort((a, b) => b.number - a.number);
        const facts = [
          plural(d.attempts || 0, 'attempt'),
          d.lastStatusCode ? `last HTTP ${d.lastStatusCode}` : null,
        ].filter(Boolean).join(' · ');
        deliveriesEl.appendChild(h('article', { class: ['delivery', `delivery-${DELIVERY_STATUS[d.status] ? DELIVERY_STATUS[d.status].cls : 'muted'}`], 'data-delivery': d.id },
          h('header', { class: 'delivery-head' },
            h('h3', { class: 'delivery-name' }, d.destination),
            deliveryStatusBadge(d.status),
            h('span', { class: 'muted delivery-facts' }, facts),
            h('span', { class: 'delivery-actions' }, retryBtn)),
          (d.status === 'pending' || d.status === 'retrying') && d.nextAttemptAt
            ? h('p', { class: 'next-attempt' }, 'Next attempt ', timeEl(d.nextAttemptAt), agoEl(d.nextAttemptAt, ' (', ')')) : null,
          d.lastError && d.status !== 'delivered' ? h('p', { class: 'last-error' }, h('strong', null, 'Last error: '), d.lastError) : null,
          attempts.length
            ? h('ol', { class: 'timeline', 'aria-label': `Attempts to ${d.destination}, newest first` }, attempts.map((a, i) => renderAttempt(a, i)))
            : h('p', { class: 'muted' }, 'No attempt yet.')));
      }
    }

    function renderStatic(e) {
      const body = prettyBody(e.body, e.contentType);
      const isJson = body !== String(e.body || '') || /^\s*[[{]/.test(body);
      const form = /x-www-form-urlencoded/i.test(e.contentType || '') && e.body ? Array.from(new URLSearchParams(e.body)) : [];
      const copy = h('button', { type: 'button', class: 'btn btn-small', onclick: async () => {
        try {
          await navigator.clipboard.writeText(e.body || '');
          toast('ok', 'Payload copied.');
        } catch (err) {
          toast('bad', 'Copy is not allowed here; select the text instead.');
        }
      } }, 'Copy');
      const headers = Object.entries(e.headers || {}).sort(([a], [b]) => a.toLowerCase().localeCompare(b.toLowerCase()));
      const labels = Object.entries(e.labels || {});
      append(side, [
        h('section', { class: 'card' },
          h('div', { class: 'section-head' }, h('h2', null, 'Payload'), h('span', { class: 'muted' }, e.contentType || ''), copy),
          body ? h('pre', { class: ['code', 'payload', !isJson && 'wrap'] }, body) : h('p', { class: 'muted' }, 'Empty body.'),
          form.length ? h('h3', { class: 'subhead' }, `Form fields (${form.length})`) : null,
          form.length ? h('dl', { class: 'kv' }, form.map(([k, v]) => [h('dt', null, k), h('dd', null, v)])) : null),
        h('section', { class: 'card' },
          h('h2', null, `Labels (${labels.length})`),
          labels.length
            ? h('ul', { class: 'labels' }, labels.map(([k, v]) => h('li', { class: 'label' }, h('span', { class: 'label-k' }, k), h('span', { class: 'label-v' }, String(v)))))
            : h('p', { class: 'muted' }, 'No labels.')),
        h('section', { class: 'card' },
          h('h2', null, `Headers (${headers.length})`),
          headers.length
            ? h('dl', { class: 'kv' }, headers.map(([k, v]) => [h('dt', null, k), h('dd', null, Array.isArray(v) ? v.join(', ') : String(v))]))
            : h('p', { class: 'muted' }, 'No headers.')),
      ]);
    }

    async function load() {
      let e;
      try {
        e = await api('GET', `/api/events/${encodeURIComponent(id)}`);
      } catch (err) {
        if (!ctx.alive) {
          return;
        }
        if (!event && err.status !== 401) {
          clear(head).appendChild(err.status === 404
            ? errorBox(`No event ${id}. It may have been purged by retention.`)
            : errorBox(`Could not load the event: ${err.message}`));
        }
        throw err;
      }
      if (!ctx.alive) {
        return;
      }
      event = e;
      setTitle(`${e.type || e.id} · ${e.source}`);
      const hj = JSON.stringify([e.type, e.status, e.routedAt, e.routeError, e.test]);
      if (hj !== headJson) {
        headJson = hj;
        renderHead(e);
      }
      const dj = JSON.stringify(e.deliveries || []);
      if (dj !== deliveriesJson) {
        deliveriesJson = dj;
        renderDeliveries(e);
      }
      if (!staticDone) {
        staticDone = true;
        renderStatic(e);
      }
      if (watching !== null && attemptsTotal(e) > watching && !(e.deliveries || []).some((d) => d.status === 'pending')) {
        watching = null;
        fastUntil = 0;
      }
    }

    ctx.loop(load, () => {
      if (Date.now() < fastUntil) {
        return FAST_MS;
      }
      const busy = event && (event.status === 'received' || (event.deliveries || []).some((d) => d.status === 'pending' || d.status === 'retrying'));
      return busy ? EVENT_MS : 10000;
    });
  }

  // ---------------------------------------------------------------- deliveries list

  const DELIVERY_FILTERS = ['destination', 'status', 'from', 'to'];

  function deliveriesView(ctx, params) {
    setTitle('Deliveries');
    const filters = filtersOf(params, DELIVERY_FILTERS);
    const live = liveIndicator();
    const destSel = select('destination', [['', 'Any destination']], filters.destination);
    fillNames(ctx, destSel, '/api/destinations', 'destinations');
    const form = filterForm([
      field('Destination', destSel),
      field('Status', select('status', [['', 'Any status'], ['dead', 'dead'], ['retrying', 'retrying'], ['pending', 'pending'], ['delivered', 'delivered']], filters.status)),
      ...timeRangeFields(filters),
    ], Object.keys(filters).length, applyFilters(DELIVERY_FILTERS, 'deliveries'), () => { location.hash = '#/deliveries'; });

    const replayBtn = h('button', { type: 'button', class: 'btn btn-danger', hidden: filters.status !== 'dead' }, 'Replay these dead deliveries');
    replayBtn.addEventListener('click', () => replayDead(replayBtn, { destination: filters.destination, from: filters.from, to: filters.to }, () => ctx.alive && refresh()));

    const tbody = h('tbody');
    const table = h('table', { class: 'table cards deliveries-table' },
      h('thead', null, h('tr', null,
        ['Destination', 'Status', 'Attempts', 'Last result', 'Event', 'Created', ''].map((t) => h('th', { scope: 'col' }, t)))),
      tbody);
    const more = h('button', { type: 'button', class: 'btn', hidden: true }, 'Load more');
    const message = h('div');
    append(viewEl, [pageHeader('Deliveries', live.el, replayBtn), form, message, h('div', { class: 'table-wrap' }, table), h('div', { class: 'more' }, more)]);

    let next = null;
    let pages = 0;

    function rowFor(d) {
      const retryBtn = h('button', { type: 'button', class: ['btn', 'btn-small', (d.status === 'dead' || d.status === 'retrying') && 'btn-danger'] }, 'Retry');
      retryBtn.addEventListener('click', async () => {
        retryBtn.disabled = true;
        try {
          await api('POST', `/api/deliveries/${encodeURIComponent(d.id)}/retry`);
          toast('ok', `Retry queued for ${d.destination}.`);
          setTimeout(() => ctx.alive && refresh(), 1500);
        } catch (e) {
          errorToast('Retry failed', e);
        } finally {
          retryBtn.disabled = false;
        }
      });
      const st = DELIVERY_STATUS[d.status];
      return h('tr', { class: st && (st.cls === 'bad' || st.cls === 'warn') ? `row-${st.cls}` : null },
        h('th', { scope: 'row', 'data-label': 'Destination' }, h('a', { href: `#/deliveries?destination=${encodeURIComponent(d.destination)}`, class: 'strong' }, d.destination)),
        h('td', { 'data-label': 'Status' }, deliveryStatusBadge(d.status),
          (d.status === 'pending' || d.status === 'retrying') && d.nextAttemptAt ? h('div', { class: 'muted small' }, `next ${ago(d.nextAttemptAt)}`) : null),
        h('td', { 'data-label': 'Attempts' }, String(d.attempts || 0)),
        h('td', { 'data-label': 'Last result', class: 'c-error' },
          h('span', null,
            d.lastStatusCode ? badge(d.lastStatusCode >= 200 && d.lastStatusCode < 300 ? 'ok' : 'bad', `HTTP ${d.lastStatusCode}`) : null,
            errorBesideStatus(d.lastError, d.lastStatusCode) ? h('span', { class: 'error-text' }, ` ${errorBesideStatus(d.lastError, d.lastStatusCode)}`) : null,
            !d.lastStatusCode && !d.lastError ? '—' : null)),
        h('td', { 'data-label': 'Event' }, h('a', { href: `#/events/${encodeURIComponent(d.eventId)}` }, `${d.source || ''} ${d.eventType || ''}`.trim() || d.eventId)),
        h('td', { 'data-label': 'Created', class: 'c-time' }, timeEl(d.createdAt), d.updatedAt && d.updatedAt !== d.createdAt ? h('div', { class: 'muted small' }, `updated ${ago(d.updatedAt)}`) : null),
        h('td', { class: 'c-actions' }, retryBtn));
    }

    async function refresh() {
      const res = await api('GET', '/api/deliveries', { ...filters, limit: PAGE });
      if (!ctx.alive) {
        return;
      }
      const list = (res && res.deliveries) || [];
      clear(tbody);
      list.forEach((d) => tbody.appendChild(rowFor(d)));
      if (!list.length) {
        tbody.appendChild(emptyRow(7, Object.keys(filters).length ? 'No deliveries match these filters.' : 'No deliveries yet.'));
      }
      next = res.next || null;
      more.hidden = !next;
      pages = 1;
    }

    more.addEventListener('click', async () => {
      more.disabled = true;
      try {
        const res = await api('GET', '/api/deliveries', { ...filters, before: next, limit: PAGE });
        if (!ctx.alive) {
          return;
        }
        (res.deliveries || []).forEach((d) => tbody.appendChild(rowFor(d)));
        next = res.next || null;
        more.hidden = !next;
        pages++;
      } catch (e) {
        errorToast('Could not load more deliveries', e);
      } finally {
        more.disabled = false;
      }
    });

    ctx.loop(async () => {
      if (pages > 1) {
        return; // the operator is reading further pages: do not pull them away
      }
      try {
        await refresh();
        message.replaceChildren();
        live.ok();
      } catch (e) {
        live.fail(e.message);
        if (e.status !== 401) {
          message.replaceChildren(errorBox(e.status === 400 ? `Filter not accepted: ${e.message}` : `Could not load deliveries: ${e.message}`));
        }
        throw e;
      }
    }, HEALTH_MS);
  }

  /** Bulk replay: asks the API how many match first, then asks the operator. */
  async function replayDead(button, filters, after) {
    button.disabled = true;
    const where = filters.destination ? ` to ${filters.destination}` : '';
    try {
      const dry = await api('POST', '/api/deliveries/replay', { ...filters, status: 'dead', dryRun: 'true' });
      const n = dry && typeof dry.matching === 'number' ? dry.matching : 0;
      if (!n) {
        toast('info', `No dead deliveries${where} to replay.`);
        return;
      }
      const ok = await confirmDialog(`Replay ${n} dead ${n === 1 ? 'delivery' : 'deliveries'}${where}?`, `Replay ${n}`);
      if (!ok) {
        return;
      }
      const res = await api('POST', '/api/deliveries/replay', { ...filters, status: 'dead' });
      const q = res && typeof res.queued === 'number' ? res.queued : 0;
      toast('ok', `Queued ${q} ${q === 1 ? 'delivery' : 'deliveries'}${where} for replay.`);
      if (after) {
        setTimeout(after, 1500);
      }
    } catch (e) {
      errorToast('Replay failed', e);
    } finally {
      button.disabled = false;
    }
  }

  // ---------------------------------------------------------------- health

  function healthOfDestination(d) {
    if (d.dead > 0 || d.failureRate >= 0.5) {
      return 'bad';
    }
    if (d.retrying > 0 || d.failureRate > 0) {
      return 'warn';
    }
    return 'ok';
  }

  function healthOfSource(s) {
    if (s.failureRate >= 0.5) {
      return 'bad';
    }
    if (s.failureRate > 0 || s.rejected > 0) {
      return 'warn';
    }
    return 'ok';
  }

  const HEALTH_TEXT = { ok: ['✔', 'healthy'], warn: ['!', 'degraded'], bad: ['✖', 'failing'] };
  const SEVERITY = { bad: 0, warn: 1, ok: 2 };

  function healthBadge(level) {
    const [icon, text] = HEALTH_TEXT[level];
    return badge(level, text, icon);
  }

  function lastErrorCell(text, at) {
    if (!text) {
      return h('span', { class: 'muted' }, '—');
    }
    return h('span', { class: 'last-error-cell' }, h('span', { class: 'error-text' }, text),
      at ? h('span', { class: 'muted small' }, ' · ', timeEl(at), agoEl(at, ' (', ')')) : null);
  }

  function healthView(ctx) {
    setTitle('Health');
    const live = liveIndicator();
    const message = h('div');
    const destEl = h('section', { class: 'card' }, h('h2', null, 'Destinations'), h('p', { class: 'muted' }, 'Loading…'));
    const srcEl = h('section', { class: 'card' }, h('h2', null, 'Sources'), h('p', { class: 'muted' }, 'Loading…'));
    const instEl = h('section', { class: 'card' }, h('h2', null, 'Instances'), h('p', { class: 'muted' }, 'Loading…'));
    const summary = h('div', { class: 'summary' });
    append(viewEl, [pageHeader('Health', live.el), message, summary, destEl, srcEl, instEl]);
    let busy = 0;
    let lastJson = '';

    async function sendTest(name, button, type) {
      busy++;
      button.disabled = true;
      try {
        const query = type ? `?type=${encodeURIComponent(type)}` : '';
        const res = await api('POST', `/api/sources/${encodeURIComponent(name)}/test${query}`);
        const link = res && res.id ? h('a', { href: `#/events/${encodeURIComponent(res.id)}` }, res.id) : null;
        toast('ok', `Test event sent to ${name}: `, link || (res && res.status) || 'accepted', '. ',
          h('a', { href: `#/events?source=${encodeURIComponent(name)}` }, 'See it in the list'));
      } catch (e) {
        errorToast(`Test event to ${name} failed`, e);
      } finally {
        button.disabled = false;
        busy--;
      }
    }

    // a table of sources' or destinations' health under its heading, in place of what `el` showed
    function showHealthTable(el, title, columns, rows, empty) {
      const tbody = h('tbody');
      append(tbody, rows.length ? rows : [emptyRow(columns.length, empty)]);
      clear(el);
      append(el, [h('h2', null, title),
        h('div', { class: 'table-wrap' }, h('table', { class: 'table cards health-table' },
          h('thead', null, h('tr', null, columns.map((t) => h('th', { scope: 'col' }, t)))),
          tbody))]);
    }

    function renderDestinations(list) {
      const sorted = [...list].sort((a, b) => SEVERITY[healthOfDestination(a)] - SEVERITY[healthOfDestination(b)] || a.name.localeCompare(b.name));
      const rows = [];
      for (const d of sorted) {
        const level = healthOfDestination(d);
        const replay = h('button', { type: 'button', class: ['btn', 'btn-small', d.dead > 0 && 'btn-danger'] }, 'Replay dead deliveries');
        replay.addEventListener('click', async () => {
          busy++;
          try {
            await replayDead(replay, { destination: d.name }, () => ctx.alive && refresh().catch(() => {}));
          } finally {
            busy--;
          }
        });
        const r = d.retry || {};
        rows.push(h('tr', { class: level !== 'ok' ? `row-${level}` : null, 'data-destination': d.name },
          h('th', { scope: 'row', 'data-label': 'Destination' },
            h('a', { href: `#/deliveries?destination=${encodeURIComponent(d.name)}`, class: 'strong' }, d.name),
            d.signed ? h('span', { class: 'tag', title: 'Outbound requests are signed' }, 'signed') : null,
            h('div', { class: 'policy muted small', title: 'Retry policy' },
              r.maxAttempts ? `${plural(r.maxAttempts, 'attempt')}, ${fmtMs(r.initialDelay)}–${fmtMs(r.maxDelay)} ×${r.multiplier}` : null,
              d.concurrency ? `${r.maxAttempts ? ' · ' : ''}${d.concurrency} at once` : null)),
          h('td', { 'data-label': 'Health' }, healthBadge(level)),
          h('td', { 'data-label': 'Dead', class: ['num', d.dead > 0 && 'num-bad'] },
            d.dead > 0 ? h('a', { href: `#/deliveries?destination=${encodeURIComponent(d.name)}&status=dead` }, String(d.dead)) : '0'),
          h('td', { 'data-label': 'Retrying', class: ['num', d.retrying > 0 && 'num-warn'] }, String(d.retrying ?? 0)),
          h('td', { 'data-label': 'Pending', class: 'num' }, String(d.pending ?? 0)),
          h('td', { 'data-label': 'Delivered today', class: 'num' }, String(d.deliveredToday ?? 0)),
          h('td', { 'data-label': 'Failure rate', class: ['num', d.failureRate > 0 && 'num-warn'] }, fmtRate(d.failureRate)),
          h('td', { 'data-label': 'Last error', class: 'c-error' }, lastErrorCell(d.lastError, d.lastErrorAt)),
          h('td', { class: 'c-actions' }, replay)));
      }
      showHealthTable(destEl, 'Destinations',
        ['Destination', 'Health', 'Dead', 'Retrying', 'Pending', 'Delivered today', 'Failure rate', 'Last error', ''],
        rows, 'No destinations configured.');
    }

    function renderSources(list) {
      const sorted = [...list].sort((a, b) => SEVERITY[healthOfSource(a)] - SEVERITY[healthOfSource(b)] || a.name.localeCompare(b.name));
      const rows = [];
      for (const s of sorted) {
        const level = healthOfSource(s);
        const test = h('button', { type: 'button', class: 'btn btn-small' }, 'Send test event');
        // the provider's samples, by event type: the first is what the button sends alone
        const types = Array.isArray(s.testEvents) ? s.testEvents : [];
        const sample = types.length > 1 ? h('select', { class: 'sample-type', 'aria-label': `Test event type for ${s.name}` },
          types.map(t => h('option', { value: t }, t))) : null;
        test.addEventListener('click', () => sendTest(s.name, test, sample ? sample.value : null));
        const tryIt = h('a', { class: 'btn btn-small', href: `#/sources/${encodeURIComponent(s.name)}/try`,
          title: 'Run this source\'s route on a sample, storing and sending nothing' }, 'Try a payload');
        rows.push(h('tr', { class: level !== 'ok' ? `row-${level}` : null, 'data-source': s.name },
          h('th', { scope: 'row', 'data-label': 'Source' },
            h('a', { href: `#/events?source=${encodeURIComponent(s.name)}`, class: 'strong' }, s.name),
            h('span', { class: 'tag' }, s.verify || '?'),
            s.environment ? h('span', { class: `env env-${s.environment === 'live' ? 'live' : 'test'}` }, s.environment) : null),
          h('td', { 'data-label': 'Health' }, healthBadge(level)),
          h('td', { 'data-label': 'Events today', class: 'num' }, String(s.eventsToday ?? 0)),
          h('td', { 'data-label': 'Rejected today', class: ['num', s.rejected > 0 && 'num-warn'] }, String(s.rejected ?? 0)),
          h('td', { 'data-label': 'Failure rate', class: ['num', s.failureRate > 0 && 'num-warn'] }, fmtRate(s.failureRate)),
          h('td', { 'data-label': 'Last error', class: 'c-error' }, lastErrorCell(s.lastError, s.lastErrorAt)),
          h('td', { class: 'c-actions' }, sample, sample ? ' ' : null, test, ' ', tryIt)));
      }
      showHealthTable(srcEl, 'Sources', ['Source', 'Health', 'Events today', 'Rejected today', 'Failure rate', 'Last error', ''],
        rows, 'No sources configured.');
    }

    // the instances sharing the store: an instance that is down has its work taken over by the others
    function renderInstances(list) {
      const rows = list.map((i) => h('tr', { class: i.up ? null : 'row-bad', 'data-instance': i.id },
        h('th', { scope: 'row', 'data-label': 'Instance' }, h('span', { class: 'strong' }, i.id),
          i.self ? h('span', { class: 'tag', title: 'The instance serving this page' }, 'this one') : null,
          h('div', { class: 'muted small' }, `${i.host} · ${i.version}`)),
        h('td', { 'data-label': 'Health' }, healthBadge(i.up ? 'ok' : 'bad')),
        h('td', { 'data-label': 'Up for', class: 'num' }, i.up ? fmtUptime(i.uptimeSeconds) : '—'),
        h('td', { 'data-label': 'Last beat' }, i.lastBeat ? fmtTime(i.lastBeat) : 'stopped'),
        h('td', { 'data-label': 'Events to route', class: 'num' }, String(i.unroutedEvents ?? 0)),
        h('td', { 'data-label': 'Deliveries held', class: 'num' }, String(i.leasedDeliveries ?? 0))));
      showHealthTable(instEl, 'Instances', ['Instance', 'Health', 'Up for', 'Last beat', 'Events to route', 'Deliveries held'],
        rows, 'No instance has registered.');
    }

    function renderSummary(sources, destinations) {
      const failing = destinations.filter((d) => healthOfDestination(d) === 'bad');
      const dead = destinations.reduce((n, d) => n + (d.dead || 0), 0);
      const retrying = destinations.reduce((n, d) => n + (d.retrying || 0), 0);
      const today = sources.reduce((n, s) => n + (s.eventsToday || 0), 0);
      clear(summary);
      append(summary, [
        h('div', { class: ['stat', failing.length ? 'stat-bad' : 'stat-ok'] },
          h('span', { class: 'stat-n' }, String(failing.length)),
          h('span', { class: 'stat-l' }, failing.length ? `failing: ${failing.map((d) => d.name).join(', ')}` : 'destinations failing')),
        h('div', { class: ['stat', dead ? 'stat-bad' : null] }, h('span', { class: 'stat-n' }, String(dead)), h('span', { class: 'stat-l' }, 'dead deliveries')),
        h('div', { class: ['stat', retrying ? 'stat-warn' : null] }, h('span', { class: 'stat-n' }, String(retrying)), h('span', { class: 'stat-l' }, 'retrying')),
        h('div', { class: 'stat' }, h('span', { class: 'stat-n' }, String(today)), h('span', { class: 'stat-l' }, 'events today')),
      ]);
    }

    async function refresh() {
      const [s, d, i] = await Promise.all([api('GET', '/api/sources'), api('GET', '/api/destinations'), api('GET', '/api/instances')]);
      if (!ctx.alive) {
        return;
      }
      const sources = (s && s.sources) || [];
      const destinations = (d && d.destinations) || [];
      const instances = (i && i.instances) || [];
      const json = JSON.stringify([sources, destinations, instances]);
      if (json !== lastJson) {
        lastJson = json;
        renderSummary(sources, destinations);
        renderDestinations(destinations);
        renderSources(sources);
        renderInstances(instances);
      }
    }

    ctx.loop(async () => {
      if (busy > 0) {
        return; // do not redraw the buttons under an operator's click
      }
      try {
        await refresh();
        message.replaceChildren();
        live.ok();
      } catch (e) {
        live.fail(e.message);
        if (e.status !== 401) {
          message.replaceChildren(errorBox(`Could not load health: ${e.message}`));
        }
        throw e;
      }
    }, HEALTH_MS);
  }

  // ---------------------------------------------------------------- try a payload

  const TRY_TYPES = ['application/json', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/xml', 'text/xml'];

  /** "Name: value" lines into an object; throws on a line without a colon. */
  function headerLines(text) {
    const headers = {};
    for (const line of text.split('\n')) {
      const t = line.trim();
      if (!t) {
        continue;
      }
      const at = t.indexOf(':');
      if (at <= 0) {
        throw new Error(`Not a header line (Name: value): ${t}`);
      }
      headers[t.slice(0, at).trim()] = t.slice(at + 1).trim();
    }
    return headers;
  }

  /** The source's route run on a sample in a dry run: POST /api/sources/{name}/try. Nothing is stored or sent. */
  function tryView(ctx, name) {
    setTitle(`Try a payload · ${name}`);
    const typeSel = select('contentType', TRY_TYPES.map((t) => [t, t]), 'application/json');
    const queryIn = h('input', { name: 'query', type: 'text', class: 'mono', spellcheck: 'false', autocomplete: 'off',
      placeholder: 'campaign_name=Expo&lead_status=new' });
    const headersIn = h('textarea', { name: 'headers', rows: 3, class: 'mono', spellcheck: 'false', placeholder: 'X-GitHub-Event: push' });
    const bodyIn = h('textarea', { name: 'body', rows: 12, class: 'mono try-body', spellcheck: 'false',
      placeholder: '{"event": "order.status", "order_id": "ORD-1", "status": "delivered"}' });
    const run = h('button', { type: 'submit', class: 'btn btn-primary' }, 'Try it');
    const result = h('section', { class: 'card try-result', id: 'try-result', 'aria-live': 'polite', hidden: true });
    const form = h('form', { class: 'card try-form', id: 'try-form', autocomplete: 'off' },
      h('p', { class: 'muted' }, 'Runs the route of ', h('code', null, `kurir:source:${name}`),
        ' on this payload as if it had arrived at ', h('code', null, `/hooks/${name}`),
        '. Nothing is stored and nothing is sent: the answer shows what Kurir would see and where the route would send it. The signature is not checked.'),
      h('div', { class: 'try-grid' },
        field('Content-Type', typeSel),
        field('Query (labels)', queryIn),
        field('Headers', headersIn, 'try-wide'),
        field('Body', bodyIn, 'try-wide')),
      h('div', { class: 'filters-actions' }, run));
    append(viewEl, [pageHeader(`Try a payload: ${name}`,
      h('a', { href: `#/events?source=${encodeURIComponent(name)}`, class: 'btn btn-small' }, 'Events of this source')), form, result]);

    function kv(rows) {
      return h('dl', { class: 'kv' }, rows.map(([k, v]) => [h('dt', null, k), h('dd', null, v)]));
    }

    function show(answer) {
      const destinations = answer.destinations || [];
      const skipped = answer.skippedEndpoints || [];
      const labels = Object.entries(answer.labels || {});
      const outcome = { routed: ['ok', '✔'], no_route: ['warn', '!'], route_failed: ['bad', '✖'] }[answer.outcome] || ['ok', '•'];
      clear(result);
      append(result, [
        h('h2', null, 'What the route would do ', badge(outcome[0], answer.outcome, outcome[1])),
        answer.answer !== undefined
          ? h('p', null, `Kurir answers this ${answer.outcome} itself, without storing or routing it: `, h('code', null, JSON.stringify(answer.answer)))
          : kv([
            ['Event type', answer.eventType],
            ['Idempotency key', answer.idempotencyKey],
            ['Labels', labels.length ? labels.map(([k, v]) => `${k}=${v}`).join(', ') : '—'],
            ['Route', answer.route || `no route starts from kurir:source:${name}`],
            ['Destinations', destinations.length
              ? h('span', { class: 'try-destinations' }, destinations.map((d) => h('a', { class: 'tag', href: `#/deliveries?destination=${encodeURIComponent(d)}` }, d)))
              : 'none: a real webhook would be stored only'],
            ['Not sent', skipped.length ? h('ul', { class: 'try-skipped' }, skipped.map((u) => h('li', null, h('code', null, u)))) : '—'],
            answer.error ? ['Route error', h('span', { class: 'error-text' }, answer.error)] : null,
          ].filter(Boolean)),
        h('p', { class: 'muted small' }, 'Dry run: nothing was stored or sent; the signature was not verified.'),
      ]);
      result.hidden = false;
    }

    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      let sample;
      try {
        sample = { body: bodyIn.value, contentType: typeSel.value, headers: headerLines(headersIn.value), query: queryIn.value.trim() };
      } catch (e) {
        clear(result);
        append(result, [errorBox(e.message)]);
        result.hidden = false;
        return;
      }
      run.disabled = true;
      try {
        const answer = await api('POST', `/api/sources/${encodeURIComponent(name)}/try`, null, undefined, sample);
        if (ctx.alive) {
          show(answer || {});
        }
      } catch (e) {
        if (ctx.alive && e.status !== 401) {
          clear(result);
          append(result, [errorBox(`${e.code}: ${e.message}`)]);
          result.hidden = false;
        }
      } finally {
        run.disabled = false;
      }
    });
  }

  // ---------------------------------------------------------------- start

  window.addEventListener('hashchange', route);
  if (!location.hash) {
    history.replaceState(null, '', '#/events');
  }
  route();
})();
