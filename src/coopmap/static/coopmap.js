/* coopmap: builds the partnership map's layers, filters, timeline, search and list from the page's JSON.
   Every text that comes from the data reaches the page through textContent, never as HTML. */
(function () {
  "use strict";

  var PAGE_SIZE = 100;
  var PLAY_STEP_MS = 900;

  function decodeRing(flat, scale) {
    var latlngs = new Array(flat.length / 2);
    var x = 0, y = 0;
    for (var i = 0; i < flat.length; i += 2) {
      x += flat[i];
      y += flat[i + 1];
      latlngs[i / 2] = [y / scale, x / scale];
    }
    return latlngs;
  }

  function decodeShape(polygons, scale) {
    return polygons.map(function (rings) {
      return rings.map(function (ring) { return decodeRing(ring, scale); });
    });
  }

  function fold(text) {
    return String(text).normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  var ICONS = {
    reset: "M3 10 10 3l7 7M5 8.5V17h10V8.5",
    fullscreen: "M3 7V3h4M13 3h4v4M17 13v4h-4M7 17H3v-4"
  };

  function icon(name) {
    var ns = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(ns, "svg");
    var path = document.createElementNS(ns, "path");
    [["viewBox", "0 0 20 20"], ["width", "18"], ["height", "18"], ["aria-hidden", "true"], ["focusable", "false"],
      ["fill", "none"], ["stroke", "currentColor"], ["stroke-width", "2"]].forEach(function (a) {
      svg.setAttribute(a[0], a[1]);
    });
    path.setAttribute("d", ICONS[name]);
    svg.appendChild(path);
    return svg;
  }

  /* Points along the great circle from a to b ([lat, lng]), longitudes kept continuous. */
  function geodesic(a, b, steps) {
    var rad = Math.PI / 180;
    var lat1 = a[0] * rad, lon1 = a[1] * rad, lat2 = b[0] * rad, lon2 = b[1] * rad;
    var d = 2 * Math.asin(Math.sqrt(Math.pow(Math.sin((lat2 - lat1) / 2), 2) +
      Math.cos(lat1) * Math.cos(lat2) * Math.pow(Math.sin((lon2 - lon1) / 2), 2)));
    if (d === 0) return [a, b];
    var points = [], previous = null;
    for (var i = 0; i <= steps; i++) {
      var f = i / steps;
      var A = Math.sin((1 - f) * d) / Math.sin(d), B = Math.sin(f * d) / Math.sin(d);
      var x = A * Math.cos(lat1) * Math.cos(lon1) + B * Math.cos(lat2) * Math.cos(lon2);
      var y = A * Math.cos(lat1) * Math.sin(lon1) + B * Math.cos(lat2) * Math.sin(lon2);
      var z = A * Math.sin(lat1) + B * Math.sin(lat2);
      var lat = Math.atan2(z, Math.sqrt(x * x + y * y)) / rad;
      var lng = Math.atan2(y, x) / rad;
      if (previous !== null) {
        while (lng - previous > 180) lng -= 360;
        while (lng - previous < -180) lng += 360;
      }
      previous = lng;
      points.push([lat, lng]);
    }
    return points;
  }

  function App(map, data) {
    this.map = map;
    this.data = data;
    this.s = data.strings;
    this.partners = data.partners;
    this.years = this.partners.map(function (p) { return p.year; }).filter(function (y) { return y !== null; });
    this.maxYear = this.years.length ? Math.max.apply(null, this.years) : null;
    this.minYear = this.years.length ? Math.min.apply(null, this.years) : null;
    this.state = { types: {}, sectors: {}, noSector: false, year: this.maxYear };
    this.visible = this.partners.map(function () { return true; });
    this.shown = [];
    this.listed = 0;
  }

  App.prototype.start = function () {
    this.controls();
    this.drawBasemap();
    this.drawHome();
    this.drawTerritories();
    this.drawMarkers();
    this.buildFilters();
    this.buildTimeline();
    this.buildSearch();
    this.buildArcs();
    this.managePopupFocus();
    this.legend();
    this.map.invalidateSize({ animate: false });
    this.resetView();
    this.followContainerSize();
    this.apply();
    this.map.getContainer().setAttribute("aria-label", this.s.map_label);
  };

  App.prototype.controls = function () {
    var s = this.s, app = this, map = this.map;
    L.control.zoom({ zoomInTitle: s.zoom_in, zoomOutTitle: s.zoom_out }).addTo(map);
    var Buttons = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var bar = L.DomUtil.create("div", "leaflet-bar cm-buttons");
        var reset = el("button", { type: "button", class: "cm-button cm-reset", title: s.reset, "aria-label": s.reset });
        reset.appendChild(icon("reset"));
        reset.addEventListener("click", function () { app.resetView(); });
        bar.appendChild(reset);
        var root = document.getElementById("cm-app");
        if (root.requestFullscreen) {
          var full = el("button", { type: "button", class: "cm-button cm-fullscreen", title: s.fullscreen,
            "aria-label": s.fullscreen, "aria-pressed": "false" });
          full.appendChild(icon("fullscreen"));
          full.addEventListener("click", function () {
            if (document.fullscreenElement) document.exitFullscreen(); else root.requestFullscreen();
          });
          document.addEventListener("fullscreenchange", function () {
            var on = Boolean(document.fullscreenElement);
            full.setAttribute("aria-pressed", String(on));
            full.setAttribute("aria-label", on ? s.fullscreen_exit : s.fullscreen);
            full.title = on ? s.fullscreen_exit : s.fullscreen;
            map.invalidateSize();
          });
          bar.appendChild(full);
        }
        L.DomEvent.disableClickPropagation(bar);
        return bar;
      }
    });
    new Buttons().addTo(map);
    L.control.scale({ imperial: this.data.lang === "en", metric: true }).addTo(map);
    var attribution = map.attributionControl || L.control.attribution().addTo(map);
    attribution.addAttribution(el("span", {}, s.boundaries).outerHTML);
    if (this.data.tiles) {
      L.tileLayer(this.data.tiles.url, { maxZoom: this.data.tiles.maxZoom, attribution: this.data.tiles.attribution }).addTo(map);
    }
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) { close.setAttribute("aria-label", s.close); close.title = s.close; }
    });
  };

  App.prototype.drawBasemap = function () {
    if (!this.data.basemap || this.data.tiles) return;
    var scale = this.data.basemap.scale;
    var map = this.map;
    map.getContainer().classList.add("cm-vector");
    // A canvas of its own, under the partners: a filter change then never redraws the world.
    map.createPane("cm-basemap").style.zIndex = 350;
    var renderer = L.canvas({ pane: "cm-basemap" });
    // One layer per country: a single even-odd path of the whole world breaks when Leaflet clips it.
    this.data.basemap.shapes.forEach(function (shape) {
      L.polygon(decodeShape(shape, scale), { interactive: false, color: "#9c978c", weight: 0.6,
        fillColor: "#f4f1ea", fillOpacity: 1, fillRule: "nonzero", smoothFactor: 0.5, renderer: renderer }).addTo(map);
    });
  };

  App.prototype.drawHome = function () {
    var home = this.data.home;
    if (!home) return;
    L.polygon(decodeShape(home.shape, this.data.scale), { color: "#3b3f46", weight: 1.5, fillColor: "#3b3f46",
      fillOpacity: 0.55 }).bindTooltip(el("span", {}, format(this.s.home, { home: home.name }))).addTo(this.map);
  };

  App.prototype.drawTerritories = function () {
    var app = this, scale = this.data.scale;
    this.territoryPartners = this.data.territories.map(function () { return []; });
    this.partners.forEach(function (p, index) {
      if (p.territory !== null) app.territoryPartners[p.territory].push(index);
    });
    this.territoryLayer = L.featureGroup().addTo(this.map);
    this.territoryShown = this.data.territories.map(function () { return true; });
    this.territories = this.data.territories.map(function (shape, t) {
      var first = app.partners[app.territoryPartners[t][0]];
      var color = app.data.types[first.type].color;
      var layer = L.polygon(decodeShape(shape, scale), { color: color, weight: 1.2, fillColor: color,
        fillOpacity: 0.35 });
      layer.on("click", function (event) {
        var shown = app.territoryPartners[t].filter(function (i) { return app.visible[i]; });
        if (shown.length) app.openPartner(shown[0], event.latlng);
      });
      layer.bindTooltip(function () {
        return el("span", {}, app.territoryPartners[t].filter(function (i) { return app.visible[i]; })
          .map(function (i) { return app.partners[i].name; }).join(" · "));
      }, { sticky: true });
      app.territoryLayer.addLayer(layer);
      return layer;
    });
  };

  /* Markers at the same place (partners of one territory) are fanned out on a small ring, in pixels. */
  App.prototype.markerOffsets = function () {
    var groups = {}, offsets = {};
    this.partners.forEach(function (p, i) {
      if (!p.marker) return;
      var key = p.marker.join(",");
      (groups[key] = groups[key] || []).push(i);
    });
    Object.keys(groups).forEach(function (key) {
      var members = groups[key], radius = members.length > 1 ? 8 + 2 * members.length : 0;
      members.forEach(function (index, k) {
        var angle = (2 * Math.PI * k) / members.length - Math.PI / 2;
        offsets[index] = [Math.round(radius * Math.cos(angle)), Math.round(radius * Math.sin(angle))];
      });
    });
    return offsets;
  };

  App.prototype.drawMarkers = function () {
    var app = this, offsets = this.data.cluster ? {} : this.markerOffsets();
    this.markerLayer = this.data.cluster && L.markerClusterGroup
      ? L.markerClusterGroup({ chunkedLoading: true, chunkInterval: 40, showCoverageOnHover: false, maxClusterRadius: 40 })
      : L.layerGroup();
    this.markerLayer.addTo(this.map);
    this.markers = this.partners.map(function (p, index) {
      if (!p.marker) return null;
      var shift = offsets[index] || [0, 0];
      var icon = L.divIcon({ className: "cm-marker cm-type-" + p.type, iconSize: [18, 18],
        iconAnchor: [9 - shift[0], 9 - shift[1]], popupAnchor: [shift[0], shift[1] - 8] });
      var marker = L.marker(p.marker, { icon: icon, keyboard: true, title: p.name, alt: p.name, riseOnHover: true });
      marker.bindPopup(function () { return app.popup(p); }, { maxWidth: 320, autoPanPadding: [24, 24] });
      marker.bindTooltip(el("span", {}, p.name), { direction: "top", offset: [shift[0], shift[1] - 10] });
      marker.on("add", function () {
        var node = marker.getElement();
        node.setAttribute("aria-label", p.name);
        node.dataset.partner = p.id;
        node.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") app.focusNextPopup(node);
        });
      });
      marker.partnerIndex = index;
      return marker;
    });
  };

  /* A popup opened from the keyboard, the list or the search takes the focus, and gives it back on close. */
  App.prototype.focusNextPopup = function (origin) {
    this.popupOrigin = origin;
  };

  App.prototype.managePopupFocus = function () {
    var app = this;
    this.map.on("popupopen", function (event) {
      if (!app.popupOrigin) return;
      var heading = event.popup.getElement().querySelector("h2");
      if (heading) heading.focus({ preventScroll: true });
    });
    this.map.on("popupclose", function (event) {
      var origin = app.popupOrigin;
      app.popupOrigin = null;
      var inside = event.popup.getElement() && event.popup.getElement().contains(document.activeElement);
      if (origin && (inside || document.activeElement === document.body) && document.contains(origin)) {
        origin.focus({ preventScroll: true });
      }
    });
  };

  App.prototype.popup = function (p) {
    var s = this.s, data = this.data;
    var root = el("div", { class: "cm-popup" }), map = this.map;
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape") map.closePopup();  // Leaflet listens for Escape only on the map itself
    });
    root.appendChild(el("h2", { tabindex: "-1" }, p.name));
    var list = el("dl");
    function field(label, value) {
      if (value === null || value === undefined || value === "") return;
      list.appendChild(el("dt", {}, label));
      list.appendChild(el("dd", {}, value));
    }
    field(s.country, p.country);
    field(s.type, data.types[p.type].label);
    field(s.signed, p.signed || s.date_unknown);
    field(s.since, p.since);
    field(s.sectors_field, p.sectors.map(function (i) { return data.sectors[i]; }).join(" ; "));
    root.appendChild(list);
    if (p.description) root.appendChild(el("p", { class: "cm-description" }, p.description));
    if (/^https?:\/\//i.test(p.url)) {
      var link = el("a", { href: p.url, target: "_blank", rel: "noopener noreferrer" }, s.more);
      var source = el("p", { class: "cm-source" });
      source.appendChild(link);
      root.appendChild(source);
    }
    return root;
  };

  App.prototype.legend = function () {
    var app = this;
    var Legend = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = L.DomUtil.create("div", "cm-legend");
        box.appendChild(el("p", { class: "cm-legend-title" }, app.s.legend));
        var list = el("ul");
        app.data.types.forEach(function (t, i) {
          var item = el("li");
          item.appendChild(el("span", { class: "cm-swatch cm-type-" + i, "aria-hidden": "true" }));
          item.appendChild(document.createTextNode(t.label));
          list.appendChild(item);
        });
        if (app.data.home) {
          var home = el("li");
          home.appendChild(el("span", { class: "cm-swatch cm-home", "aria-hidden": "true" }));
          home.appendChild(document.createTextNode(format(app.s.home, { home: app.data.home.name })));
          list.appendChild(home);
        }
        box.appendChild(list);
        return box;
      }
    });
    new Legend().addTo(this.map);
  };

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

  /* Zoom to a partner and open its popup; a partner hidden by the filters is shown in the list only. */
  App.prototype.openPartner = function (index, latlng, origin) {
    var app = this, p = this.partners[index], marker = this.markers[index];
    if (!marker) {
      var row = document.querySelector('#cm-list li[data-partner="' + CSS.escape(p.id) + '"]');
      if (row) row.scrollIntoView({ block: "nearest" });
      return;
    }
    if (!this.markerLayer.hasLayer(marker)) this.markerLayer.addLayer(marker);
    var open = function () {
      if (origin) app.focusNextPopup(origin);
      marker.openPopup();
    };
    if (latlng) { open(); return; }
    var target = p.territory !== null ? this.territories[p.territory].getBounds() : L.latLngBounds([p.marker, p.marker]);
    this.map.fitBounds(target, { maxZoom: Math.min(7, this.map.getMaxZoom()), padding: [30, 30], animate: false });
    if (this.markerLayer.zoomToShowLayer) this.markerLayer.zoomToShowLayer(marker, open); else open();
  };

  /* An iframe or panel that changes size must not leave Leaflet with a stale map size. */
  App.prototype.followContainerSize = function () {
    if (!window.ResizeObserver) return;
    var map = this.map;
    new ResizeObserver(function () { map.invalidateSize({ debounceMoveend: true }); }).observe(map.getContainer());
  };

  App.prototype.resetView = function () {
    var bounds = this.data.bounds;
    if (bounds) this.map.fitBounds(bounds, { padding: [20, 20], animate: false });
    else this.map.setView([20, 0], 2, { animate: false });
  };

  window.coopmap = {
    start: function (map, data) {
      var app = new App(map, data);
      app.start();
      window.coopmap.app = app;
      document.documentElement.dataset.coopmapReady = "true";
      return app;
    },
    fold: fold,
    geodesic: geodesic
  };
})();
