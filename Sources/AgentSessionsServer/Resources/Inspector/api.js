placeholder api.js
