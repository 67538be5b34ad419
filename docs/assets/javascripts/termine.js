/* Keeps "upcoming" true by the reader's clock on a page built some time ago.
 *
 * The pages are right as of the build without this script. Each date carries
 * data-nr-ends (the moment it is over, ISO 8601 with offset) and data-nr-start. Dates
 * that have ended since the build move from "Kommende Termine" to "Vergangene Termine"
 * (newest first, under their month), are dropped from the home page's next dates
 * (spare ones fill up), and are greyed out in the month tables. Nothing else changes.
 */
(function () {
  "use strict";

  var now = Date.now();

  function time(element, name) {
    var value = Date.parse(element.getAttribute(name));
    return isNaN(value) ? null : value;
  }

  function isOver(element) {
    var ends = time(element, "data-nr-ends");
    return ends !== null && ends <= now;
  }

  function items(container) {
    return Array.prototype.slice.call(container.querySelectorAll("li[data-nr-ends]"));
  }

  function showEmptyNote(section) {
    var note = section.querySelector("[data-nr-empty]");
    if (note) note.hidden = section.querySelector("li[data-nr-ends]:not([hidden])") !== null;
  }

  // The past section's group for a month ("2024-02"), made like the upcoming one if
  // missing; groups are newest first, and "YYYY-MM" keys compare as text.
  function pastGroup(past, upcomingGroup) {
    var key = upcomingGroup.getAttribute("data-nr-month");
    var groups = past.querySelectorAll("[data-nr-month]");
    var before = null;
    for (var i = 0; i < groups.length; i++) {
      var other = groups[i].getAttribute("data-nr-month");
      if (other === key) return groups[i];
      if (other < key) { before = groups[i]; break; }
    }
    var group = upcomingGroup.cloneNode(false);
    group.appendChild(upcomingGroup.querySelector(".nr-month__title").cloneNode(true));
    group.appendChild(document.createElement("ul")).className = "nr-dates";
    past.insertBefore(group, before);
    return group;
  }

  // Newest first within a month.
  function insertNewestFirst(list, item) {
    var start = time(item, "data-nr-start");
    var siblings = list.children;
    for (var i = 0; i < siblings.length; i++) {
      if (time(siblings[i], "data-nr-start") < start) {
        list.insertBefore(item, siblings[i]);
        return;
      }
    }
    list.appendChild(item);
  }

  function updateCalendar(upcoming, past) {
    items(upcoming).filter(isOver).forEach(function (item) {
      var group = item.closest("[data-nr-month]");
      insertNewestFirst(pastGroup(past, group).querySelector("ul"), item);
      if (!group.querySelector("li")) group.parentNode.removeChild(group);
    });
    showEmptyNote(upcoming);
    showEmptyNote(past);
  }

  function updateNextDates(section) {
    var wanted = parseInt(section.getAttribute("data-nr-count"), 10) || 3;
    items(section).forEach(function (item) {
      if (isOver(item)) item.parentNode.removeChild(item);
    });
    items(section).forEach(function (item, index) {
      item.hidden = index >= wanted;
    });
    showEmptyNote(section);
  }

  function run() {
    var upcoming = document.querySelector("[data-nr-upcoming]");
    var past = document.querySelector("[data-nr-past]");
    if (upcoming && past) updateCalendar(upcoming, past);
    var next = document.querySelector("[data-nr-next-dates]");
    if (next) updateNextDates(next);
    Array.prototype.forEach.call(document.querySelectorAll(".nr-grid__entry[data-nr-ends]"), function (entry) {
      if (isOver(entry)) entry.classList.add("nr-past");
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
