/* coopmap: polygons on canvas that cost only where the reader looks. Leaflet projects every vertex of
   every shape on a zoom, and twice when the view jumps (zoomend, then viewreset): 345,000 vertices on the
   12,000-partnership atlas, 100 ms of a search that zooms to its partner. Here a shape is projected once
   per view, and a shape far from the view only by its bounding box, its vertices when a move brings it
   near. Drawing, clipping and hit-testing are Leaflet's own. */
(function (coopmap) {
  "use strict";

  var NEAR = 1;  // a shape within one screen of the view (on every side) is projected in full

  /* The view and a screen round it, worked out once per view for all the shapes. */
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
      if (!this._cmFar) { L.Polygon.prototype._project.call(this); return; }
      // Far: its box alone, so that clipping leaves it out and a later move knows when it comes near.
      this._rings = [];
      this._rawPxBounds = L.bounds(map.latLngToLayerPoint(this._bounds.getNorthWest()),
        map.latLngToLayerPoint(this._bounds.getSouthEast()));
      this._updateBounds();
    },

    _update: function () {
      if (this._map && this._cmFar && this._renderer._bounds && this._pxBounds.intersects(this._renderer._bounds)) {
        this._cmFar = false;
        L.Polygon.prototype._project.call(this);
      }
      L.Polygon.prototype._update.call(this);
    },

    // A shape with neither stroke nor fill (a territory filtered out) is not traced on the canvas at all.
    _updatePath: function () {
      if (this.options.stroke || this.options.fill) L.Polygon.prototype._updatePath.call(this);
    }
  });

  coopmap.shape = function (latlngs, options) { return new Shape(latlngs, options); };
})(window.coopmap);
