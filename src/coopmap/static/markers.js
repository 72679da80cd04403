/* coopmap: the partners' markers. Few: one marker each. Many: a supercluster index of the shown partners,
   and only what lies in view drawn as DOM, each cluster a real button that zooms in (or fans out its
   partners at the last zoom). The App talks to it through setVisible, reveal, element and shownCount. */
(function (coopmap) {
  "use strict";

  var u = coopmap.util;
  var RADIUS = 40;  // px: partners closer than this at a zoom form one cluster
  var PAD = 0.25;   // draw a quarter of a screen beyond each edge, so short pans show no gaps

  /* A Leaflet icon that is a <button>: focusable, Enter and Space click it, as any button. */
  var ButtonIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var button = old && old.tagName === "BUTTON" ? old : document.createElement("button");
      button.type = "button";
      button.textContent = this.options.text;
      this._setIconStyles(button, "icon");
      return button;
    }
  });

  /* A cluster's key: where it is and how many it holds (its id changes with each index). */
  function clusterKey(feature) {
    return "c" + feature.geometry.coordinates.join(",") + ":" + feature.properties.point_count;
  }

  function Markers(app, cluster) {
    this.app = app;
    this.map = app.map;
    this.cluster = cluster && typeof Supercluster === "function";
    this.layer = L.layerGroup().addTo(this.map);
    this.cache = {};      // partner index -> its marker (created when first drawn)
    this.drawn = {};      // key ("p12", "c345") -> the marker or cluster drawn now
    this.visible = [];    // the shown partners that have a point
    this.spider = null;   // a cluster fanned out at the last zoom: its id and partners
    this.offsets = cluster ? {} : app.markerOffsets();
    this.features = app.partners.map(function (p, i) {
      return p.marker ? { type: "Feature", properties: { i: i }, geometry: { type: "Point", coordinates: [p.marker[1], p.marker[0]] } } : null;
    });
    this.located = this.features.filter(Boolean).length;
    this.map.on("moveend", this.render, this);
    this.map.on("zoomstart", function () { this.spider = null; }, this);
    // Escape on a fanned-out partner folds them back into their cluster (a popup open takes Escape first:
    // captured here before Leaflet's own handler closes it).
    var self = this;
    this.map.getContainer().addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !self.app.openPopup && self.spreadHolds(document.activeElement)) self.fold();
    }, true);
  }

  /* Whether a node is the marker of one of the fanned-out partners. */
  Markers.prototype.spreadHolds = function (node) {
    var drawn = this.drawn;
    return Boolean(this.spider) && this.spider.leaves.some(function (i) {
      return drawn["p" + i] && drawn["p" + i].getElement() === node;
    });
  };

  /* Fold fanned-out partners back into their cluster, and give it the focus. */
  Markers.prototype.fold = function () {
    var id = this.spider.id;
    this.spider = null;
    this.render();
    var drawn = this.drawn, key = Object.keys(drawn).find(function (k) {
      return drawn[k].cmFeature && drawn[k].cmFeature.properties.cluster_id === id;
    });
    if (key) drawn[key].getElement().focus({ preventScroll: true });
  };

  /* Show these partners (indexes into app.partners) and only them. */
  Markers.prototype.setVisible = function (indexes) {
    var features = this.features, visible = indexes.filter(function (i) { return features[i]; });
    var same = this.visible.length === visible.length && visible.every(function (i, k) { return this.visible[k] === i; }, this);
    if (same && (this.index || !this.cluster)) return;  // a search letter or a timeline step that changed nothing
    this.visible = visible;
    this.spider = null;
    if (this.cluster) {
      // A cluster is known by its place and count, not by its id in the index: those the change left as
      // they were stay drawn (render gives them the new index's feature).
      // The index of every partner, the page's usual state (opened, a search cleared, a filter undone), is kept.
      var all = visible.length === this.located;
      this.index = all && this.allIndex ? this.allIndex : this.makeIndex(visible);
      if (all) this.allIndex = this.index;
    } else {
      this.shownSet = {};
      var set = this.shownSet;
      this.visible.forEach(function (i) { set[i] = true; });
    }
    this.render();
  };

  Markers.prototype.makeIndex = function (indexes) {
    var features = this.features;
    var index = new Supercluster({ radius: RADIUS, maxZoom: this.map.getMaxZoom(), minZoom: this.map.getMinZoom() });
    return index.load(indexes.map(function (i) { return features[i]; }));
  };

  Markers.prototype.shownCount = function () { return this.visible.length; };

  /* The DOM node of a partner's marker, if it is drawn now (not inside a cluster, not out of view). */
  Markers.prototype.element = function (index) {
    var marker = this.drawn["p" + index];
    return marker ? marker.getElement() : null;
  };

  /* The partners whose marker is drawn now (a few hundred at most, whatever the number shown). */
  Markers.prototype.drawnPartners = function () {
    var drawn = this.drawn;
    return Object.keys(drawn).filter(function (key) { return key.charAt(0) === "p" && drawn[key].getElement(); })
      .map(function (key) { return Number(key.slice(1)); });
  };

  /* What to draw now: markers and clusters in view (with a margin), fanned-out partners in place of their cluster. */
  Markers.prototype.items = function () {
    var app = this.app, items = [];
    if (!this.cluster) {
      var offsets = this.offsets;
      return this.visible.map(function (i) { return { key: "p" + i, index: i, shift: offsets[i] || null }; });
    }
    var bounds = this.map.getBounds().pad(PAD), zoom = this.map.getZoom();
    var west = bounds.getWest(), east = bounds.getEast();
    if (east - west >= 360) { west = -180; east = 180; }
    var bbox = [Math.max(-180, west), Math.max(-85, bounds.getSouth()), Math.min(180, east), Math.min(85, bounds.getNorth())];
    var spider = this.spider;
    this.index.getClusters(bbox, zoom).forEach(function (f) {
      var props = f.properties;
      if (!props.cluster) { items.push({ key: "p" + props.i, index: props.i, shift: null }); return; }
      if (spider && spider.id === props.cluster_id) {
        spider.leaves.forEach(function (i, k) { items.push({ key: "p" + i, index: i, shift: spider.shifts[k] }); });
        return;
      }
      items.push({ key: clusterKey(f), feature: f });
    });
    // Tab goes through them in reading order: north to south, then west to east.
    items.sort(function (a, b) {
      var pa = a.feature ? [a.feature.geometry.coordinates[1], a.feature.geometry.coordinates[0]] : app.partners[a.index].marker;
      var pb = b.feature ? [b.feature.geometry.coordinates[1], b.feature.geometry.coordinates[0]] : app.partners[b.index].marker;
      return pb[0] - pa[0] || pa[1] - pb[1];
    });
    return items;
  };

  /* Draw what is in view: only what changed is added or removed. A marker whose popup is open stays. */
  Markers.prototype.render = function () {
    if (!this.index && this.cluster) return;
    var self = this, next = {}, drawn = this.drawn;
    var items = this.items();
    items.forEach(function (item) { next[item.key] = item; });
    var open = this.app.openPopup && this.app.openPopup._source;
    var focused = document.activeElement, lostFocus = false;
    Object.keys(drawn).forEach(function (key) {
      var layer = drawn[key], item = next[key];
      var same = item && (item.feature ? true : String(layer.cmShift) === String(item.shift));
      if (same && item.feature) self.renew(layer, item.feature);
      if (same || layer === open) { delete next[key]; return; }
      if (layer.getElement() && layer.getElement() === focused) lostFocus = true;
      self.layer.removeLayer(layer);
      delete drawn[key];
    });
    items.forEach(function (item) {
      if (!next[item.key]) return;
      var layer = item.feature ? self.clusterMarker(item.feature) : self.partnerMarker(item.index, item.shift);
      drawn[item.key] = layer;
      self.layer.addLayer(layer);
    });
    if (lostFocus) this.map.getContainer().focus({ preventScroll: true });
  };

  /* A partner's marker, made once for each place it is drawn at (its point, or shifted to fan out). */
  Markers.prototype.partnerMarker = function (index, shift) {
    var key = index + ":" + String(shift);
    if (!this.cache[key]) {
      this.cache[key] = this.app.partnerMarker(index, shift || [0, 0]);
      this.cache[key].cmShift = shift;
    }
    return this.cache[key];
  };

  /* « 204 partenaires — zoomer »: a button; at the last zoom it fans its partners out instead. */
  Markers.prototype.clusterMarker = function (feature) {
    var self = this, n = feature.properties.point_count;
    var last = this.index.getClusterExpansionZoom(feature.properties.cluster_id) > this.map.getMaxZoom();
    var size = n < 10 ? 30 : n < 100 ? 36 : n < 1000 ? 42 : 48;
    var latlng = [feature.geometry.coordinates[1], feature.geometry.coordinates[0]];
    var icon = new ButtonIcon({ className: "cm-cluster cm-cluster-" + size, iconSize: [size, size], text: String(n) });
    var marker = L.marker(latlng, { icon: icon, keyboard: false, riseOnHover: true });
    var label = u.format(this.app.s[last ? "cluster_spread" : "cluster_zoom"], { n: n });
    marker.cmFeature = feature;
    marker.on("add", function () {
      var node = marker.getElement();
      node.setAttribute("aria-label", label);
      node.title = label;
      node.dataset.cluster = String(marker.cmFeature.properties.cluster_id);
      // The button's own Enter and Space are its click: Leaflet must not turn Enter's keypress into a second one.
      L.DomEvent.on(node, "keypress", L.DomEvent.stopPropagation);
    });
    marker.on("click", function () { self.open(marker.cmFeature, last); });
    return marker;
  };

  /* A drawn cluster kept through a new index: the same partners at the same place, under the index's new id. */
  Markers.prototype.renew = function (marker, feature) {
    marker.cmFeature = feature;
    if (marker.getElement()) marker.getElement().dataset.cluster = String(feature.properties.cluster_id);
  };

  /* Zoom into a cluster, then put the focus on the first marker or cluster where it was (reading order). */
  Markers.prototype.open = function (feature, last) {
    var id = feature.properties.cluster_id, self = this;
    var fromKeyboard = document.activeElement && document.activeElement.dataset && document.activeElement.dataset.cluster === String(id);
    if (last) {
      this.spread(feature);
    } else {
      var children = this.index.getChildren(id);
      var bounds = L.latLngBounds(children.map(function (c) { return [c.geometry.coordinates[1], c.geometry.coordinates[0]]; }));
      this.map.setView(bounds.getCenter(), this.index.getClusterExpansionZoom(id), { animate: false });
      this.render();
    }
    if (!fromKeyboard) return;
    var keys = last ? this.spider.leaves.map(function (i) { return "p" + i; }) : this.index.getChildren(id).map(function (c) {
      return c.properties.cluster ? clusterKey(c) : "p" + c.properties.i;
    });
    var view = this.map.getBounds();
    var held = this.items().filter(function (item) { return keys.indexOf(item.key) !== -1 && self.drawn[item.key]; });
    var first = held.find(function (item) { return view.contains(self.drawn[item.key].getLatLng()); }) || held[0];
    if (first) this.drawn[first.key].getElement().focus({ preventScroll: true });
  };

  /* At the last zoom, a cluster's partners fan out round it on rings of 24 px markers. */
  Markers.prototype.spread = function (feature) {
    var leaves = this.index.getLeaves(feature.properties.cluster_id, Infinity).map(function (f) { return f.properties.i; });
    leaves.sort(function (a, b) { return a - b; });
    var center = this.map.latLngToContainerPoint([feature.geometry.coordinates[1], feature.geometry.coordinates[0]]);
    var shifts = [], ring = 1, k = 0;
    while (k < leaves.length) {
      var radius = 28 * ring, room = Math.floor((2 * Math.PI * radius) / 28);
      for (var j = 0; j < room && k < leaves.length; j++, k++) {
        var angle = (2 * Math.PI * j) / Math.min(room, leaves.length - (k - j)) - Math.PI / 2;
        shifts.push([Math.round(radius * Math.cos(angle)), Math.round(radius * Math.sin(angle))]);
      }
      ring += 1;
    }
    // Points' own positions differ a little: anchor each at the cluster's centre.
    var map = this.map;
    shifts = shifts.map(function (s, n) {
      var own = map.latLngToContainerPoint(this.app.partners[leaves[n]].marker);
      return [Math.round(center.x - own.x + s[0]), Math.round(center.y - own.y + s[1])];
    }, this);
    this.spider = { id: feature.properties.cluster_id, leaves: leaves, shifts: shifts };
    this.render();
  };

  /* Bring a partner's marker on the map (zooming until no cluster holds it, fanning out at the last zoom)
     and call done(marker). */
  Markers.prototype.reveal = function (index, target, done) {
    var map = this.map, p = this.app.partners[index];
    if (!this.features[index] || this.visible.indexOf(index) === -1) return false;
    var maxZoom = Math.min(7, map.getMaxZoom());
    target = target || L.latLngBounds([p.marker, p.marker]);
    var zoom = target ? Math.min(map.getBoundsZoom(target, false, L.point(60, 60)), maxZoom) : maxZoom;
    if (this.cluster) {
      var lon = p.marker[1], lat = p.marker[0], e = 1e-9;
      var alone = function (z) {
        return this.index.getClusters([lon - e, lat - e, lon + e, lat + e], z).some(function (f) {
          return !f.properties.cluster && f.properties.i === index;
        });
      }.bind(this);
      while (zoom < map.getMaxZoom() && !alone(zoom)) zoom += 1;
      map.setView(p.marker, zoom, { animate: false });
      if (!alone(zoom)) {
        var holder = this.holder(index, zoom);
        if (holder) this.spread(holder);
      }
    } else {
      map.fitBounds(target, { maxZoom: maxZoom, padding: [30, 30], animate: false });
    }
    this.render();
    var marker = this.drawn["p" + index];
    if (marker) done(marker);
    return Boolean(marker);
  };

  /* The cluster that holds a partner at a zoom (near its point, within the clustering radius). */
  Markers.prototype.holder = function (index, zoom) {
    var p = this.app.partners[index], index_ = this.index;
    var degrees = (RADIUS * 2 * 360) / (256 * Math.pow(2, zoom));
    var bbox = [p.marker[1] - degrees, Math.max(-85, p.marker[0] - degrees), p.marker[1] + degrees, Math.min(85, p.marker[0] + degrees)];
    return index_.getClusters(bbox, zoom).find(function (f) {
      return f.properties.cluster && index_.getLeaves(f.properties.cluster_id, Infinity).some(function (l) { return l.properties.i === index; });
    });
  };

  coopmap.Markers = Markers;
})(window.coopmap);
