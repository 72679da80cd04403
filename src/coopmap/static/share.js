/* coopmap: links to a partner and to a view. The URL fragment names the open partner by its CSV id and,
   optionally, the filters: #erevan&type=SLUG&sector=SLUG&year=2017&q=TEXT&mode=all. Its values are data:
   compared with the known ids and slugs only, never written into HTML nor used as selectors. */
(function (coopmap) {
  "use strict";

  var App = coopmap.App, u = coopmap.util;
  var el = u.el, format = u.format, fold = u.fold;

  function decode(text) {
    try { return decodeURIComponent(text.replace(/\+/g, " ")); } catch (e) { return null; }
  }

  /* "#erevan&year=2017" -> { id: "erevan", params: URLSearchParams }; the id is the one part with no "=". */
  function parseFragment(hash) {
    var parts = String(hash || "").replace(/^#/, "").split("&");
    var id = null, rest = [];
    parts.forEach(function (part, k) {
      if (!part) return;
      if (k === 0 && part.indexOf("=") === -1) id = decode(part);
      else rest.push(part);
    });
    return { id: id, params: new URLSearchParams(rest.join("&")) };
  }

  App.prototype.shareLinks = function () {
    var app = this, data = this.data;
    this.ids = new Map();  // every agreement's id -> its partner; a Map, so "__proto__" is just a key
    this.partners.forEach(function (p, i) {
      app.ids.set(p.id, i);
      p.agreements.forEach(function (a) { if (!app.ids.has(a.id)) app.ids.set(a.id, i); });
    });
    this.typeSlugs = new Map(data.types.map(function (t, i) { return [t.slug, i]; }));
    this.sectorSlugs = new Map(data.sectorSlugs.map(function (slug, i) { return [slug, i]; }));
    this.readLink(location.hash, null);
    this.linkReady = true;
    this.writeLink();
    window.addEventListener("hashchange", function () {
      if (location.hash === app.writtenHash) return;
      // The page's own anchors (the skip link, the summary's link to the list) are no view: leave it be.
      var link = parseFragment(location.hash);
      if (link.id !== null && !app.ids.has(link.id) && !Array.from(link.params.keys()).length) return;
      // Someone followed a link within the page: the popup it names takes the focus, given back on close.
      var origin = document.activeElement && document.activeElement !== document.body ? document.activeElement
        : app.map.getContainer();
      app.readLink(location.hash, origin);
      app.writeLink();
    });
    this.map.on("popupopen popupclose", function () { setTimeout(function () { app.writeLink(); }, 0); });
  };

  /* Put the page in the state a fragment names; whatever is not known is ignored. */
  App.prototype.readLink = function (hash, origin) {
    var link = parseFragment(hash), params = link.params, st = this.state, app = this;
    function pick(name, slugs, states, prefix) {
      Object.keys(states).forEach(function (k) { states[k] = false; });
      params.getAll(name).forEach(function (slug) {
        if (slugs.has(slug)) states[slugs.get(slug)] = true;
      });
      slugs.forEach(function (i) {
        var box = document.getElementById(prefix(i));
        if (box) box.checked = Boolean(states[i]);
      });
    }
    pick("type", this.typeSlugs, st.types, function (i) { return "cm-type-" + i + "-filter"; });
    var sectors = params.getAll("sector");
    st.noSector = sectors.indexOf("none") !== -1 && Boolean(document.getElementById("cm-sector-none"));
    var none = document.getElementById("cm-sector-none");
    if (none) none.checked = st.noSector;
    pick("sector", this.sectorSlugs, st.sectors, function (i) { return "cm-sector-" + i; });
    var year = Number(params.get("year"));
    st.year = this.maxYear;
    if (this.yearRange && /^\d{1,4}$/.test(params.get("year") || "") && year >= this.minYear && year <= this.maxYear) {
      st.year = year;
    }
    if (this.yearRange) {
      this.yearRange.value = st.year;
      document.getElementById("cm-year-out").textContent = st.year;
    }
    if (this.hasEnds) {
      st.mode = params.get("mode") === "all" ? "all" : "current";
      document.querySelectorAll('input[name="cm-mode"]').forEach(function (radio) {
        radio.checked = radio.value === st.mode;
      });
    }
    var query = params.get("q") || "";
    var input = document.getElementById("cm-search-input");
    input.value = query.slice(0, 200);
    st.query = fold(input.value);
    this.apply();
    var index = link.id !== null && this.ids.has(link.id) ? this.ids.get(link.id) : null;
    if (index === null) {
      if (this.openPopup) this.map.closePopup();
      return;
    }
    if (!app.visible[index]) {  // named, but the filters of the same link leave it out: show it anyway
      st.query = "";
      input.value = "";
      this.apply();
    }
    this.openPartner(index, null, origin);
  };

  /* The fragment for the current state: the open partner, then what differs from the defaults. */
  App.prototype.currentLink = function () {
    var st = this.state, data = this.data, parts = [];
    var source = this.openPopup && this.openPopup._source;
    if (source && source.partnerIndex !== undefined) parts.push(encodeURIComponent(this.partners[source.partnerIndex].id));
    Object.keys(st.types).forEach(function (i) { if (st.types[i]) parts.push("type=" + encodeURIComponent(data.types[i].slug)); });
    Object.keys(st.sectors).forEach(function (i) {
      if (st.sectors[i]) parts.push("sector=" + encodeURIComponent(data.sectorSlugs[i]));
    });
    if (st.noSector) parts.push("sector=none");
    if (this.yearRange && st.year !== this.maxYear) parts.push("year=" + st.year);
    var query = document.getElementById("cm-search-input").value.trim();
    if (query && st.query) parts.push("q=" + encodeURIComponent(query));
    if (this.hasEnds && st.mode === "all") parts.push("mode=all");
    return parts.join("&");
  };

  /* Keep the address in step without adding history entries (a slider drag is one entry, not twenty). */
  App.prototype.writeLink = function () {
    if (!this.linkReady) return;
    var fragment = this.currentLink();
    var hash = fragment ? "#" + fragment : "";
    if (hash === location.hash) return;
    this.writtenHash = hash;
    try {
      history.replaceState(history.state, "", hash || location.pathname + location.search);
    } catch (e) { /* a sandboxed frame may refuse: the page works the same */ }
  };

  /* The address of a partner's popup, for « Copier le lien ». */
  App.prototype.partnerLink = function (p) {
    return location.href.split("#")[0] + "#" + encodeURIComponent(p.id);
  };

  /* A real button; the clipboard when the browser lets us, else a selected read-only field to copy from. */
  App.prototype.copyButton = function (p) {
    var app = this, s = this.s;
    var wrap = el("p", { class: "cm-share" });
    var button = el("button", { type: "button", class: "cm-copy", "aria-label": format(s.copy_link_of, { name: p.name }) },
      s.copy_link);
    button.addEventListener("click", function (event) {
      event.stopPropagation();
      var url = app.partnerLink(p);
      var done = function () { app.announce(format(s.link_copied, { url: url })); };
      var fallback = function () { app.showLinkField(wrap, url); };
      if (navigator.clipboard && window.isSecureContext !== false) {
        navigator.clipboard.writeText(url).then(done, fallback);
      } else {
        fallback();
      }
    });
    wrap.appendChild(button);
    return wrap;
  };

  App.prototype.showLinkField = function (wrap, url) {
    var s = this.s;
    var field = wrap.querySelector("input");
    if (!field) {
      var label = el("label", { class: "cm-link-field" });
      label.appendChild(el("span", {}, s.link_field));
      field = el("input", { type: "text", readonly: "" });
      label.appendChild(field);
      wrap.appendChild(label);
    }
    field.value = url;
    field.focus();
    field.select();
    var copied = false;
    try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
    this.announce(format(copied ? s.link_copied : s.link_select, { url: url }));
  };

  coopmap.parseFragment = parseFragment;
})(window.coopmap);
