/* coopmap: what is drawn on the map: basemap, home, territories, markers, popups and legend. */
(function (coopmap) {
  "use strict";

  var App = coopmap.App, u = coopmap.util;
  var el = u.el, format = u.format, decodeShape = u.decodeShape;

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

})(window.coopmap);
