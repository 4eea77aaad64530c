/*
 * modelwatch report: builds the page from the JSON in #report-data. Every name and string from the data is put
 * in the DOM with textContent or as a text node, never as markup; charts are ECharts on canvas with tooltips
 * drawn as canvas rich text (renderMode 'richText'), so no data string is ever parsed as HTML.
 * Only the selected model is in the DOM; tables show one page of rows at a time.
 */
(function () {
  'use strict';
  var t0 = performance.now();
  var DATA = JSON.parse(document.getElementById('report-data').textContent);
  var parseMs = performance.now() - t0;

  // Okabe-Ito, colour-blind safe; viridis stops for the PSI heatmap bands.
  var OKABE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#000000', '#F0E442'];
  var PSI_BANDS = [
    {lt: 0.1, label: '< 0.1 none', color: '#f0f0f0'},
    {gte: 0.1, lt: 0.2, label: '0.1 - 0.2 slight', color: '#fde725'},
    {gte: 0.2, lt: 0.5, label: '0.2 - 0.5 significant', color: '#35b779'},
    {gte: 0.5, lt: 1, label: '0.5 - 1', color: '#31688e'},
    {gte: 1, label: '>= 1', color: '#440154'}
  ];

  var NF3 = new Intl.NumberFormat('en-US', {maximumSignificantDigits: 3});
  var NF0 = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});

  function num(v) { return v !== null && v !== undefined && isFinite(v); }
  function fmtNum(v) {
    if (!num(v)) return '\u2014';
    var a = Math.abs(v);
    if (a === 0) return '0';
    if (a >= 1000) return NF0.format(v);
    if (a < 0.001) return v.toExponential(1);
    return NF3.format(v);
  }
  function fmtInt(v) { return num(v) ? NF0.format(v) : '\u2014'; }
  function fmtPct(v) { return num(v) ? fmtNum(v * 100) + ' %' : '\u2014'; }
  function fmtMs(v) { return num(v) ? fmtNum(v) + ' ms' : '\u2014'; }
  function fmtTime(ms) { return num(ms) ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') : '\u2014'; }
  function text(v) { return v === null || v === undefined || v === '' ? '\u2014' : String(v); }

  function el(tag, cls, content) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (content !== undefined && content !== null) e.textContent = String(content);
    return e;
  }

  var charts = [];
  // Every chart: no animation (a report is read, not watched), Okabe-Ito colours, tooltips drawn on the canvas.
  function decorate(option) {
    option.animation = false;
    option.color = option.color || OKABE;
    option.textStyle = {fontFamily: 'system-ui, sans-serif', fontSize: 12};
    if (option.tooltip) option.tooltip.renderMode = 'richText';
    return option;
  }
  function chart(host, height, option) {
    var div = el('div', 'chart');
    div.style.height = height + 'px';
    host.append(div);
    var c = echarts.init(div, null, {renderer: 'canvas'});
    c.setOption(decorate(option));
    charts.push(c);
    return c;
  }
  window.addEventListener('resize', function () { charts.forEach(function (c) { c.resize(); }); });

  function timeAxis() { return {type: 'time', axisLabel: {hideOverlap: true}}; }
  function line(name, t, values, extra) {
    var s = {name: name, type: 'line', showSymbol: t.length < 60, connectNulls: false,
      data: t.map(function (x, i) { return [x, num(values[i]) ? values[i] : null]; })};
    if (extra) for (var k in extra) s[k] = extra[k];
    return s;
  }
  function baseOption(yName, yFmt) {
    return {
      grid: {left: 70, right: 30, top: 40, bottom: 40},
      legend: {top: 4, type: 'scroll'},
      tooltip: {trigger: 'axis', valueFormatter: function (v) { return yFmt(v); }},
      xAxis: timeAxis(),
      yAxis: {type: 'value', name: yName, nameTextStyle: {align: 'left'}, axisLabel: {formatter: function (v) { return yFmt(v); }}},
      series: []
    };
  }

  // A table that shows one page of rows, sorts on a header click and filters on a text: the DOM holds at most
  // pageSize rows whatever the data holds.
  function pagedTable(host, spec) {
    var tools = el('div', 'table-tools'), filter = null;
    if (spec.filter) {
      filter = el('input');
      filter.type = 'search';
      filter.placeholder = spec.filter.placeholder;
      filter.setAttribute('aria-label', spec.filter.placeholder);
      tools.append(filter);
    }
    var prev = el('button', null, '\u2039 Prev'), next = el('button', null, 'Next \u203a'), count = el('span', 'count');
    tools.append(prev, next, count);
    var table = el('table'), thead = el('thead'), tbody = el('tbody'), head = el('tr');
    table.id = spec.id;
    var sortCol = spec.sortCol === undefined ? -1 : spec.sortCol, sortDir = spec.sortDir || 1, page = 0, size = spec.pageSize || 25;
    var order = [];
    spec.columns.forEach(function (c, ci) {
      var th = el('th', c.text ? 'text' : null, c.label);
      th.title = c.title || c.label;
      th.dataset.col = c.key;
      th.addEventListener('click', function () {
        if (sortCol === ci) sortDir = -sortDir; else { sortCol = ci; sortDir = c.text ? 1 : -1; }
        page = 0;
        refresh();
      });
      head.append(th);
    });
    thead.append(head);
    table.append(thead, tbody);
    var wrap = el('div', 'table-wrap');
    wrap.append(table);
    host.append(tools, wrap);

    function refresh() {
      var q = filter ? filter.value.toLowerCase() : '';
      order = [];
      for (var i = 0; i < spec.rows; i++) {
        if (!q || String(spec.filter.value(i)).toLowerCase().indexOf(q) >= 0) order.push(i);
      }
      if (sortCol >= 0) {
        var c = spec.columns[sortCol], key = c.sort || c.value;
        order.sort(function (a, b) {
          var x = key(a), y = key(b), nx = x === null || x === undefined, ny = y === null || y === undefined;
          if (nx || ny) return nx && ny ? a - b : nx ? 1 : -1;
          return x < y ? -sortDir : x > y ? sortDir : a - b;
        });
      }
      var pages = Math.max(1, Math.ceil(order.length / size));
      page = Math.min(page, pages - 1);
      tbody.textContent = '';
      var end = Math.min(order.length, (page + 1) * size);
      for (var k = page * size; k < end; k++) {
        var row = order[k], tr = el('tr');
        tr.dataset.row = row;
        spec.columns.forEach(function (col) {
          var v = col.value(row);
          var td = el('td', (col.cls || (col.text ? 'text' : '')) + (col.classOf ? ' ' + col.classOf(row) : ''), col.fmt ? col.fmt(v) : text(v));
          td.dataset.col = col.key;
          tr.append(td);
        });
        tbody.append(tr);
      }
      if (order.length === 0) {
        var td = el('td', 'empty', spec.rows === 0 ? 'nothing to show' : 'no row matches');
        td.colSpan = spec.columns.length;
        var tr0 = el('tr');
        tr0.append(td);
        tbody.append(tr0);
      }
      count.textContent = (order.length === 0 ? 0 : page * size + 1) + '\u2013' + end + ' of ' + fmtInt(order.length)
        + (order.length !== spec.rows ? ' (filtered from ' + fmtInt(spec.rows) + ')' : '') + ', page ' + (page + 1) + ' of ' + pages;
      prev.disabled = page === 0;
      next.disabled = page >= pages - 1;
    }
    prev.addEventListener('click', function () { page--; refresh(); });
    next.addEventListener('click', function () { page++; refresh(); });
    if (filter) filter.addEventListener('input', function () { page = 0; refresh(); });
    refresh();
    return {refresh: refresh, table: table};
  }

  function section(host, id, title, note) {
    var s = el('section');
    s.id = id;
    s.append(el('h2', null, title));
    if (note) s.append(el('p', 'note', note));
    host.append(s);
    return s;
  }

  function card(host, key, label, value, sub) {
    var c = el('div', 'card');
    c.dataset.key = key;
    c.append(el('div', 'label', label));
    var v = el('div', 'value', value);
    v.dataset.value = key;
    c.append(v);
    if (sub) c.append(el('div', 'sub', sub));
    host.append(c);
  }

  function column(tbl, name) {
    if (!tbl) return null;
    var i = tbl.columns.indexOf(name);
    return i < 0 ? null : tbl.values[i];
  }
  function lastIndex(arr) {
    if (!arr) return -1;
    for (var i = arr.length - 1; i >= 0; i--) if (num(arr[i])) return i;
    return -1;
  }

  function summary(main, u, m) {
    var s = section(main, 'summary', 'Summary');
    var cards = el('div', 'cards');
    s.append(cards);
    var w = u.windows, f = u.features, n = w.length;
    card(cards, 'windows', 'Windows', fmtInt(n), n ? fmtTime(w[0]) + ' \u2192 ' + fmtTime(w[n - 1]) + ' UTC' : '');
    card(cards, 'features', 'Features', fmtInt(f.n));
    var anyAlert = f.alerted.some(function (x) { return x !== null; });
    var alerted = 0, high = 0;
    for (var i = 0; i < f.n; i++) {
      if (f.alerted[i] > 0) alerted++;
      if (f.high[i] > 0) high++;
    }
    card(cards, 'features-alerted', 'Features alerted', anyAlert ? fmtInt(alerted) : '\u2014',
      anyAlert ? 'drift_alert in at least one window' : 'no calibrated drift_alert in the points');
    card(cards, 'features-high', 'Features at level high', fmtInt(high), 'in at least one window');
    var li = lastIndex(u.drift.share);
    card(cards, 'drift-share', 'Drift share, last window', li >= 0 ? fmtPct(u.drift.share[li]) : '\u2014',
      li >= 0 ? fmtInt(u.drift.drifted[li]) + ' of ' + fmtInt(u.drift.features[li]) + ' features, ' + fmtTime(w[li]) : '');
    var counts = column(u.serving, 'count'), errs = column(u.serving, 'error_rate'), p99 = column(u.serving, 'latency_p99');
    var records = 0, bad = 0;
    if (counts) counts.forEach(function (c, k) { if (num(c)) { records += c; if (errs && num(errs[k])) bad += c * errs[k]; } });
    card(cards, 'records', 'Records', counts ? fmtInt(records) : '\u2014', 'predictions in model_serving');
    card(cards, 'error-rate', 'Error rate', counts && records > 0 ? fmtPct(bad / records) : '\u2014', 'errors and timeouts, all windows');
    var pi = lastIndex(p99);
    card(cards, 'latency-p99', 'Latency p99, last window', pi >= 0 ? fmtMs(p99[pi]) : '\u2014', pi >= 0 ? fmtTime(u.serving.t[pi]) : '');
    var firing = m.alerts.state.filter(function (x) { return x === 'firing'; }).length;
    card(cards, 'alerts-fired', 'Alerts fired', fmtInt(firing), fmtInt(m.alerts.t.length) + ' transitions');
  }

  function driftShare(main, u) {
    var s = section(main, 'drift-share-chart', 'Drift share over time',
      'Share of the scored features at drift level medium or high (drift_score >= 2) per window; bars: features at level high.');
    var o = baseOption('share', fmtPct);
    o.yAxis = [o.yAxis, {type: 'value', name: 'features', position: 'right', splitLine: {show: false}}];
    o.tooltip.valueFormatter = undefined;
    o.series.push(line('drift share', u.windows, u.drift.share, {areaStyle: {opacity: 0.15}}));
    o.series.push({name: 'features at level high', type: 'bar', yAxisIndex: 1, barMaxWidth: 8,
      data: u.windows.map(function (x, i) { return [x, u.drift.high[i]]; })});
    if (u.drift.alerted.some(num)) {
      o.series.push(line('features alerted', u.windows, u.drift.alerted, {yAxisIndex: 1}));
    }
    chart(s, 280, o);
  }

  function featureTable(main, u) {
    var f = u.features;
    var s = section(main, 'top-features', 'Top drifted features',
      'All ' + fmtInt(f.n) + ' features, most drifted first (worst drift score, then windows alerted, windows at level high, largest PSI). '
      + 'Level and the statistics after max PSI are those of the feature\u2019s last window (level: drift_level of that window). Click a header to sort, type to filter.');
    function col(key, label, fmt, title) { return {key: key, label: label, fmt: fmt, title: title, value: function (i) { return f[key][i]; }}; }
    pagedTable(s, {
      id: 'features', rows: f.n, pageSize: 20,
      filter: {placeholder: 'filter features', value: function (i) { return f.name[i]; }},
      columns: [
        {key: 'rank', label: '#', value: function (i) { return i + 1; }, fmt: fmtInt},
        {key: 'name', label: 'feature', text: true, cls: 'name', value: function (i) { return f.name[i]; }},
        {key: 'kind', label: 'kind', text: true, value: function (i) { return f.kind[i]; }},
        {key: 'level', label: 'level', text: true, value: function (i) { return f.level[i]; },
          classOf: function (i) { return f.level[i] === 'high' ? 'level-high' : f.level[i] === 'medium' ? 'level-medium' : ''; }},
        col('maxScore', 'max score', fmtInt, 'largest drift_score over the windows'),
        col('alerted', 'alerted', fmtInt, 'windows with drift_alert'),
        col('high', 'high', fmtInt, 'windows at drift level high'),
        col('stats', 'windows', fmtInt, 'windows with statistics'),
        col('maxPsi', 'max PSI', fmtNum, 'largest PSI over the windows'),
        col('psi', 'PSI', fmtNum),
        col('ks_stat', 'KS D', fmtNum, 'Kolmogorov-Smirnov statistic'),
        col('ks_qvalue', 'KS q', fmtNum, 'Benjamini-Hochberg q-value'),
        col('wasserstein', 'Wasserstein', fmtNum, 'normalised by the reference std'),
        col('mean_shift', 'mean shift', fmtNum, 'in reference std'),
        col('std_shift', 'std shift', fmtNum),
        col('chi2_pvalue', '\u03c7\u00b2 p', fmtNum, 'chi-square p-value (categorical)'),
        col('missing_rate', 'missing', fmtPct),
        col('count', 'count', fmtInt),
        {key: 'alertBy', label: 'alert by', text: true, value: function (i) { return f.alertBy[i]; }},
        {key: 'lastT', label: 'last window', text: true, value: function (i) { return f.lastAt[i] >= 0 ? u.windows[f.lastAt[i]] : null; }, fmt: fmtTime}
      ]
    });
  }

  function heatmap(main, u) {
    var top = u.top, names = top.feature.map(function (i) { return u.features.name[i]; });
    var s = section(main, 'psi-heatmap', 'PSI heatmap',
      'PSI of the ' + names.length + ' most drifted features (rows, most drifted on top) in each window (columns). Bands as in the contract; blank: no statistics.');
    if (names.length === 0) { s.append(el('p', 'empty', 'no feature statistics')); return; }
    var data = [];
    var rows = names.length;
    top.psi.forEach(function (series, r) {
      series.forEach(function (v, w) { if (num(v)) data.push([w, rows - 1 - r, v]); });
    });
    var labels = u.windows.map(fmtTime);
    chart(s, Math.max(220, rows * 18 + 110), {
      grid: {left: 190, right: 30, top: 40, bottom: 60},
      tooltip: {position: 'top', formatter: function (p) {
        return names[rows - 1 - p.value[1]] + '\n' + labels[p.value[0]] + ' UTC\nPSI ' + fmtNum(p.value[2]);
      }},
      xAxis: {type: 'category', data: labels, axisLabel: {hideOverlap: true}, splitArea: {show: false}},
      yAxis: {type: 'category', data: names.slice().reverse(), axisLabel: {width: 170, overflow: 'truncate', fontFamily: 'monospace'}},
      visualMap: {type: 'piecewise', orient: 'horizontal', left: 'center', top: 4, dimension: 2, pieces: PSI_BANDS.map(function (b) {
        var p = {label: b.label, color: b.color};
        if (b.lt !== undefined) p.lt = b.lt;
        if (b.gte !== undefined) p.gte = b.gte;
        return p;
      })},
      series: [{type: 'heatmap', data: data, progressive: 0, itemStyle: {borderColor: '#fff', borderWidth: 0.5}}]
    });
  }

  function featureOverTime(main, u) {
    var top = u.top;
    var s = section(main, 'feature-over-time', 'A feature over time',
      'One of the most drifted features, window by window. The dashed line is PSI 0.2 (significant).');
    if (top.feature.length === 0) { s.append(el('p', 'empty', 'no feature statistics')); return; }
    var tools = el('div', 'table-tools');
    var label = el('label', null, 'Feature ');
    var select = el('select');
    select.id = 'feature-select';
    top.feature.forEach(function (fi, k) {
      var opt = el('option', null, (k + 1) + '. ' + u.features.name[fi]);
      opt.value = String(k);
      select.append(opt);
    });
    label.append(select);
    tools.append(label);
    s.append(tools);
    var c = chart(s, 300, baseOption('statistic', fmtNum));
    function draw(k) {
      var o = baseOption('statistic', fmtNum);
      o.series.push(line('PSI', u.windows, top.psi[k], {markLine: {symbol: 'none', silent: true, lineStyle: {type: 'dashed', color: '#D55E00'},
        label: {formatter: 'PSI 0.2'}, data: [{yAxis: 0.2}]}}));
      o.series.push(line('KS D', u.windows, top.ks_stat[k]));
      o.series.push(line('Wasserstein', u.windows, top.wasserstein[k]));
      o.series.push(line('mean shift', u.windows, top.mean_shift[k]));
      o.yAxis = [o.yAxis, {type: 'value', name: 'drift score', position: 'right', min: 0, max: 6, interval: 1, splitLine: {show: false}}];
      o.series.push(line('drift score', u.windows, top.score[k], {yAxisIndex: 1, step: 'middle', lineStyle: {type: 'dotted'}}));
      c.setOption(decorate(o), true);
    }
    select.addEventListener('change', function () { draw(Number(select.value)); });
    draw(0);
  }

  function tableOfWindows(host, id, tbl, columns) {
    pagedTable(host, {
      id: id, rows: tbl.t.length, pageSize: 12, sortCol: 0, sortDir: -1,
      columns: [{key: 'time', label: 'window end (UTC)', text: true, value: function (i) { return tbl.t[i]; }, fmt: fmtTime}]
        .concat(columns.filter(function (c) { return column(tbl, c.key); }).map(function (c) {
          var values = column(tbl, c.key);
          return {key: c.key, label: c.label, fmt: c.fmt, value: function (i) { return values[i]; }};
        }))
    });
  }

  function serving(main, u) {
    var s = section(main, 'serving', 'Serving: latency and errors', 'From model_serving points, per window.');
    var t = u.serving;
    if (!t) { s.append(el('p', 'empty', 'no model_serving points for this model')); return; }
    var g = el('div', 'grid2');
    s.append(g);
    var a = el('div'), b = el('div');
    g.append(a, b);
    var lat = baseOption('ms', fmtMs);
    [['latency_p50', 'p50'], ['latency_p90', 'p90'], ['latency_p95', 'p95'], ['latency_p99', 'p99'], ['ttft_p99', 'TTFT p99']].forEach(function (p) {
      var v = column(t, p[0]);
      if (v) lat.series.push(line(p[1], t.t, v));
    });
    a.append(el('h3', null, 'Latency percentiles'));
    chart(a, 260, lat);
    var err = baseOption('share', fmtPct);
    [['error_rate', 'error rate'], ['timeout_rate', 'timeout rate'], ['fallback_rate', 'fallback rate'], ['retry_rate', 'retry rate']].forEach(function (p) {
      var v = column(t, p[0]);
      if (v) err.series.push(line(p[1], t.t, v));
    });
    b.append(el('h3', null, 'Error rates'));
    chart(b, 260, err);
    tableOfWindows(s, 'serving-table', t, [
      {key: 'count', label: 'count', fmt: fmtInt}, {key: 'qps', label: 'QPS', fmt: fmtNum},
      {key: 'error_rate', label: 'errors', fmt: fmtPct}, {key: 'timeout_rate', label: 'timeouts', fmt: fmtPct},
      {key: 'fallback_rate', label: 'fallbacks', fmt: fmtPct}, {key: 'latency_p50', label: 'p50', fmt: fmtMs},
      {key: 'latency_p95', label: 'p95', fmt: fmtMs}, {key: 'latency_p99', label: 'p99', fmt: fmtMs},
      {key: 'latency_max', label: 'max', fmt: fmtMs}, {key: 'confidence_mean', label: 'confidence', fmt: fmtNum}
    ]);
  }

  var PERF = [
    ['accuracy', fmtPct], ['auc', fmtNum], ['f1', fmtNum], ['precision', fmtNum], ['recall', fmtNum], ['macro_f1', fmtNum],
    ['estimated_accuracy', fmtPct], ['log_loss', fmtNum], ['brier', fmtNum], ['ece', fmtNum], ['mae', fmtNum], ['rmse', fmtNum],
    ['mape', fmtPct], ['r2', fmtNum], ['bias', fmtNum], ['label_coverage', fmtPct], ['predictions', fmtInt], ['labelled', fmtInt],
    ['label_delay_p50', fmtNum], ['label_delay_p99', fmtNum], ['positive_rate', fmtPct], ['predicted_positive_rate', fmtPct],
    ['orphan_labels', fmtInt], ['late_labels', fmtInt], ['duplicate_labels', fmtInt]
  ];

  function performance_(main, u) {
    var t = u.performance;
    if (!t) return;
    var s = section(main, 'performance', 'Model performance', 'From model_performance points (predictions joined to their labels), per window.');
    var o = baseOption('', fmtNum);
    ['accuracy', 'auc', 'f1', 'macro_f1', 'estimated_accuracy', 'r2', 'label_coverage'].forEach(function (k) {
      var v = column(t, k);
      if (v) o.series.push(line(k, t.t, v));
    });
    if (o.series.length === 0) ['mae', 'rmse'].forEach(function (k) { var v = column(t, k); if (v) o.series.push(line(k, t.t, v)); });
    if (o.series.length) chart(s, 260, o);
    var known = PERF.map(function (p) { return p[0]; });
    var cols = PERF.map(function (p) { return {key: p[0], label: p[0].replace(/_/g, ' '), fmt: p[1]}; });
    t.columns.forEach(function (c) { if (known.indexOf(c) < 0) cols.push({key: c, label: c.replace(/_/g, ' '), fmt: fmtNum}); });
    tableOfWindows(s, 'performance-table', t, cols);
  }

  function slo(main, m) {
    if (!m.slo.length) return;
    var s = section(main, 'slo', 'SLO burn', 'Burn rate = error ratio / (1 - objective) over each burn window, from slo points; '
      + 'the series are thinned to at most 600 points (the highest burn rate of each bucket). Budget: remaining error budget over the period.');
    var byName = {};
    var names = [];
    m.slo.forEach(function (x) {
      if (!Object.prototype.hasOwnProperty.call(byName, x.slo)) { byName[x.slo] = []; names.push(x.slo); }
      byName[x.slo].push(x);
    });
    var g = el('div', 'grid2');
    s.append(g);
    names.forEach(function (name) {
      var d = el('div');
      d.append(el('h3', null, name));
      g.append(d);
      var o = baseOption('burn rate', fmtNum);
      byName[name].forEach(function (x) {
        if (x.burn.some(num)) o.series.push(line(x.window || 'burn rate', x.t, x.burn, {showSymbol: false}));
      });
      chart(d, 240, o);
    });
    var rows = m.slo;
    pagedTable(s, {
      id: 'slo-table', rows: rows.length, pageSize: 30,
      columns: [
        {key: 'slo', label: 'SLO', text: true, cls: 'name', value: function (i) { return rows[i].slo; }},
        {key: 'window', label: 'burn window', text: true, value: function (i) { return rows[i].window; }},
        {key: 'time', label: 'last step (UTC)', text: true, value: function (i) { return rows[i].last.t; }, fmt: fmtTime},
        {key: 'burn_rate', label: 'burn rate', fmt: fmtNum, value: function (i) { return rows[i].last.burn; }},
        {key: 'error_ratio', label: 'error ratio', fmt: fmtPct, value: function (i) { return rows[i].last.errorRatio; }},
        {key: 'budget_remaining', label: 'budget left', fmt: fmtPct, value: function (i) { return rows[i].last.budget; }},
        {key: 'total', label: 'total', fmt: fmtInt, value: function (i) { return rows[i].last.total; }},
        {key: 'bad', label: 'bad', fmt: fmtInt, value: function (i) { return rows[i].last.bad; }}
      ]
    });
  }

  function alerts(main, a, id, title, windows) {
    var s = section(main, id, title, 'Every transition to firing or resolved (alerts points), newest first.');
    if (!a.t.length) { s.append(el('p', 'empty', 'no alerts')); return; }
    var rules = [];
    a.rule.forEach(function (r) { if (rules.indexOf(r) < 0) rules.push(r); });
    var firing = [], resolved = [];
    a.t.forEach(function (t, i) { (a.state[i] === 'resolved' ? resolved : firing).push([t, rules.indexOf(a.rule[i]), i]); });
    function tip(p) {
      var i = p.value[2];
      return text(a.rule[i]) + ' ' + text(a.severity[i]) + ' ' + text(a.state[i]) + '\n' + fmtTime(a.t[i]) + ' UTC\n' + text(a.tags[i]);
    }
    // The axis spans the model's windows and its alerts, so an alert is seen where it happened in the range.
    var lo = Infinity, hi = -Infinity;
    a.t.concat(windows || []).forEach(function (x) { if (x < lo) lo = x; if (x > hi) hi = x; });
    var pad = Math.max(60000, (hi - lo) * 0.03);
    var axis = timeAxis();
    axis.min = lo - pad;
    axis.max = hi + pad;
    chart(s, Math.max(160, rules.length * 26 + 90), {
      grid: {left: 190, right: 30, top: 36, bottom: 40},
      legend: {top: 4},
      tooltip: {trigger: 'item', formatter: tip},
      xAxis: axis,
      yAxis: {type: 'category', data: rules, axisLabel: {width: 170, overflow: 'truncate'}},
      series: [
        {name: 'firing', type: 'scatter', symbol: 'triangle', symbolSize: 11, data: firing, itemStyle: {color: '#D55E00'}},
        {name: 'resolved', type: 'scatter', symbol: 'circle', symbolSize: 9, data: resolved, itemStyle: {color: '#009E73'}}
      ]
    });
    pagedTable(s, {
      id: id + '-table', rows: a.t.length, pageSize: 15, sortCol: 0, sortDir: -1,
      filter: {placeholder: 'filter alerts', value: function (i) { return [a.rule[i], a.severity[i], a.state[i], a.tags[i], a.summary[i], a.description[i]].join(' '); }},
      columns: [
        {key: 'time', label: 'time (UTC)', text: true, value: function (i) { return a.t[i]; }, fmt: fmtTime},
        {key: 'rule', label: 'rule', text: true, value: function (i) { return a.rule[i]; }},
        {key: 'severity', label: 'severity', text: true, value: function (i) { return a.severity[i]; }},
        {key: 'state', label: 'state', text: true, value: function (i) { return a.state[i]; },
          classOf: function (i) { return a.state[i] === 'firing' ? 'state-firing' : 'state-resolved'; }},
        {key: 'value', label: 'value', fmt: fmtNum, value: function (i) { return a.value[i]; }},
        {key: 'threshold', label: 'threshold', fmt: fmtNum, value: function (i) { return a.threshold[i]; }},
        {key: 'tags', label: 'series', text: true, cls: 'long', value: function (i) { return a.tags[i]; }},
        {key: 'summary', label: 'summary', text: true, cls: 'long', value: function (i) { return a.summary[i]; }},
        {key: 'description', label: 'description', text: true, cls: 'long', value: function (i) { return a.description[i]; }}
      ]
    });
  }

  var main = document.getElementById('report');
  var current = -1;
  function show(k) {
    var t = performance.now();
    charts.forEach(function (c) { c.dispose(); });
    charts = [];
    main.textContent = '';
    current = k;
    if (select && select.value !== String(k)) options();
    var u = DATA.units[k], m = DATA.models[u.modelIndex];
    var h = el('h2', 'unit-title', u.label);
    h.id = 'unit-title';
    main.append(h);
    summary(main, u, m);
    driftShare(main, u);
    featureTable(main, u);
    heatmap(main, u);
    featureOverTime(main, u);
    serving(main, u);
    performance_(main, u);
    slo(main, m);
    alerts(main, m.alerts, 'alerts', 'Alerts timeline', u.windows);
    if (DATA.systemAlerts.t.length) alerts(main, DATA.systemAlerts, 'system-alerts', 'Alerts without a model (host, GPU)');
    return performance.now() - t;
  }

  // Header: what the page was made from, and the model picker (filterable: 100 models fit in a list).
  document.title = DATA.title;
  document.getElementById('title').textContent = DATA.title;
  var meta = 'Generated ' + fmtTime(DATA.generated) + ' UTC from ' + DATA.source
    + (num(DATA.from) || num(DATA.to) ? ', points from ' + fmtTime(DATA.from) + ' to ' + fmtTime(DATA.to) + ' UTC' : '')
    + '. Times are window ends, UTC. ' + fmtInt(DATA.units.length) + (DATA.units.length === 1 ? ' model.' : ' models.');
  document.getElementById('meta').textContent = meta;
  var select = document.getElementById('unit-select'), search = document.getElementById('unit-filter');
  function options() {
    var q = search.value.toLowerCase();
    select.textContent = '';
    DATA.units.forEach(function (u, k) {
      if (q && u.label.toLowerCase().indexOf(q) < 0 && k !== current) return;
      var o = el('option', null, u.label);
      o.value = String(k);
      if (k === current) o.selected = true;
      select.append(o);
    });
  }
  select.addEventListener('change', function () { show(Number(select.value)); });
  search.addEventListener('input', options);
  document.getElementById('footer').textContent = 'Made by modelwatch report. Charts: Apache ECharts ' + DATA.chartLibrary
    + ' (Apache-2.0), inlined; the page needs no network. Drift statistics as in the modelwatch contract, sections 3-4.';

  var firstMs = 0;
  if (DATA.units.length) {
    current = 0;
    options();
    firstMs = show(0);
  } else {
    main.append(el('p', 'empty', 'No drift, serving or performance points in the input.'));
    if (DATA.systemAlerts.t.length) alerts(main, DATA.systemAlerts, 'system-alerts', 'Alerts without a model (host, GPU)');
  }
  // Ready after the charts have been painted (two animation frames after the last setOption).
  requestAnimationFrame(function () {
    requestAnimationFrame(function () {
      window.modelwatchReport = {
        units: DATA.units.length, scriptStartMs: t0, parseMs: parseMs, firstRenderMs: firstMs, readyMs: performance.now(),
        show: show, domNodes: document.getElementsByTagName('*').length
      };
      document.body.setAttribute('data-ready', 'true');
    });
  });
})();
