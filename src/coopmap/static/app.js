/* coopmap: the App that holds a map's data and state; start() builds everything in order. */
(function (coopmap) {
  "use strict";

  var u = coopmap.util;
  var el = u.el, icon = u.icon, format = u.format;

  function App(map, data) {
    this.map = map;
    this.data = data;
    this.s = data.strings;
    this.partners = data.partners;
    this.partners.forEach(summarise);
    var years = [];
    this.partners.forEach(function (p) {
      p.agreements.forEach(function (a) {
        if (a.year !== null) years.push(a.year);
        if (a.endYear !== null) years.push(a.endYear);
      });
    });
    this.years = years;
    // The « en cours / toutes » choice matters only when some agreement has ended or will end.
    this.hasEnds = this.partners.some(function (p) {
      return p.agreements.some(function (a) { return a.status === "ended" || a.endYear !== null; });
    });
    // A loop, not Math.max.apply: spreading 100,000 values over arguments overflows the call stack.
    this.maxYear = this.years.reduce(function (a, y) { return a === null || y > a ? y : a; }, null);
    this.minYear = this.years.reduce(function (a, y) { return a === null || y < a ? y : a; }, null);
    this.state = { types: {}, sectors: {}, noSector: false, year: this.maxYear, query: "", mode: "current" };
    this.visible = this.partners.map(function () { return true; });
    this.shown = [];
    this.listed = 0;
  }

  /* A partner's own type, year and sectors, from its agreements: the latest not ended gives the type (the
     marker's colour and shape) and the year; the sectors are all of theirs. */
  function summarise(p) {
    var agreements = p.agreements, main = agreements[agreements.length - 1];
    for (var k = agreements.length - 1; k >= 0; k--) {
      if (agreements[k].status !== "ended") { main = agreements[k]; break; }
    }
    var sectors = [];  // in the order the agreements give them
    agreements.forEach(function (a) { a.sectors.forEach(function (i) { if (sectors.indexOf(i) === -1) sectors.push(i); }); });
    p.type = main.type;
    p.year = main.year;
    p.sectors = sectors;
  }

  App.prototype.start = function () {
    this.calmPanning();
    this.controls();
    this.drawBasemap();
    this.drawHome();
    this.drawHomes();
    this.drawTerritories();
    this.drawMarkers();
    this.drawLabels();
    this.buildFilters();
    this.buildHomeFilter();
    this.buildTimeline();
    this.buildSearch();
    this.buildArcs();
    this.managePopupFocus();
    this.legend();
    this.map.invalidateSize({ animate: false });
    this.resetView();
    this.room = this.popupRoom();  // before the first marker and its popup are made
    this.followContainerSize();
    this.followPrint();
    this.apply();
    this.map.getContainer().setAttribute("aria-label", this.s.map_label);
    this.summary();
    this.shareLinks();  // last: a link may open a popup, which needs everything else in place
    this.manageWheel();
    this.postHeight();
  };


  App.prototype.controls = function () {
    var s = this.s, app = this, map = this.map;
    var Buttons = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var bar = L.DomUtil.create("div", "leaflet-bar cm-buttons");
        bar.appendChild(app.zoomButton("zoomIn", s.zoom_in, 1));
        bar.appendChild(app.zoomButton("zoomOut", s.zoom_out, -1));
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
            full.setAttribute("aria-pressed", String(Boolean(document.fullscreenElement)));
            map.invalidateSize();
          });
          bar.appendChild(full);
        }
        bar.appendChild(app.keyHelp());
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
    // The controls come first in the Tab order, before the markers: move them ahead of the panes.
    var container = map.getContainer();
    container.insertBefore(container.querySelector(".leaflet-control-container"), container.firstChild);
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (!close) return;
      close.setAttribute("aria-label", s.close);
      close.title = s.close;
      close.addEventListener("keydown", function (key) {  // a link with role=button: Space must work too
        if (key.key === " ") { key.preventDefault(); map.closePopup(); }
      });
    });
    this.hideCanvases();
    this.closeTooltipsOnEscape();
  };

  /* With reduced motion, pans (arrow keys, a popup's auto-pan) jump instead of gliding: Leaflet's panBy,
     which both use, has no map-wide option for it. */
  App.prototype.calmPanning = function () {
    if (!u.reducedMotion()) return;
    var panBy = this.map.panBy;
    this.map.panBy = function (offset, options) {
      return panBy.call(this, offset, Object.assign({}, options, { animate: false }));
    };
  };

  /* Real buttons (Leaflet's are links with role=button, deaf to Space), greyed but focusable at the limits. */
  App.prototype.zoomButton = function (name, label, delta) {
    var map = this.map;
    var button = el("button", { type: "button", class: "cm-button cm-" + name, title: label, "aria-label": label });
    button.appendChild(icon(name));
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-disabled") !== "true") map.setZoom(map.getZoom() + delta);
    });
    map.on("zoomend", function () {
      var limit = delta > 0 ? map.getZoom() >= map.getMaxZoom() : map.getZoom() <= map.getMinZoom();
      button.setAttribute("aria-disabled", String(limit));
    });
    return button;
  };

  /* A disclosure button listing the map's keys (arrows pan, +/- zoom, Tab to markers, Escape closes). */
  App.prototype.keyHelp = function () {
    var s = this.s;
    var wrap = el("div", { class: "cm-keys" });
    var button = el("button", { type: "button", class: "cm-button cm-keys-button", title: s.keys, "aria-label": s.keys,
      "aria-expanded": "false", "aria-controls": "cm-keys-list" });
    button.appendChild(icon("keys"));
    var list = el("ul", { class: "cm-keys-list", id: "cm-keys-list", hidden: "" });
    ["keys_arrows", "keys_zoom", "keys_tab", "keys_escape"].forEach(function (key) { list.appendChild(el("li", {}, s[key])); });
    function show(on) {
      button.setAttribute("aria-expanded", String(on));
      list.hidden = !on;
    }
    button.addEventListener("click", function () { show(list.hidden); });
    wrap.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !list.hidden) { event.stopPropagation(); show(false); button.focus(); }
    });
    L.DomEvent.disableScrollPropagation(list);
    wrap.appendChild(button);
    wrap.appendChild(list);
    return wrap;
  };

  /* Leaflet's canvases are pictures of what the list and the summary say: keep them out of the a11y tree. */
  App.prototype.hideCanvases = function () {
    var container = this.map.getContainer();
    function hide() {
      container.querySelectorAll("canvas:not([aria-hidden])").forEach(function (c) { c.setAttribute("aria-hidden", "true"); });
    }
    this.map.on("layeradd", hide);
    hide();
  };

  /* Tooltips open on hover and focus; Escape must dismiss them (WCAG 1.4.13) without moving the focus. */
  App.prototype.closeTooltipsOnEscape = function () {
    var map = this.map;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      map.eachLayer(function (layer) {
        if (layer.getTooltip && layer.getTooltip() && layer.isTooltipOpen()) layer.closeTooltip();
      });
    });
  };

  /* In an iframe, the wheel scrolls the host page until the map is clicked or focused; Ctrl/⌘ + wheel zooms. */
  App.prototype.manageWheel = function () {
    var embedded;
    try { embedded = window.self !== window.top; } catch (e) { embedded = true; }
    if (!embedded) return;
    var map = this.map, container = map.getContainer();
    var key = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl";
    var hint = el("div", { class: "cm-wheel-hint", "aria-hidden": "true", hidden: "" }, format(this.s.wheel_hint, { key: key }));
    container.appendChild(hint);
    map.scrollWheelZoom.disable();
    var timer = null;
    container.addEventListener("focusin", function () { map.scrollWheelZoom.enable(); hint.hidden = true; });
    container.addEventListener("focusout", function (event) {
      if (!container.contains(event.relatedTarget)) map.scrollWheelZoom.disable();
    });
    container.addEventListener("wheel", function (event) {
      if (map.scrollWheelZoom.enabled()) return;
      if (event.ctrlKey || event.metaKey) {
        event.preventDefault();
        map.setZoomAround(map.mouseEventToContainerPoint(event), map.getZoom() + (event.deltaY < 0 ? 1 : -1));
        return;
      }
      hint.hidden = false;
      clearTimeout(timer);
      timer = setTimeout(function () { hint.hidden = true; }, 1500);
    }, { passive: false });
  };

  /* In an iframe, tell the host page the content's height: the snippet's optional script sizes the frame. */
  App.prototype.postHeight = function () {
    if (window.self === window.top || !window.ResizeObserver) return;
    var root = document.getElementById("cm-app"), last = 0;
    var stacked = window.matchMedia("(max-width: 760px)");  // the list under the map: as tall as its content
    function post() {
      // Side by side, the map fills any frame: null gives the frame back its own CSS height.
      var height = stacked.matches ? Math.ceil(root.scrollHeight) : null;
      if (height === last) return;
      last = height;
      window.parent.postMessage({ type: "coopmap:height", height: height }, "*");  // a height, nothing private
    }
    post();  // now: a frame out of view gets no resize observations until it is scrolled to
    new ResizeObserver(post).observe(root);
    stacked.addEventListener("change", post);
  };

  /* « 10 partenariats dans 17 pays, signés de 2016 à 2018. Par type d'accord : … » before the map. */
  App.prototype.summary = function () {
    var s = this.s, data = this.data, app = this;
    function plural(key, n) { return format(n === 1 ? s[key + "_one"] : s[key], { n: n }); }
    var signed = [], agreements = 0, ended = 0;
    this.partners.forEach(function (p) {
      p.agreements.forEach(function (a) {
        agreements += 1;
        if (a.year !== null) signed.push(a.year);
        if (!app.inForce(a, app.maxYear)) ended += 1;  // over by the timeline's last year
      });
    });
    var first = plural("summary_partners", this.partners.length);
    if (agreements > this.partners.length) first += format(s.summary_agreements, { n: agreements });
    first += plural("summary_countries", data.countries);
    if (signed.length) {
      var low = signed.reduce(function (a, y) { return Math.min(a, y); }), high = signed.reduce(function (a, y) { return Math.max(a, y); });
      first += format(low === high ? s.summary_year : s.summary_years, { first: low, last: high });
    }
    var box = document.getElementById("cm-summary");
    box.textContent = "";
    box.appendChild(document.createTextNode(first + ". "));
    var counts = data.types.map(function () { return 0; });
    this.partners.forEach(function (p) { counts[app.typeOf(p)] += 1; });
    var parts = s.summary_types.split("{types}");
    box.appendChild(document.createTextNode(parts[0]));
    data.types.forEach(function (t, i) {
      if (i) box.appendChild(document.createTextNode(", "));
      box.appendChild(el("span", app.dataLang(), t.label));
      box.appendChild(document.createTextNode(" (" + counts[i] + ")"));
    });
    box.appendChild(document.createTextNode(parts[1] + " "));
    if (ended) box.appendChild(document.createTextNode(plural("summary_ended", ended) + " "));
    var unlocated = this.partners.filter(function (p) { return !p.marker; }).length;
    if (unlocated) box.appendChild(document.createTextNode(plural("summary_unlocated", unlocated) + " "));
    box.appendChild(el("a", { href: "#cm-list-title" }, s.summary_list));  // the map's real alternative
  };

  /* Attributes of an element holding the CSV's own text: its language, when not the interface's. */
  App.prototype.dataLang = function (attrs) {
    var out = Object.assign({}, attrs || {});
    if (this.data.dataLang && this.data.dataLang !== this.data.lang) out.lang = this.data.dataLang;
    return out;
  };

  /* Accessors of a partner's fields, so a change of the data model is one edit here. */
  App.prototype.typeOf = function (p) { return p.type; };
  App.prototype.yearOf = function (p) { return p.year; };

  /* Zoom to a partner and open its popup; a partner hidden by the filters is shown in the list only. */
  App.prototype.openPartner = function (index, latlng, origin) {
    var app = this, p = this.partners[index];
    if (!p.marker) {
      this.showRow(p.id, false);
      return;
    }
    // On a phone the map is above the list: bring it into view before its popup opens.
    this.map.getContainer().scrollIntoView({ block: "nearest" });
    var open = function (marker) {
      if (origin) app.focusNextPopup(origin);
      marker.openPopup();
    };
    if (latlng && this.markers.element(index)) { open(this.markers.drawn["p" + index]); return; }
    var target = p.territory !== null ? this.territories[p.territory].getBounds() : null;
    this.markers.reveal(index, target, open);
  };

  /* An iframe or panel that changes size must not leave Leaflet with a stale map size. */
  App.prototype.followContainerSize = function () {
    if (!window.ResizeObserver) return;
    var map = this.map;
    new ResizeObserver(function () { map.invalidateSize({ debounceMoveend: true }); }).observe(map.getContainer());
  };

  /* The printed map has another size: fit the whole map to it before the page is laid out. */
  App.prototype.followPrint = function () {
    var app = this;
    function fit() { app.map.invalidateSize({ animate: false }); app.resetView(); }
    window.addEventListener("beforeprint", fit);
    window.addEventListener("afterprint", fit);
    if (window.matchMedia) window.matchMedia("print").addEventListener("change", fit);
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
