/* coopmap: the French side of each partnership, when the CSV's `home` column names several collectivities:
   their points and shapes, a filter by collectivity, the search by its name, popups (each agreement) and
   list entries that name it, and links that start at each agreement's own home (thinned when too many). */
(function (coopmap) {
  "use strict";

  // Above this many visible partnerships, links are drawn only for one chosen collectivity (or a search).
  var ARC_LIMIT = 400;
  // Above this many collectivities, a text field narrows the filter's list.
  var FIND_FROM = 12;
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

  /* The home of an agreement, or null (one home for the whole map, or none). */
  App.prototype.homeOf = function (a) {
    return this.manyHomes() && a.home !== null && a.home !== undefined ? this.data.homes[a.home] : null;
  };

  App.prototype.homeName = function (a) {
    var home = this.homeOf(a);
    return home ? home.name : null;
  };

  /* The distinct homes of a partner's agreements, in their order. */
  App.prototype.homesOf = function (p) {
    var seen = {}, out = [];
    if (!this.manyHomes()) return out;
    p.agreements.forEach(function (a) {
      if (a.home !== null && a.home !== undefined && !seen[a.home]) { seen[a.home] = true; out.push(a.home); }
    });
    return out;
  };

  /* Where a partner's links start: the home of each of its shown agreements, else the map's single home. */
  App.prototype.homePoints = function (p) {
    var app = this;
    if (!this.manyHomes()) return [this.data.home.point];
    var seen = {}, out = [];
    p.agreements.forEach(function (a) {
      if (a.home === null || a.home === undefined || seen[a.home] || !app.agreementPasses(a)) return;
      seen[a.home] = true;
      out.push(app.data.homes[a.home].point);
    });
    return out;
  };

  /* What the search looks in: the partner's name, and its homes' names. */
  App.prototype.searchText = function (p) {
    var homes = this.data.homes;
    return [p.name].concat(this.homesOf(p).map(function (h) { return [homes[h].name].concat(homes[h].also).join(" | "); }))
      .join(" | ");
  };

  /* Which partners a search matches: the text as typed in a name, or a home written with its kind word
     (« Département de l'Isère »). Found once per query, for every partner (a filter change reuses them). */
  App.prototype.searchHits = function (query) {
    if (this.lastSearch && this.lastSearch.query === query) return this.lastSearch.hits;
    var folded = this.folded, n = folded.length, hits = new Uint8Array(n);
    for (var i = 0; i < n; i++) hits[i] = folded[i].indexOf(query) !== -1 ? 1 : 0;
    var homes = this.homeHits(query);
    if (homes) {
      for (var j = 0; j < n; j++) {
        if (hits[j]) continue;
        var own = this.partnerHomes[j];
        for (var k = 0; k < own.length && !hits[j]; k++) hits[j] = homes[own[k]];
      }
    }
    this.lastSearch = { query: query, hits: hits };
    return hits;
  };

  /* Each home's names with each of its kind words, squeezed; each partner's homes. Made once (with the
     search's other texts, as the page opens), not at the first key. */
  App.prototype.indexHomes = function () {
    this.homeSearch = this.data.homes.map(function (h) {
      var names = [h.name].concat(h.also);
      var words = (KIND_WORDS[h.kind] || "").split(" ");
      return names.map(function (n) {
        return words.map(function (w) { return squeeze(w + " " + n); }).join(" | ");
      }).join(" | ");
    });
    this.partnerHomes = this.partners.map(this.homesOf, this);
  };

  /* The homes whose name, with one of their kind words, holds the query once squeezed; null for none. */
  App.prototype.homeHits = function (query) {
    var squeezed = squeeze(query);
    if (!this.manyHomes() || !squeezed) return null;
    if (!this.homeSearch) this.indexHomes();
    var any = false, hits = new Uint8Array(this.homeSearch.length);
    for (var h = 0; h < hits.length; h++) if (this.homeSearch[h].indexOf(squeezed) !== -1) { hits[h] = 1; any = true; }
    return any ? hits : null;
  };

  App.prototype.matchesHome = function (a) {
    return this.state.home === undefined || this.state.home === null || a.home === this.state.home;
  };

  App.prototype.drawHomes = function () {
    if (!this.manyHomes()) return;
    var app = this, scale = this.data.scale;
    var renderer = L.canvas({ padding: 0.2 });
    var style = { color: "#1d232b", weight: 1.5, fillColor: this.data.homeColor || "#3b3f46", fillOpacity: 0.55,
      renderer: renderer };
    this.homeLayer = L.layerGroup().addTo(this.map);
    this.data.homes.forEach(function (home, h) {
      var layer = home.shape.length ? coopmap.shape(u.decodeShape(home.shape, scale), style)
        : coopmap.dot(home.point, Object.assign({ radius: 4 }, style));
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
    this.partners.forEach(function (p) {
      p.agreements.forEach(function (a) { if (a.home !== null && a.home !== undefined) counts[a.home] += 1; });
    });
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

  /* A list entry names its French side: « Avec Lyon, Grenoble ». */
  App.prototype.homeLine = function (p, item) {
    var homes = this.data.homes, names = this.homesOf(p).map(function (h) { return homes[h].name; });
    if (!names.length) return;
    var parts = this.s.home_line.split("{home}");
    var line = el("p", { class: "cm-facts cm-home-side" });
    line.appendChild(document.createTextNode(parts[0]));
    line.appendChild(el("span", this.dataLang(), names.join(", ")));
    line.appendChild(document.createTextNode(parts[1]));
    item.appendChild(line);
  };

})(window.coopmap);
