/* coopmap: what is drawn on the map: basemap, home, territories, markers, popups and legend. */
(function (coopmap) {
  "use strict";

  var App = coopmap.App, u = coopmap.util;
  var el = u.el, format = u.format, decodeShape = u.decodeShape;
  // The basemap's land and sea: outlines and the home must stand out 3:1 against both (WCAG 1.4.11).
  var LAND = "#f4f1ea", SEA = "#d4e2ec";

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
      coopmap.shape(decodeShape(shape, scale), { interactive: false, color: "#9c978c", weight: 0.6,
        fillColor: LAND, fillOpacity: 1, fillRule: "nonzero", smoothFactor: 0.5, renderer: renderer }).addTo(map);
    });
  };

  App.prototype.drawHome = function () {
    var home = this.data.home;
    if (!home) return;
    var style = { color: "#1d232b", weight: 2, fillColor: this.data.homeColor || "#3b3f46", fillOpacity: 0.75 };
    // A commune home has no shape: a dot where its links start.
    var layer = home.shape.length ? coopmap.shape(decodeShape(home.shape, this.data.scale), style)
      : coopmap.dot(home.point, Object.assign({ radius: 7 }, style));
    layer.bindTooltip(el("span", {}, format(this.s.home, { home: home.name }))).addTo(this.map);
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
      var color = app.data.types[app.typeOf(first)].color;
      var layer = coopmap.shape(decodeShape(shape, scale), { color: app.outlineColor(app.typeOf(first)), weight: 1.5,
        fillColor: color, fillOpacity: 0.35 });
      layer.on("click", function (event) {
        var shown = app.territoryPartners[t].filter(function (i) { return app.visible[i]; });
        if (shown.length) app.openPartner(shown[0], event.latlng);
      });
      layer.bindTooltip(function () {
        return el("span", app.dataLang(), app.territoryPartners[t].filter(function (i) { return app.visible[i]; })
          .map(function (i) { return app.partners[i].name; }).join(" · "));
      }, { sticky: true });
      app.territoryLayer.addLayer(layer);
      return layer;
    });
  };

  /* A type's colour, darkened for lines until it stands out 3:1 on land and on sea. */
  App.prototype.outlineColor = function (type) {
    this.outlines = this.outlines || {};
    if (!(type in this.outlines)) this.outlines[type] = u.outline(this.data.types[type].color.toLowerCase(), [LAND, SEA]);
    return this.outlines[type];
  };

  /* « Ville d'Erevan — Accord de coopération décentralisée, 2018 »: the name a marker is announced by. */
  App.prototype.markerLabel = function (p) {
    var year = this.yearOf(p);
    var label = format(this.s.marker_label, { name: p.name, type: this.data.types[this.typeOf(p)].label,
      year: year === null ? this.s.date_unknown : year });
    if (p.agreements.length > 1) label += ", " + format(this.s.agreements_count, { n: p.agreements.length });
    return p.ended ? label + ", " + this.s.status_ended : label;
  };

  /* A marker says whether its partnership has ended, in its name and with a hollow shape. */
  App.prototype.markerState = function (node, p) {
    node.setAttribute("aria-label", this.markerLabel(p));
    node.classList.toggle("cm-ended", Boolean(p.ended));
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
    this.markers = new coopmap.Markers(this, this.data.cluster);
  };

  /* A partner's marker: its type's shape, its name, its popup; shift (px) fans out markers at one place. */
  App.prototype.partnerMarker = function (index, shift) {
    var app = this, p = this.partners[index];
    var icon = L.divIcon({ className: "cm-marker cm-type-" + p.type + " cm-shape-" + p.type, iconSize: [24, 24],
      iconAnchor: [12 - shift[0], 12 - shift[1]], popupAnchor: [shift[0], shift[1] - 8] });
    var marker = L.marker(p.marker, { icon: icon, keyboard: true, title: p.name, alt: p.name, riseOnHover: true });
    var room = Object.assign({ maxWidth: 320, autoPanPadding: [24, 24] }, this.room);
    marker.bindPopup(function () { return app.popup(p); }, room);
    marker.bindTooltip(el("span", app.dataLang(), p.name), { direction: "top", offset: [shift[0], shift[1] - 10] });
    marker.on("add", function () {
      var node = marker.getElement();
      app.markerState(node, p);
      node.dataset.partner = p.id;
      if (node.cmKeys) return;
      node.cmKeys = true;
      node.addEventListener("keydown", function (event) {
        if (event.key !== "Enter" && event.key !== " ") return;
        app.focusNextPopup(node);
        if (event.key === " ") { event.preventDefault(); marker.openPopup(); }  // Leaflet answers Enter only
      });
    });
    marker.partnerIndex = index;
    return marker;
  };

  /* A popup opened from the keyboard, the list or the search takes the focus, and gives it back on close.
     The origin belongs to the popup it opened: when a popup replaces another, closing the old one must
     not forget the new one's origin. */
  App.prototype.focusNextPopup = function (origin) {
    this.nextOrigin = origin;
  };

  App.prototype.managePopupFocus = function () {
    var app = this;
    var map = this.map, bounds = map.options.maxBounds;
    this.map.on("popupopen", function (event) {
      var origin = app.nextOrigin;
      app.nextOrigin = null;
      event.popup.cmOrigin = origin;
      app.openPopup = event.popup;
      // At a low zoom the world's edge would stop the auto-pan, leaving the popup cut: lift the bounds meanwhile.
      if (bounds) map.setMaxBounds(null);
      app.fitPopup(event.popup);
      if (!origin) return;
      var heading = event.popup.getElement().querySelector("h2");
      if (heading) heading.focus({ preventScroll: true });
    });
    this.map.on("popupclose", function (event) {
      if (app.openPopup === event.popup) app.openPopup = null;
      setTimeout(function () { if (bounds && !app.openPopup) map.setMaxBounds(bounds); }, 0);
      var origin = event.popup.cmOrigin;
      event.popup.cmOrigin = null;
      var inside = event.popup.getElement() && event.popup.getElement().contains(document.activeElement);
      if (origin && (inside || document.activeElement === document.body) && document.contains(origin)) {
        origin.focus({ preventScroll: true });
      }
    });
  };

  /* The room a popup has: inside the map, clear of the controls in its corners; at most that, scrolled
     inside when taller, and auto-panned with that padding. */
  App.prototype.popupRoom = function () {
    var container = this.map.getContainer(), size = this.map.getSize();
    function box(selector) {
      var node = container.querySelector(selector);
      return node ? node.getBoundingClientRect() : { width: 0, height: 0 };
    }
    var left = box(".leaflet-top.leaflet-left").width + 6;
    var bottom = Math.max(box(".leaflet-bottom.leaflet-left").height, box(".leaflet-bottom.leaflet-right").height) + 6;
    var maxWidth = Math.max(120, Math.min(320, size.x - left - 6 - 48));
    return { autoPanPaddingTopLeft: L.point(left, 6), autoPanPaddingBottomRight: L.point(6, bottom),
      maxWidth: maxWidth, minWidth: Math.min(50, maxWidth), maxHeight: Math.max(80, size.y - 6 - bottom - 24 - 30) };
  };

  /* Markers' popups are made with the room measured last; an open popup is laid out again only when the
     room has changed since (the map resized, the legend unfolded). */
  App.prototype.fitPopup = function (popup) {
    var room = this.room = this.popupRoom();
    if (fitted(room) !== fitted(popup.options)) {
      Object.assign(popup.options, room);
      popup.update();
    }
    var content = popup.getElement() && popup.getElement().querySelector(".leaflet-popup-scrolled");
    if (content) content.setAttribute("tabindex", "0");  // a scrolled area must be reachable from the keyboard
  };

  function fitted(options) {
    return [options.autoPanPaddingTopLeft, options.autoPanPaddingBottomRight, options.maxWidth, options.minWidth,
      options.maxHeight].map(String).join("|");
  }

  App.prototype.popup = function (p) {
    var s = this.s, app = this;
    var root = el("div", { class: "cm-popup" }), map = this.map;
    root.addEventListener("keydown", function (event) {
      if (event.key === "Escape") map.closePopup();  // Leaflet listens for Escape only on the map itself
    });
    root.appendChild(el("h2", this.dataLang({ tabindex: "-1" }), p.name));
    if (p.agreements.length === 1) {
      root.appendChild(this.agreementBlock(p, p.agreements[0]));
      root.appendChild(this.copyButton(p));
      return root;
    }
    var list = el("dl");
    list.appendChild(el("dt", {}, s.country));
    list.appendChild(el("dd", {}, p.country));
    root.appendChild(list);
    // Several agreements: in date order, each with its own facts; those the filters leave out say so.
    root.appendChild(el("h3", { class: "cm-agreements-title" }, format(s.agreements_count, { n: p.agreements.length })));
    var items = el("ol", { class: "cm-agreements" });
    p.agreements.forEach(function (a) {
      var item = el("li", { class: app.agreementPasses(a) ? "cm-agreement" : "cm-agreement cm-filtered-out" });
      item.appendChild(app.agreementBlock(null, a));
      items.appendChild(item);
    });
    root.appendChild(items);
    root.appendChild(this.copyButton(p));
    return root;
  };

  /* One agreement's facts: its type, dates, status, sectors, description and link (and the country, for a
     partner of one agreement). */
  App.prototype.agreementBlock = function (p, a) {
    var s = this.s, data = this.data;
    var block = document.createDocumentFragment();
    var list = el("dl");
    function field(label, value, attrs) {
      if (value === null || value === undefined || value === "") return;
      list.appendChild(el("dt", {}, label));
      list.appendChild(el("dd", attrs || {}, value));
    }
    field(s.home_side, this.homeName(a), this.dataLang());
    if (p) field(s.country, p.country);
    field(s.type, data.types[a.type].label, this.dataLang());
    field(s.signed, a.signed || s.date_unknown);
    field(s.since, a.since);
    var ended = !this.inForce(a, this.state.year);
    field(s.status, ended ? s.status_ended : a.status === "suspended" ? s.status_suspended : "");
    field(s.ended, a.ended);
    field(s.sectors_field, a.sectors.map(function (i) { return data.sectors[i]; }).join(" ; "), this.dataLang());
    if (!p && !this.agreementPasses(a)) field(s.filters, s.filtered_out);
    block.appendChild(list);
    if (a.description) block.appendChild(el("p", this.dataLang({ class: "cm-description" }), a.description));
    if (/^https?:\/\//i.test(a.url)) {
      var link = el("a", { href: a.url, target: "_blank", rel: "noopener noreferrer" }, s.more);
      var source = el("p", { class: "cm-source" });
      source.appendChild(link);
      block.appendChild(source);
    }
    return block;
  };

  /* The legend: each type's shape and colour; a disclosure folded by default on narrow screens, never
     taller than the room the controls leave. */
  App.prototype.legend = function () {
    var app = this;
    var Legend = L.Control.extend({
      options: { position: "bottomleft" },
      onAdd: function () {
        var box = L.DomUtil.create("div", "cm-legend");
        var folded = window.matchMedia && window.matchMedia("(max-width: 760px)").matches;
        var toggle = el("button", { type: "button", class: "cm-legend-title", "aria-expanded": String(!folded),
          "aria-controls": "cm-legend-list" }, app.s.legend);
        box.appendChild(toggle);
        var list = el("ul", { id: "cm-legend-list", "aria-label": app.s.legend });
        list.hidden = folded;
        app.data.types.forEach(function (t, i) {
          var item = el("li");
          item.appendChild(el("span", { class: "cm-swatch cm-type-" + i + " cm-shape-" + i, "aria-hidden": "true" }));
          item.appendChild(el("span", app.dataLang(), t.label));
          list.appendChild(item);
        });
        if (app.data.home || app.data.homes.length) {
          var home = el("li");
          home.appendChild(el("span", { class: "cm-swatch cm-home", "aria-hidden": "true" }));
          home.appendChild(document.createTextNode(app.data.home ? format(app.s.home, { home: app.data.home.name })
            : app.s.homes_legend));
          list.appendChild(home);
        }
        toggle.addEventListener("click", function () {
          list.hidden = !list.hidden;
          toggle.setAttribute("aria-expanded", String(!list.hidden));
          app.fitLegend();
        });
        box.appendChild(list);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    new Legend().addTo(this.map);
    this.fitLegend();
    this.map.on("resize", this.fitLegend, this);
  };

  App.prototype.fitLegend = function () {
    var container = this.map.getContainer();
    var list = container.querySelector("#cm-legend-list"), top = container.querySelector(".leaflet-top.leaflet-left");
    if (!list) return;
    var room = this.map.getSize().y - top.getBoundingClientRect().height - 60;
    list.style.maxHeight = Math.max(40, room) + "px";
    // A list that scrolls must be reachable from the keyboard; one that does not is no Tab stop.
    if (list.scrollHeight > list.clientHeight) list.setAttribute("tabindex", "0"); else list.removeAttribute("tabindex");
  };

})(window.coopmap);
