/* coopmap: polygons on canvas that cost only where the reader looks. Leaflet projects every vertex of
   every shape on a zoom, and twice when the view jumps (zoomend, then viewreset), then clips and
   simplifies every shape in view again at each move: 345,000 vertices on the 12,000-partnership atlas.
   Here a shape is projected once per view (below zoom 6, only its vertices half a pixel apart), a shape
   far from the view only by its bounding box (its vertices when a move brings it near), and a shape wholly
   inside the canvas is not clipped and keeps its simplified outline from one move to the next until the
   zoom changes. Drawing and hit-testing are Leaflet's own. */
(function (coopmap) {
  "use strict";

  var NEAR = 0.25;  // a shape within a quarter screen of the view (on every side) is projected in full

  var R = L.Projection.SphericalMercator.R, MAX_LATITUDE = L.Projection.SphericalMercator.MAX_LATITUDE;
  var D = Math.PI / 180, A = 0.5 / (Math.PI * R);

  // From this zoom a pixel is finer than the boundaries' own detail (0.02°): every vertex is drawn.
  var FULL_FROM = 6;
  var HALF_PIXEL = 360 / 256 / 2;  // half a pixel at zoom 0, in degrees of longitude

  /* A ring without the vertices closer than tolerance (degrees of longitude, narrowed by the cosine of the
     latitude, as Mercator stretches the map there) to the last one kept; its first and last stay. */
  function thin(latlngs, tolerance) {
    if (latlngs.length && !(latlngs[0] instanceof L.LatLng)) {
      return latlngs.map(function (ring) { return thin(ring, tolerance); });
    }
    if (latlngs.length < 4) return latlngs;
    var last = latlngs[0], out = [last], t = tolerance * Math.cos(last.lat * D);
    for (var i = 1; i < latlngs.length - 1; i++) {
      var p = latlngs[i], dx = p.lng - last.lng, dy = p.lat - last.lat;
      if (dx * dx + dy * dy < t * t) continue;
      out.push(p);
      last = p;
      t = tolerance * Math.cos(last.lat * D);
    }
    out.push(latlngs[latlngs.length - 1]);
    return out.length >= 4 ? out : latlngs.slice(0, 4);
  }

  /* The view and its margin (NEAR), worked out once per view for all the shapes. */
  function near(map, at) {
    if (!map._cmNear || map._cmNear.at !== at) map._cmNear = { at: at, bounds: map.getBounds().pad(NEAR) };
    return map._cmNear.bounds;
  }

  var Shape = L.Polygon.extend({
    _project: function () {
      var map = this._map, origin = map.getPixelOrigin();
      var at = map.getZoom() + ":" + origin.x + ":" + origin.y;
      if (this._cmAt === at && this._cmLatlngs === this._latlngs) return;  // projected for this view already
      this._cmAt = at;
      this._cmLatlngs = this._latlngs;
      this._cmFar = this._bounds.isValid() && !near(map, at).intersects(this._bounds);
      if (!this._cmFar) { this._projectAll(); return; }
      // Far: its box alone, so that clipping leaves it out and a later move knows when it comes near.
      this._cmProjection = (this._cmProjection || 0) + 1;
      this._rings = [];
      this._rawPxBounds = L.bounds(map.latLngToLayerPoint(this._bounds.getNorthWest()),
        map.latLngToLayerPoint(this._bounds.getSouthEast()));
      this._updateBounds();
    },

    /* Leaflet's own arithmetic for Web Mercator (SphericalMercator, then EPSG:3857's transformation, then
       rounding and the pixel origin), in the same order so the same pixels, with one Point per vertex
       rather than three, and the ring's box taken at the end. Another CRS goes Leaflet's way. */
    _projectLatlngs: function (latlngs, result, projectedBounds) {
      var map = this._map;
      if (map.options.crs !== L.CRS.EPSG3857) {
        L.Polygon.prototype._projectLatlngs.call(this, latlngs, result, projectedBounds);
        return;
      }
      if (latlngs.length && !(latlngs[0] instanceof L.LatLng)) {
        for (var k = 0; k < latlngs.length; k++) this._projectLatlngs(latlngs[k], result, projectedBounds);
        return;
      }
      var scale = map.options.crs.scale(map.getZoom()), origin = map.getPixelOrigin();
      var ring = new Array(latlngs.length), minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
      for (var i = 0; i < latlngs.length; i++) {
        var ll = latlngs[i], lat = Math.max(Math.min(MAX_LATITUDE, ll.lat), -MAX_LATITUDE), sin = Math.sin(lat * D);
        var x = Math.round(scale * (A * (R * ll.lng * D) + 0.5)) - origin.x;
        var y = Math.round(scale * (-A * (R * Math.log((1 + sin) / (1 - sin)) / 2) + 0.5)) - origin.y;
        ring[i] = new L.Point(x, y);
        if (x < minX) minX = x;
        if (x > maxX) maxX = x;
        if (y < minY) minY = y;
        if (y > maxY) maxY = y;
      }
      if (latlngs.length) {
        projectedBounds.extend(new L.Point(minX, minY));
        projectedBounds.extend(new L.Point(maxX, maxY));
      }
      result.push(ring);
    },

    /* Leaflet's _project, over the vertices that show at this zoom. */
    _projectAll: function () {
      this._cmProjection = (this._cmProjection || 0) + 1;
      var pxBounds = new L.Bounds();
      this._rings = [];
      this._projectLatlngs(this._latlngsAt(this._map.getZoom()), this._rings, pxBounds);
      if (this._bounds.isValid() && pxBounds.isValid()) {
        this._rawPxBounds = pxBounds;
        this._updateBounds();
      }
    },

    /* Below FULL_FROM, the vertices half a pixel apart or more (made once per zoom): a world view needs a
       tenth of them, and Leaflet would drop the others when it simplifies anyway. */
    _latlngsAt: function (zoom) {
      if (zoom >= FULL_FROM) return this._latlngs;
      if (!this._cmByZoom || this._cmByZoom.of !== this._latlngs) this._cmByZoom = { of: this._latlngs };
      var key = "z" + zoom;
      if (!this._cmByZoom[key]) this._cmByZoom[key] = thin(this._latlngs, HALF_PIXEL / Math.pow(2, zoom));
      return this._cmByZoom[key];
    },

    _update: function () {
      if (!this._map) return;
      var canvas = this._renderer._bounds;
      if (this._cmFar && canvas && this._pxBounds.intersects(canvas)) {
        this._cmFar = false;
        this._projectAll();
      }
      // Wholly inside the canvas: the simplified outline of the same projection is the same as last time.
      var whole = this._cmWhole = this._inside(canvas);
      if (whole && this._cmParts && this._cmPartsOf === this._cmProjection) {
        this._parts = this._cmParts;
        this._updatePath();
        return;
      }
      L.Polygon.prototype._update.call(this);
      this._cmParts = whole ? this._parts : null;
      this._cmPartsOf = this._cmProjection;
    },

    /* Inside the canvas and its stroke's margin, where Leaflet's clip would keep every vertex as it is. */
    _inside: function (canvas) {
      var w = this.options.weight;
      return Boolean(canvas && this._pxBounds && !this._cmFar &&
        L.bounds(canvas.min.subtract([w, w]), canvas.max.add([w, w])).contains(this._pxBounds));
    },

    // A shape wholly inside is not clipped: its rings as they are (a copy: simplifying replaces the parts).
    _clipPoints: function () {
      if (this._cmWhole) this._parts = this._rings.slice();
      else L.Polygon.prototype._clipPoints.call(this);
    },

    /* Drawn from a Path2D made once per outline, so that a filter change redraws the canvas without walking
       a vertex; filled and stroked as Leaflet's canvas does. A shape with neither stroke nor fill (a
       territory filtered out) is not drawn at all. */
    _updatePath: function () {
      var renderer = this._renderer, o = this.options, parts = this._parts;
      if (!(o.stroke || o.fill) || !renderer._drawing || !parts.length) return;
      if (this._cmTraced !== parts) {
        this._cmPath = trace(parts);
        this._cmTraced = parts;
      }
      var ctx = renderer._ctx;
      if (o.fill) {
        ctx.globalAlpha = o.fillOpacity;
        ctx.fillStyle = o.fillColor || o.color;
        ctx.fill(this._cmPath, o.fillRule || "evenodd");
      }
      if (o.stroke && o.weight !== 0) {
        ctx.setLineDash(o._dashArray || []);
        ctx.globalAlpha = o.opacity;
        ctx.lineWidth = o.weight;
        ctx.strokeStyle = o.color;
        ctx.lineCap = o.lineCap;
        ctx.lineJoin = o.lineJoin;
        ctx.stroke(this._cmPath);
      }
    }
  });

  /* The closed rings of a polygon's parts as one Path2D. */
  function trace(parts) {
    var path = new Path2D();
    for (var i = 0; i < parts.length; i++) {
      for (var j = 0; j < parts[i].length; j++) {
        if (j) path.lineTo(parts[i][j].x, parts[i][j].y);
        else path.moveTo(parts[i][j].x, parts[i][j].y);
      }
      path.closePath();
    }
    return path;
  }

  /* A point drawn as a circle (a commune home: thousands on the atlas), projected once per view too. */
  var Dot = L.CircleMarker.extend({
    _project: function () {
      var map = this._map, origin = map.getPixelOrigin();
      var at = map.getZoom() + ":" + origin.x + ":" + origin.y;
      if (this._cmAt === at && this._cmLatlng === this._latlng && this._cmRadius === this._radius) return;
      this._cmAt = at;
      this._cmLatlng = this._latlng;
      this._cmRadius = this._radius;
      L.CircleMarker.prototype._project.call(this);
    }
  });

  coopmap.shape = function (latlngs, options) { return new Shape(latlngs, options); };
  coopmap.dot = function (latlng, options) { return new Dot(latlng, options); };
})(window.coopmap);
