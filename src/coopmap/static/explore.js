/* coopmap: exploring the partners: filters, timeline, search, arcs and the list, kept in step. */
(function (coopmap) {
  "use strict";

  var PAGE_SIZE = 100;
  var PLAY_STEP_MS = 900;
  var App = coopmap.App, u = coopmap.util;
  var el = u.el, format = u.format, fold = u.fold, geodesic = u.geodesic;

  App.prototype.buildFilters = function () {
    var app = this;
    function box(container, id, label, swatchClass, onChange) {
      var wrap = el("div", { class: "cm-check" });
      var input = el("input", { type: "checkbox", id: id });
      input.addEventListener("change", function () { onChange(input.checked); app.apply(); });
      var lab = el("label", { for: id });
      if (swatchClass) lab.appendChild(el("span", { class: "cm-swatch " + swatchClass, "aria-hidden": "true" }));
      lab.appendChild(document.createTextNode(label));
      wrap.appendChild(input);
      wrap.appendChild(lab);
      container.appendChild(wrap);
    }
    var types = document.getElementById("cm-types");
    this.data.types.forEach(function (t, i) {
      box(types, "cm-type-" + i + "-filter", t.label, "cm-type-" + i, function (on) { app.state.types[i] = on; });
    });
    var sectors = document.getElementById("cm-sectors");
    this.data.sectors.forEach(function (label, i) {
      box(sectors, "cm-sector-" + i, label, null, function (on) { app.state.sectors[i] = on; });
    });
    if (this.partners.some(function (p) { return p.sectors.length === 0; })) {
      box(sectors, "cm-sector-none", this.s.no_sector, null, function (on) { app.state.noSector = on; });
    }
  };

  App.prototype.buildTimeline = function () {
    var app = this;
    var box = document.getElementById("cm-timeline");
    var range = document.getElementById("cm-year");
    var out = document.getElementById("cm-year-out");
    var play = document.getElementById("cm-play");
    if (this.maxYear === null || this.minYear === this.maxYear) { box.hidden = true; return; }
    range.min = this.minYear;
    range.max = this.maxYear;
    range.value = this.maxYear;
    out.textContent = this.maxYear;
    function set(year) {
      app.state.year = year;
      range.value = year;
      out.textContent = year;
      app.apply();
    }
    range.addEventListener("input", function () { stop(); set(Number(range.value)); });
    var timer = null;
    function stop() {
      if (timer) clearInterval(timer);
      timer = null;
      play.setAttribute("aria-pressed", "false");
      play.textContent = app.s.play;
    }
    play.addEventListener("click", function () {
      if (timer) { stop(); return; }
      play.setAttribute("aria-pressed", "true");
      play.textContent = app.s.pause;
      set(app.minYear);
      timer = setInterval(function () {
        if (app.state.year >= app.maxYear) { stop(); return; }
        set(app.state.year + 1);
      }, PLAY_STEP_MS);
    });
  };

  App.prototype.buildSearch = function () {
    var app = this;
    var form = document.getElementById("cm-search");
    var input = document.getElementById("cm-search-input");
    var status = document.getElementById("cm-search-status");
    var names = this.partners.map(function (p) { return fold(p.name); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = fold(input.value);
      if (!query) return;
      var best = -1;
      names.forEach(function (name, i) {
        if (best === -1 && name.indexOf(query) === 0) best = i;
      });
      if (best === -1) best = names.findIndex(function (name) { return name.indexOf(query) !== -1; });
      if (best === -1) {
        status.textContent = format(app.s.search_none, { query: input.value });
        return;
      }
      status.textContent = format(app.s.search_found, { name: app.partners[best].name });
      app.openPartner(best, null, input);
    });
  };

  App.prototype.buildArcs = function () {
    var app = this;
    var toggle = document.getElementById("cm-arcs");
    this.arcLayer = L.layerGroup();
    if (!toggle || !this.data.home) return;
    toggle.addEventListener("change", function () {
      if (toggle.checked) { app.arcLayer.addTo(app.map); app.drawArcs(); } else { app.arcLayer.remove(); }
    });
  };

  App.prototype.drawArcs = function () {
    var app = this, from = this.data.home.point;
    this.arcLayer.clearLayers();
    this.partners.forEach(function (p, i) {
      if (!app.visible[i] || !p.marker) return;
      L.polyline(geodesic(from, p.marker, 48), { className: "cm-arc cm-type-" + p.type, interactive: false,
        color: app.data.types[p.type].color, weight: 1.5, opacity: 0.8, dashArray: "4 4" }).addTo(app.arcLayer);
    });
  };

  App.prototype.matches = function (p) {
    var st = this.state;
    var anyType = Object.keys(st.types).some(function (k) { return st.types[k]; });
    if (anyType && !st.types[p.type]) return false;
    var anySector = st.noSector || Object.keys(st.sectors).some(function (k) { return st.sectors[k]; });
    if (anySector) {
      var hit = p.sectors.some(function (i) { return st.sectors[i]; }) || (st.noSector && p.sectors.length === 0);
      if (!hit) return false;
    }
    if (st.year !== null && st.year !== this.maxYear) {
      if (p.year === null || p.year > st.year) return false;
    }
    return true;
  };

  /* Show what the filters let through: only layers whose visibility changed are touched. */
  App.prototype.apply = function () {
    var app = this, add = [], remove = [];
    this.visible = this.partners.map(function (p) { return app.matches(p); });
    this.partners.forEach(function (p, i) {
      var marker = app.markers[i];
      if (!marker) return;
      var on = app.visible[i], was = app.markerLayer.hasLayer(marker);
      if (on && !was) add.push(marker);
      if (!on && was) remove.push(marker);
    });
    if (this.markerLayer.addLayers) {
      var kept = this.markers.filter(function (m, i) { return m && app.visible[i]; });
      if (remove.length > kept.length) {  // removing one by one from clusters costs more than rebuilding
        this.markerLayer.clearLayers();
        this.markerLayer.addLayers(kept);
      } else {
        if (remove.length) this.markerLayer.removeLayers(remove);
        if (add.length) this.markerLayer.addLayers(add);
      }
    } else {
      remove.forEach(function (m) { app.markerLayer.removeLayer(m); });
      add.forEach(function (m) { app.markerLayer.addLayer(m); });
    }
    // Hidden territories stay on the map with no stroke or fill: re-adding a layer re-projects it.
    this.territories.forEach(function (layer, t) {
      var on = app.territoryPartners[t].some(function (i) { return app.visible[i]; });
      if (on === app.territoryShown[t]) return;
      app.territoryShown[t] = on;
      layer.options.interactive = on;
      layer.setStyle({ stroke: on, fill: on });
    });
    if (this.map.hasLayer(this.arcLayer)) this.drawArcs();
    var shown = this.visible.filter(Boolean).length;
    document.getElementById("cm-counter").textContent =
      format(this.s.counter, { shown: shown, total: this.partners.length });
    this.renderList();
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
    list.textContent = "";
    this.listed = 0;
    this.appendRows(list);
    var more = document.getElementById("cm-more");
    if (!this.moreBound) {
      more.addEventListener("click", function () { app.appendRows(list); });
      this.moreBound = true;
    }
  };

  App.prototype.appendRows = function (list) {
    var s = this.s, data = this.data;
    var end = Math.min(this.shown.length, this.listed + PAGE_SIZE);
    var fragment = document.createDocumentFragment();
    for (var k = this.listed; k < end; k++) {
      var index = this.shown[k], p = this.partners[index];
      var item = el("li", { "data-partner": p.id });
      var name = el("p", { class: "cm-name" });
      if (p.marker) {
        var button = el("button", { type: "button", class: "cm-link" }, p.name);
        button.addEventListener("click", this.openPartner.bind(this, index, null, button));
        name.appendChild(button);
      } else {
        name.appendChild(document.createTextNode(p.name + " "));
        name.appendChild(el("span", { class: "cm-unlocated" }, "(" + s.not_located + ")"));
      }
      item.appendChild(name);
      var facts = [p.country, p.year === null ? s.date_unknown : p.year].filter(Boolean).join(" · ");
      item.appendChild(el("p", { class: "cm-facts" }, facts));
      var type = el("p", { class: "cm-facts" });
      type.appendChild(el("span", { class: "cm-swatch cm-type-" + p.type, "aria-hidden": "true" }));
      type.appendChild(document.createTextNode(data.types[p.type].label));
      item.appendChild(type);
      if (p.sectors.length) {
        var sectors = p.sectors.map(function (i) { return data.sectors[i]; }).join(" ; ");
        item.appendChild(el("p", { class: "cm-facts cm-sectors" }, format(s.sectors_line, { sectors: sectors })));
      }
      fragment.appendChild(item);
    }
    list.appendChild(fragment);
    this.listed = end;
    document.getElementById("cm-more").hidden = this.listed >= this.shown.length;
  };

})(window.coopmap);
