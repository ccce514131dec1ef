placeholder dom.js
