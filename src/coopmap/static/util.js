/* coopmap: helpers of the page, free of Leaflet state: decoding shapes, text, DOM nodes, icons, arcs.
   Every text that comes from the data reaches the page through textContent, never as HTML. */
(function () {
  "use strict";

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
    fullscreen: "M3 7V3h4M13 3h4v4M17 13v4h-4M7 17H3v-4",
    zoomIn: "M10 4v12M4 10h12",
    zoomOut: "M4 10h12",
    keys: "M2 6h16v9H2zM5 9h1M8 9h1M11 9h1M14 9h1M6 12h8"
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

  /* WCAG's relative luminance and contrast ratio of "#rrggbb" colours. */
  function luminance(hex) {
    var c = [1, 3, 5].map(function (k) {
      var v = parseInt(hex.slice(k, k + 2), 16) / 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  /* The colour darkened just enough to stand out (3:1, WCAG 1.4.11) from every background given. */
  function outline(hex, backgrounds) {
    var rgb = [1, 3, 5].map(function (k) { return parseInt(hex.slice(k, k + 2), 16); });
    for (var f = 1; f >= 0; f -= 0.02) {
      var out = "#" + rgb.map(function (v) { return ("0" + Math.round(v * f).toString(16)).slice(-2); }).join("");
      if (backgrounds.every(function (b) { return contrast(out, b) >= 3; })) return out;
    }
    return "#000000";
  }

  function reducedMotion() {
    return Boolean(window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  /* Leaflet's options, without zoom and fade animations for people who asked for less motion. */
  function mapOptions(options) {
    if (!reducedMotion()) return options;
    return Object.assign({}, options, { zoomAnimation: false, fadeAnimation: false, markerZoomAnimation: false });
  }

  window.coopmap = {
    util: { decodeShape: decodeShape, fold: fold, format: format, el: el, icon: icon, geodesic: geodesic,
      contrast: contrast, outline: outline, reducedMotion: reducedMotion },
    fold: fold,
    geodesic: geodesic,
    mapOptions: mapOptions
  };
})();
