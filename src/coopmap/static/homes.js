/* coopmap: the French side of each partnership, when the CSV's `home` column names several collectivities:
   their points and shapes, a filter by collectivity, the search by its name, popups and list entries that
   name it, and links that start at each partnership's own home (thinned when too many to read). */
(function (coopmap) {
  "use strict";

  // Above this many visible partnerships, links are drawn only for one chosen collectivity (or a search).
  var ARC_LIMIT = 400;
  // Above this many collectivities, a text field narrows the filter's list.
  var FIND_FROM = 12;
  var SHARED_SHOWN = 12;
  var KIND_WORDS = { commune: "ville commune mairie", departement: "departement conseil departemental",
    region: "region conseil regional" };
  var CONNECTORS = { de: 1, du: 1, des: 1, la: 1, le: 1, les: 1, l: 1, d: 1, et: 1 };
  var App = coopmap.App, u = coopmap.util;
  var el = u.el, format = u.format, fold = u.fold;

  /* Folded, without punctuation nor « de », « du », « l' »…: « Département de l'Isère » -> « departement isere ». */
  function squeeze(text) {
    return fold(text).split(/[^a-z0-9]+/).filter(function (w) { return w && !CONNECTORS[w]; }).join(" ");
  }

  App.prototype.manyHomes = function () { return this.data.homes.length > 1; };

  App.prototype.homeOf = function (p) {
    return this.manyHomes() && p.home !== null && p.home !== undefined ? this.data.homes[p.home] : null;
  };

  App.prototype.homeName = function (p) {
    var home = this.homeOf(p);
    return home ? home.name : null;
  };

  /* Where a partnership's link starts: its own home, else the map's single home. */
  App.prototype.homePoint = function (p) {
    var home = this.homeOf(p);
    return home ? home.point : this.data.home.point;
  };

  /* What the search looks in: the partner's name, and its home's names. */
  App.prototype.searchText = function (p) {
    var home = this.homeOf(p);
    return home ? [p.name, home.name].concat(home.also).join(" | ") : p.name;
  };

  /* A search hit: the text as typed, or a home written with its kind word (« Département de l'Isère »). */
  App.prototype.searchHit = function (index, query) {
    if (this.folded[index].indexOf(query) !== -1) return true;
    var home = this.homeOf(this.partners[index]);
    if (!home) return false;
    if (!this.homeSearch) {
      this.homeSearch = this.data.homes.map(function (h) {
        var names = [h.name].concat(h.also);
        var words = (KIND_WORDS[h.kind] || "").split(" ");
        return names.map(function (n) {
          return words.map(function (w) { return squeeze(w + " " + n); }).join(" | ");
        }).join(" | ");
      });
    }
    var squeezed = squeeze(query);
    return squeezed.length > 0 && this.homeSearch[this.partners[index].home].indexOf(squeezed) !== -1;
  };

  App.prototype.matchesHome = function (p) {
    return this.state.home === undefined || this.state.home === null || p.home === this.state.home;
  };

  App.prototype.drawHomes = function () {
    if (!this.manyHomes()) return;
    var app = this, scale = this.data.scale;
    var renderer = L.canvas({ padding: 0.2 });
    var style = { color: "#1d232b", weight: 1.5, fillColor: this.data.homeColor || "#3b3f46", fillOpacity: 0.55,
      renderer: renderer };
    this.homeLayer = L.layerGroup().addTo(this.map);
    this.data.homes.forEach(function (home, h) {
      var layer = home.shape.length ? L.polygon(u.decodeShape(home.shape, scale), style)
        : L.circleMarker(home.point, Object.assign({ radius: 4 }, style));
      layer.bindTooltip(el("span", app.dataLang(), home.name));
      layer.on("click", function () { app.chooseHome(h); });
      app.homeLayer.addLayer(layer);
    });
  };

  /* The filter: a native select (its own type-ahead, read by every screen reader), each collectivity
     with its number of partnerships; a text field narrows the list when it is long. */
  App.prototype.buildHomeFilter = function () {
    var select = document.getElementById("cm-home-filter");
    if (!select || !this.manyHomes()) return;
    var app = this, s = this.s, homes = this.data.homes;
    var counts = homes.map(function () { return 0; });
    this.partners.forEach(function (p) { if (p.home !== null) counts[p.home] += 1; });
    var collator = new Intl.Collator(this.data.lang, { sensitivity: "base" });
    var order = homes.map(function (_, h) { return h; });
    order.sort(function (a, b) { return collator.compare(homes[a].name, homes[b].name) || a - b; });
    var labels = homes.map(function (home, h) { return home.name + " (" + counts[h] + ")"; });
    var keys = homes.map(function (home) { return fold([home.name].concat(home.also).join(" | ")); });
    this.state.home = null;
    function fill(query) {
      var chosen = select.value;
      select.textContent = "";
      select.appendChild(el("option", { value: "" }, format(s.homes_all, { n: homes.length })));
      order.forEach(function (h) {
        if (query && keys[h].indexOf(query) === -1 && String(h) !== chosen) return;
        select.appendChild(el("option", app.dataLang({ value: String(h) }), labels[h]));
      });
      select.value = chosen;
    }
    fill("");
    select.addEventListener("change", function () {
      app.state.home = select.value === "" ? null : Number(select.value);
      app.apply();
      app.announceCounter();
    });
    var find = document.getElementById("cm-home-find");
    if (homes.length < FIND_FROM) { find.hidden = true; return; }
    find.addEventListener("input", function () { fill(fold(find.value)); });
    this.homeSelect = select;
  };

  /* Clicking a home on the map chooses it in the filter. */
  App.prototype.chooseHome = function (h) {
    var select = document.getElementById("cm-home-filter");
    if (!select) return;
    if (!select.querySelector('option[value="' + h + '"]')) {
      select.appendChild(el("option", this.dataLang({ value: String(h) }), this.data.homes[h].name));
    }
    select.value = String(h);
    select.dispatchEvent(new Event("change"));
  };

  /* The links drawn: every visible located partnership, or with many homes and more than ARC_LIMIT of
     them, none until a collectivity is chosen or a search narrows them (a note says so). */
  App.prototype.arcPartners = function () {
    var app = this, drawn = [];
    this.partners.forEach(function (p, i) { if (app.visible[i] && p.marker) drawn.push(i); });
    var note = document.getElementById("cm-arcs-note");
    var thinned = this.manyHomes() && drawn.length > ARC_LIMIT;
    if (note) {
      note.hidden = !thinned;
      note.textContent = thinned ? format(this.s.arcs_thinned, { n: drawn.length }) : "";
    }
    return thinned ? [] : drawn;
  };

  /* A list entry names its French side. */
  App.prototype.homeLine = function (p, item) {
    var name = this.homeName(p);
    if (name === null) return;
    var parts = this.s.home_line.split("{home}");
    var line = el("p", { class: "cm-facts cm-home-side" });
    line.appendChild(document.createTextNode(parts[0]));
    line.appendChild(el("span", this.dataLang(), name));
    line.appendChild(document.createTextNode(parts[1]));
    item.appendChild(line);
  };

  /* A partner several collectivities are linked to is one place: its popup lists each relationship. */
  App.prototype.sharedWith = function (p, root) {
    if (!this.manyHomes() || !p.marker) return;
    var app = this, data = this.data;
    if (!this.places) {
      this.places = {};
      this.partners.forEach(function (q, i) {
        if (!q.marker || q.home === null) return;
        var key = q.marker.join(",");
        (app.places[key] = app.places[key] || []).push(i);
      });
    }
    var group = this.places[p.marker.join(",")] || [];
    var homes = {};
    group.forEach(function (i) { homes[app.partners[i].home] = true; });
    var n = Object.keys(homes).length;
    if (n < 2) return;
    root.appendChild(el("p", { class: "cm-shared" }, format(this.s.shared, { n: n })));
    var list = el("ul", { class: "cm-shared-list" });
    group.slice(0, SHARED_SHOWN).forEach(function (i) {
      var q = app.partners[i];
      list.appendChild(el("li", app.dataLang(), format(app.s.shared_item, { home: data.homes[q.home].name,
        type: data.types[q.type].label, year: q.year === null ? app.s.date_unknown : q.year })));
    });
    if (group.length > SHARED_SHOWN) list.appendChild(el("li", {}, "…"));
    root.appendChild(list);
  };

})(window.coopmap);
