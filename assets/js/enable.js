/* Runs first, before the page is drawn: marks that JavaScript is on, so styles
   that only make sense with scripts (one view at a time) apply without a flash. */
document.documentElement.className = document.documentElement.className.replace(/\bno-js\b/, "") + " js-enabled";
