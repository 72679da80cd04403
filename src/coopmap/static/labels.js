/* coopmap: names on the map. Partner names where they fit, placed greedily by priority (the open partner
   first, then partners with more agreements, then in the list's order) beside their marker, never over
   another label, a marker or a control; more fit as the reader zooms in. Country names of the offline
   basemap come after, from the zoom where each country has room. Labels are pictures of what the markers
   already say: hidden from assistive technology, never a Tab stop, never in the way of the pointer. */
(function (coopmap) {
  "use strict";

  var App = coopmap.App, u = coopmap.util;
  var el = u.el;
  var GAP = 16;        // px from a marker's centre to its label: clear of its 24 px box and margin
  var MARGIN = 3;      // px kept free around each label
  var MAX_CHARS = 32;  // longer names are cut with « … » (the marker and the list carry the whole name)

  App.prototype.drawLabels = function () {
    if (!this.data.labels) return;
    var app = this, map = this.map;
    var pane = map.createPane("cm-labels");
    pane.style.zIndex = 450;  // above the territories, under the markers and popups
    pane.setAttribute("aria-hidden", "true");
    this.labelPane = pane;
    map.on("zoomstart", function () { pane.style.visibility = "hidden"; });
    map.on("resize", function () { app.labelCache = null; });  // narrow screens may size text otherwise
    map.on("zoomend moveend resize", function () { pane.style.visibility = ""; app.scheduleLabels(); });
    // After the popup's own handlers: the open partner is known then.
    map.on("popupopen popupclose", function () { app.scheduleLabels(); });
  };

  /* Labels are placed once per frame, just before it is painted, however many changes asked for it (a
     search that zooms and opens a popup asks three times). */
  App.prototype.scheduleLabels = function () {
    var app = this;
    if (!this.labelPane || this.labelFrame) return;
    this.labelFrame = requestAnimationFrame(function () {
      app.labelFrame = null;
      app.layoutLabels();
    });
  };

  /* The partners to name, most important first; the open one heads the list. */
  App.prototype.labelOrder = function () {
    var app = this, open = this.openPopup && this.openPopup._source;
    var selected = open && open.partnerIndex !== undefined ? open.partnerIndex : null;
    // Those drawn and listed, in the list's order (as ties stay): from the markers drawn, not all the shown.
    if (!this.shown || !this.order) return { order: [], selected: selected };
    var rank = this.listRank();
    var order = this.markers.drawnPartners().filter(function (i) { return i !== selected && app.visible[i]; });
    order.sort(function (a, b) {
      return app.partners[b].agreements.length - app.partners[a].agreements.length || rank[a] - rank[b];
    });
    if (selected !== null && this.markers.element(selected)) order.unshift(selected);
    return { order: order, selected: selected };
  };

  /* A label's text: long names cut with « … ». */
  function labelName(p) {
    return p.name.length > MAX_CHARS ? p.name.slice(0, MAX_CHARS - 1).trim() + "…" : p.name;
  }

  /* Sizes of labels by class, language and text, measured together: all added at once and read in one
     layout, rather than one layout per label (a size depends on nothing else; a resize forgets them). */
  App.prototype.labelSizes = function (wanted) {
    var cache = this.labelCache || (this.labelCache = {}), pane = this.labelPane, fresh = [], seen = {};
    wanted.forEach(function (w) {
      if (cache[w.key] || seen[w.key]) return;
      seen[w.key] = true;
      var node = w.make();
      pane.appendChild(node);
      fresh.push({ key: w.key, node: node });
    });
    fresh.forEach(function (f) { cache[f.key] = [f.node.offsetWidth, f.node.offsetHeight]; });
    fresh.forEach(function (f) { pane.removeChild(f.node); });
    return cache;
  };

  /* Each partner's place in the list's order (its names sorted), made once. */
  App.prototype.listRank = function () {
    if (!this.listRanks) {
      var rank = this.listRanks = new Int32Array(this.partners.length);
      this.order.forEach(function (i, k) { rank[i] = k; });
    }
    return this.listRanks;
  };

  /* Place every label anew: few enough to redo on each move, and the only way to stay collision-free.
     Everything is read first (the markers' and controls' boxes, the labels' sizes), then written. */
  App.prototype.layoutLabels = function () {
    var pane = this.labelPane;
    if (!pane || !this.markers) return;
    pane.textContent = "";
    var map = this.map, container = map.getContainer(), frame = container.getBoundingClientRect();
    var size = map.getSize(), zoom = map.getZoom();
    var taken = [];
    function rect(node) {
      var r = node.getBoundingClientRect();
      return [r.left - frame.left, r.top - frame.top, r.right - frame.left, r.bottom - frame.top];
    }
    container.querySelectorAll(".cm-marker, .cm-cluster, .leaflet-control").forEach(function (node) {
      var r = rect(node);
      if (r[2] > r[0]) taken.push(r);
    });
    function free(box) {
      if (box[0] < MARGIN || box[1] < MARGIN || box[2] > size.x - MARGIN || box[3] > size.y - MARGIN) return false;
      return !taken.some(function (t) {
        return box[0] < t[2] + MARGIN && box[2] + MARGIN > t[0] && box[1] < t[3] + MARGIN && box[3] + MARGIN > t[1];
      });
    }
    function put(node, box) {
      var origin = map.containerPointToLayerPoint([box[0], box[1]]);
      L.DomUtil.setPosition(node, origin);
      taken.push(box);
    }
    var app = this, picked = this.labelOrder(), budget = Math.max(4, Math.round(3 * Math.pow(2, zoom - 1)));
    var lang = this.dataLang().lang || "";
    var partners = picked.order.map(function (i) {
      var p = app.partners[i], name = labelName(p), cls = "cm-label" + (p.ended ? " cm-label-ended" : "");
      return { i: i, p: p, name: name, cls: cls, marker: rect(app.markers.element(i)), key: cls + "|" + lang + "|" + name,
        make: function () { return el("div", app.dataLang({ class: cls }), name); } };
    });
    var countries = this.countryLabels(zoom);
    var sizes = this.labelSizes(partners.concat(countries));
    partners.forEach(function (c, k) {
      if (pane.childElementCount >= budget && c.i !== picked.selected) return;
      var x = (c.marker[0] + c.marker[2]) / 2, y = (c.marker[1] + c.marker[3]) / 2;
      var w = sizes[c.key][0], h = sizes[c.key][1];
      var spots = [[x + GAP, y - h / 2], [x - GAP - w, y - h / 2], [x - w / 2, y - GAP - h], [x - w / 2, y + GAP]];
      var box = null;
      for (var s = 0; s < spots.length && !box; s++) {
        var b = [spots[s][0], spots[s][1], spots[s][0] + w, spots[s][1] + h];
        if (free(b)) box = b;
      }
      // The open partner is always named: beside its marker, over whatever else is there.
      if (!box && k === 0 && c.i === picked.selected) box = [spots[0][0], spots[0][1], spots[0][0] + w, spots[0][1] + h];
      if (!box) return;
      var node = c.make();
      node.dataset.partner = c.p.id;
      pane.appendChild(node);
      put(node, box);
    });
    countries.forEach(function (c) {
      var w = sizes[c.key][0], h = sizes[c.key][1];
      var box = [c.point.x - w / 2, c.point.y - h / 2, c.point.x + w / 2, c.point.y + h / 2];
      if (!free(box)) return;
      var node = c.make();
      pane.appendChild(node);
      put(node, box);
    });
  };

  /* Country names of the basemap in view from their zoom, largest countries first (placed after partners,
     where no partner label, marker or control is). */
  App.prototype.countryLabels = function (zoom) {
    var basemap = this.data.basemap;
    if (!basemap || !basemap.labels || this.data.tiles) return [];
    var map = this.map, bounds = map.getBounds();
    return basemap.labels.filter(function (label) {
      return zoom >= label[3] && bounds.contains([label[0], label[1]]);
    }).map(function (label) {
      return { point: map.latLngToContainerPoint([label[0], label[1]]), key: "cm-country-label||" + label[2],
        make: function () { return el("div", { class: "cm-country-label" }, label[2]); } };
    });
  };
})(window.coopmap);
