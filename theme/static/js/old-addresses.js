// Old WordPress links by number (?p=123, ?page_id=45) lead on to the post's
// address here (plugins/redirects). The list of numbers is loaded only when
// the address holds one, and only an address of this site is ever followed.
(function () {
  "use strict";
  var match = /^\?(p|page_id)=([0-9]{1,20})(?:&|$)/.exec(window.location.search);
  var me = document.currentScript;
  if (!match || !me) return;
  var list = new URL(me.getAttribute("data-addresses"), document.baseURI);
  var root = new URL(".", list);
  var script = document.createElement("script");
  script.src = list.href;
  script.onload = function () {
    var known = window.OLD_ADDRESSES || {};
    var key = match[1] + "=" + match[2];
    var path = Object.prototype.hasOwnProperty.call(known, key) && known[key];
    if (typeof path !== "string") return;
    var target = new URL(path, root);
    if (target.origin === window.location.origin) window.location.replace(target.href);
  };
  document.head.appendChild(script);
})();
