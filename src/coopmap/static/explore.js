/* coopmap: exploring the partners: filters, timeline, search, arcs and the list, kept in step. */
(function (coopmap) {
  "use strict";

  var PAGE_SIZE = 50;  // entries at a time: each search or filter lays them out again (bench/frames.py)
  var PLAY_STEP_MS = 900;
  var SPEAK_DELAY_MS = 600;  // the count is spoken once the reader pauses, not at every key
  var App = coopmap.App, u = coopmap.util;
  var el = u.el, format = u.format, fold = u.fold, geodesic = u.geodesic;

  App.prototype.buildFilters = function () {
    var app = this;
    function box(container, id, label, swatchClass, onChange) {
      var wrap = el("div", { class: "cm-check" });
      var input = el("input", { type: "checkbox", id: id });
      input.addEventListener("change", function () { onChange(input.checked); app.apply(); app.announceCounter(); });
      var lab = el("label", { for: id });
      if (swatchClass) lab.appendChild(el("span", { class: "cm-swatch " + swatchClass, "aria-hidden": "true" }));
      lab.appendChild(el("span", id === "cm-sector-none" ? {} : app.dataLang(), label));
      wrap.appendChild(input);
      wrap.appendChild(lab);
      container.appendChild(wrap);
    }
    var types = document.getElementById("cm-types");
    this.data.types.forEach(function (t, i) {
      box(types, "cm-type-" + i + "-filter", t.label, "cm-type-" + i + " cm-shape-" + i, function (on) { app.state.types[i] = on; });
    });
    var sectors = document.getElementById("cm-sectors");
    this.data.sectors.forEach(function (label, i) {
      box(sectors, "cm-sector-" + i, label, null, function (on) { app.state.sectors[i] = on; });
    });
    if (this.partners.some(function (p) { return p.sectors.length === 0; })) {
      box(sectors, "cm-sector-none", this.s.no_sector, null, function (on) { app.state.noSector = on; });
    }
  };

  /* The slider says its year and count (aria-valuetext); play runs the years once and speaks once, at
     the end. With reduced motion, play steps one year per press instead of animating. */
  App.prototype.buildTimeline = function () {
    var app = this, s = this.s;
    var box = document.getElementById("cm-timeline");
    var range = document.getElementById("cm-year");
    var out = document.getElementById("cm-year-out");
    var play = document.getElementById("cm-play");
    if (this.maxYear === null || this.minYear === this.maxYear) { box.hidden = true; return; }
    this.yearRange = range;
    range.min = this.minYear;
    range.max = this.maxYear;
    range.value = this.maxYear;
    out.textContent = this.maxYear;
    var modes = document.getElementById("cm-mode");
    if (this.hasEnds) {
      modes.hidden = false;
      modes.addEventListener("change", function (event) {
        app.state.mode = event.target.value === "all" ? "all" : "current";
        app.apply();
        app.announceCounter();
      });
    } else {
      this.state.mode = "all";  // nothing has ended: « signed by » and « in force » are the same
    }
    function set(year) {
      app.state.year = year;
      range.value = year;
      out.textContent = year;
      app.apply();
    }
    range.addEventListener("input", function () { stop(); set(Number(range.value)); });
    var timer = null;
    function stop() {
      if (!timer) return;
      clearInterval(timer);
      timer = null;
      play.setAttribute("aria-pressed", "false");
      app.announceCounter();
    }
    if (u.reducedMotion()) {
      play.removeAttribute("aria-pressed");
      play.lastChild.textContent = s.next_year;
      play.addEventListener("click", function () {
        set(app.state.year >= app.maxYear ? app.minYear : app.state.year + 1);
        app.announceCounter();
      });
      return;
    }
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      play.setAttribute("aria-pressed", "true");
      set(app.minYear);
      timer = setInterval(function () {
        if (app.state.year >= app.maxYear) { stop(); return; }
        set(app.state.year + 1);
      }, PLAY_STEP_MS);
    });
  };

  /* Search filters the list (and the map) as one types, and says how many match; Enter opens the first
     match's popup, or shows a partner that is not on the map in the list. */
  App.prototype.buildSearch = function () {
    var app = this, s = this.s;
    var form = document.getElementById("cm-search");
    var input = document.getElementById("cm-search-input");
    this.folded = this.partners.map(function (p) { return fold(app.searchText(p)); });
    if (this.manyHomes()) this.indexHomes();
    // The list and the map follow each key at once, drawn in the next frame (keys that come faster than
    // the page filter once); the count is spoken once the reader pauses.
    var pending = null, speech = null;
    function filter() {
      clearTimeout(pending);
      pending = null;
      var query = fold(input.value);
      if (query === app.state.query) return;
      app.state.query = query;
      app.apply();
    }
    function speak() {
      clearTimeout(speech);
      speech = null;
      if (!app.state.query) { app.announceCounter(); return; }
      var n = app.visible.filter(Boolean).length;
      app.announce(n ? format(n === 1 ? s.search_count_one : s.search_count, { n: n, query: input.value })
        : format(s.search_none, { query: input.value }));
    }
    input.addEventListener("input", function () {
      if (pending === null) pending = setTimeout(filter, 0);
      clearTimeout(speech);
      speech = setTimeout(speak, SPEAK_DELAY_MS);
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      filter();
      clearTimeout(speech);
      var query = app.state.query;
      if (!query) return;
      var hits = app.searchHits(query);
      var matches = app.shown.filter(function (i) { return hits[i]; });
      var best = matches.find(function (i) { return app.folded[i].indexOf(query) === 0; });
      if (best === undefined) best = matches[0];
      if (best === undefined) { app.announce(format(s.search_none, { query: input.value })); return; }
      var p = app.partners[best];
      if (!p.marker) {
        app.announce(format(s.search_unlocated, { name: p.name }));
        app.showRow(p.id, false);
        return;
      }
      app.announce(format(s.search_found, { name: p.name }));
      app.openPartner(best, null, input);
    });
  };

  /* The page's one polite live region. Setting the same text again would not be spoken: clear it first. */
  App.prototype.announce = function (text) {
    var status = document.getElementById("cm-search-status");
    if (status.textContent === text) status.textContent = "";
    status.textContent = text;
  };

  App.prototype.announceCounter = function () {
    this.announce(document.getElementById("cm-counter").textContent);
  };

  App.prototype.buildArcs = function () {
    var app = this;
    var toggle = document.getElementById("cm-arcs");
    this.arcLayer = L.layerGroup();
    if (!toggle || !(this.data.home || this.data.homes.length)) return;
    toggle.addEventListener("change", function () {
      if (toggle.checked) { app.arcLayer.addTo(app.map); app.drawArcs(); } else { app.arcLayer.remove(); }
    });
  };

  /* Each link starts at its agreement's home; with many homes, only as many as stay legible (homes.js). */
  App.prototype.drawArcs = function () {
    var app = this;
    this.arcLayer.clearLayers();
    this.arcPartners().forEach(function (i) {
      var p = app.partners[i];
      app.homePoints(p).forEach(function (from) {
        L.polyline(geodesic(from, p.marker, 48), { className: "cm-arc cm-type-" + p.type, interactive: false,
          color: app.data.types[p.type].color, weight: 1.5, opacity: 0.8, dashArray: "4 4" }).addTo(app.arcLayer);
      });
    });
  };

  /* A partner shows when its name matches the search and any of its agreements passes the filters. */
  App.prototype.matches = function (p, index) {
    return this.partnerState(p, index, this.filterFlags()) !== HIDDEN;
  };

  var HIDDEN = 0, SHOWN = 1, ENDED = 2;

  /* HIDDEN, SHOWN, or ENDED: shown but with none of its passing agreements in force that year (drawn
     muted, said « terminé »). One pass over its agreements, the filters read once per change (flags). */
  App.prototype.partnerState = function (p, index, flags) {
    if (this.state.query && !this.searchHits(this.state.query)[index]) return HIDDEN;
    var year = this.state.year, shown = false, agreements = p.agreements;
    for (var k = 0; k < agreements.length; k++) {
      var a = agreements[k];
      if (!this.agreementPasses(a, flags)) continue;
      if (this.inForce(a, year)) return SHOWN;
      shown = true;
    }
    return shown ? ENDED : HIDDEN;
  };

  /* Which type and sector boxes are ticked, read once for all the agreements a change tests. */
  App.prototype.filterFlags = function () {
    var st = this.state;
    return { anyType: Object.keys(st.types).some(function (k) { return st.types[k]; }),
      anySector: st.noSector || Object.keys(st.sectors).some(function (k) { return st.sectors[k]; }) };
  };

  /* One agreement against the type and sector filters and the timeline (« en cours »: in force that year;
     « toutes »: signed by then). */
  App.prototype.agreementPasses = function (a, flags) {
    var st = this.state;
    flags = flags || this.filterFlags();
    if (!this.matchesHome(a)) return false;
    if (flags.anyType && !st.types[a.type]) return false;
    if (flags.anySector) {
      var hit = st.noSector && a.sectors.length === 0;
      for (var k = 0; k < a.sectors.length && !hit; k++) hit = Boolean(st.sectors[a.sectors[k]]);
      if (!hit) return false;
    }
    if (!this.signedBy(a, st.year)) return false;
    return st.mode === "all" || this.inForce(a, st.year);
  };

  /* Signed by that year; an undated agreement counts only at the latest year. */
  App.prototype.signedBy = function (a, year) {
    if (year === null || year >= this.maxYear) return true;
    return a.year !== null && a.year <= year;
  };

  /* Not ended before that year. An agreement said ended with no date has ended by the latest year only. */
  App.prototype.inForce = function (a, year) {
    if (a.endYear !== null) return year === null || a.endYear >= year;
    if (a.status !== "ended") return true;
    return year !== null && year < this.maxYear;
  };

  /* Show what the filters let through: only layers whose visibility changed are touched. */
  App.prototype.apply = function () {
    var app = this, shown = [], flags = this.filterFlags();
    var states = this.partners.map(function (p, i) { return app.partnerState(p, i, flags); });
    this.visible = states.map(function (state) { return state !== HIDDEN; });
    // Ended partners are flagged first: a marker drawn by setVisible then says so from the start.
    this.partners.forEach(function (p, i) {
      var ended = states[i] === ENDED;
      if (ended === Boolean(p.ended)) return;
      p.ended = ended;
      var node = app.markers.element(i);
      if (node) app.markerState(node, p);
    });
    this.visible.forEach(function (on, i) { if (on) shown.push(i); });
    this.markers.setVisible(shown);
    // Hidden territories stay on the map with no stroke or fill: re-adding a layer re-projects it.
    this.territories.forEach(function (layer, t) {
      var on = app.territoryPartners[t].some(function (i) { return app.visible[i]; });
      var ended = on && app.territoryPartners[t].every(function (i) { return !app.visible[i] || app.partners[i].ended; });
      if (on === app.territoryShown[t] && ended === Boolean(layer.cmEnded)) return;
      app.territoryShown[t] = on;
      layer.cmEnded = ended;
      layer.options.interactive = on;
      // Ended: a dashed outline and a faint fill, not a paler colour alone.
      layer.setStyle({ stroke: on, fill: on, dashArray: ended ? "5 4" : null, fillOpacity: ended ? 0.08 : 0.35 });
    });
    if (this.map.hasLayer(this.arcLayer)) this.drawArcs();
    shown = shown.length;
    document.getElementById("cm-counter").textContent =
      format(this.s.counter, { shown: shown, total: this.partners.length });
    if (this.yearRange) {
      var current = this.hasEnds && this.state.mode === "current";
      var key = current ? "year_valuetext_current" : "year_valuetext";
      this.yearRange.setAttribute("aria-valuetext", format(shown === 1 ? this.s[key + "_one"] : this.s[key],
        { year: this.state.year, n: shown }));
      document.getElementById("cm-year-text").textContent = current ? this.s.timeline_current : this.s.timeline;
    }
    this.renderList();
    if (this.writeLink) this.writeLink();
    if (this.scheduleLabels) this.scheduleLabels();
  };

  App.prototype.renderList = function () {
    var app = this;
    var collator = new Intl.Collator(this.data.lang, { sensitivity: "base" });
    if (!this.order) {
      this.order = this.partners.map(function (_, i) { return i; });
      this.order.sort(function (a, b) {
        return collator.compare(app.partners[a].name, app.partners[b].name) || a - b;
      });
    }
    this.shown = this.order.filter(function (i) { return app.visible[i]; });
    var list = document.getElementById("cm-list");
    // Rebuilding the list must not drop the focus to <body>: find the same partner again.
    var focused = list.contains(document.activeElement) ? document.activeElement.closest("li") : null;
    list.textContent = "";
    this.listed = 0;
    this.appendRows(list);
    if (focused && !this.showRow(focused.dataset.partner, true)) document.getElementById("cm-list-title").focus();
    var more = document.getElementById("cm-more");
    if (!this.moreBound) {
      more.addEventListener("click", function () {
        var first = app.listed;
        app.appendRows(list);
        app.focusRow(list.children[first]);
      });
      this.moreBound = true;
    }
  };

  /* Bring a partner's entry into the list and into view (and the focus to it); false if filtered out. */
  App.prototype.showRow = function (id, focus) {
    var app = this;
    var at = this.shown.findIndex(function (i) { return app.partners[i].id === id; });
    if (at === -1) return false;
    var list = document.getElementById("cm-list");
    while (this.listed <= at) this.appendRows(list);
    var row = list.children[at];
    row.scrollIntoView({ block: "nearest" });
    if (focus) this.focusRow(row);
    return true;
  };

  App.prototype.focusRow = function (row) {
    if (!row) return;
    var target = row.querySelector(".cm-link") || row;
    target.focus({ preventScroll: true });
    row.scrollIntoView({ block: "nearest" });
  };

  /* « 2018 », or « 2011–2018 » for a partner with agreements over several years. */
  App.prototype.yearsOf = function (p) {
    var years = p.agreements.map(function (a) { return a.year; }).filter(function (y) { return y !== null; });
    if (!years.length) return this.s.date_unknown;
    var low = Math.min.apply(null, years), high = Math.max.apply(null, years);
    return low === high ? String(low) : low + "–" + high;
  };

  App.prototype.appendRows = function (list) {
    var s = this.s, data = this.data;
    var end = Math.min(this.shown.length, this.listed + PAGE_SIZE);
    var fragment = document.createDocumentFragment();
    for (var k = this.listed; k < end; k++) {
      var index = this.shown[k], p = this.partners[index];
      var item = el("li", { "data-partner": p.id, tabindex: "-1" });
      var name = el("p", { class: "cm-name" });
      if (p.marker) {
        var button = el("button", this.dataLang({ type: "button", class: "cm-link" }), p.name);
        button.addEventListener("click", this.openPartner.bind(this, index, null, button));
        name.appendChild(button);
      } else {
        name.appendChild(el("span", this.dataLang(), p.name));
        name.appendChild(document.createTextNode(" "));
        name.appendChild(el("span", { class: "cm-unlocated" }, "(" + s.not_located + ")"));
      }
      item.appendChild(name);
      var facts = [p.country, this.yearsOf(p)];
      if (p.agreements.length > 1) facts.push(format(s.agreements_count, { n: p.agreements.length }));
      item.appendChild(el("p", { class: "cm-facts" }, facts.filter(Boolean).join(" · ")));
      this.homeLine(p, item);
      if (p.ended) item.appendChild(el("p", { class: "cm-facts cm-status-ended" }, s.status_ended));
      var type = el("p", { class: "cm-facts" });
      type.appendChild(el("span", { class: "cm-swatch cm-type-" + p.type + " cm-shape-" + p.type, "aria-hidden": "true" }));
      type.appendChild(el("span", this.dataLang(), data.types[p.type].label));
      item.appendChild(type);
      if (p.sectors.length) {
        var sectors = p.sectors.map(function (i) { return data.sectors[i]; }).join(" ; ");
        var line = el("p", { class: "cm-facts cm-sectors" });
        var parts = s.sectors_line.split("{sectors}");
        line.appendChild(document.createTextNode(parts[0]));
        line.appendChild(el("span", this.dataLang(), sectors));
        line.appendChild(document.createTextNode(parts[1]));
        item.appendChild(line);
      }
      item.appendChild(this.copyButton(p));
      fragment.appendChild(item);
    }
    list.appendChild(fragment);
    this.listed = end;
    document.getElementById("cm-more").hidden = this.listed >= this.shown.length;
  };

})(window.coopmap);
