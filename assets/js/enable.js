/* Runs first, before the page is drawn: marks that JavaScript is on, so styles
   that only make sense with scripts (one view at a time) apply without a flash. */
document.documentElement.className = document.documentElement.className.replace(/\bno-js\b/, "") + " js-enabled";
/* index.html?afdrukken is the blank print view of all werkbladen: data-blanco
   tells the styles to show every werkblad and the answer script
   (antwoorden.js) to read and save nothing, so no stored answer shows. */
if (/^\?afdrukken\b/.test(location.search)) document.documentElement.setAttribute("data-blanco", "");
