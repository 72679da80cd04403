/* coopmap: the App that holds a map's data and state; start() builds everything in order. */
(function (coopmap) {
  "use strict";

  var u = coopmap.util;
  var el = u.el, icon = u.icon;

  function App(map, data) {
    this.map = map;
    this.data = data;
    this.s = data.strings;
    this.partners = data.partners;
    this.years = this.partners.map(function (p) { return p.year; }).filter(function (y) { return y !== null; });
    // A loop, not Math.max.apply: spreading 100,000 values over arguments overflows the call stack.
    this.maxYear = this.years.reduce(function (a, y) { return a === null || y > a ? y : a; }, null);
    this.minYear = this.years.reduce(function (a, y) { return a === null || y < a ? y : a; }, null);
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

  coopmap.App = App;
  coopmap.start = function (map, data) {
    var app = new App(map, data);
    app.start();
    coopmap.app = app;
    document.documentElement.dataset.coopmapReady = "true";
    return app;
  };
})(window.coopmap);
