placeholder format.js
